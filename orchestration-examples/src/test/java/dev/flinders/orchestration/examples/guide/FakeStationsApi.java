package dev.flinders.orchestration.examples.guide;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A local stand-in for the stations API of {@link MetroStations}, for a MockWebServer: it wants the
 * key in {@code X-Api-Key} (401 otherwise), answers {@code HEAD} and {@code GET} of {@code
 * /v1/metro/stations} with the published answer and its ETag, and 304 to an {@code If-None-Match}
 * that names that ETag. It starts with the real stations of {@code
 * fixtures/metro-stations/stations.json} (see its SOURCE.md); a test publishes other answers or
 * scripts the next GET's response.
 */
final class FakeStationsApi extends Dispatcher {
  static final String PATH = "/v1/metro/stations";
  static final String STATIONS = fixture();

  private final String key;
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final Deque<MockResponse> scripted = new ArrayDeque<>();
  private volatile String body = STATIONS;
  private volatile String etag = "\"2025-12-12\"";

  FakeStationsApi(String key) {
    this.key = key;
  }

  private static String fixture() {
    try (InputStream in =
        FakeStationsApi.class.getResourceAsStream("/fixtures/metro-stations/stations.json")) {
      if (in == null) {
        throw new IllegalStateException("no fixture /fixtures/metro-stations/stations.json");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** From now on the API answers {@code body}, with ETag {@code etag}. */
  void publish(String body, String etag) {
    this.body = body;
    this.etag = etag;
  }

  /** The next GET gets {@code response}, whatever is published. */
  synchronized void scriptGet(MockResponse response) {
    scripted.add(response);
  }

  /** Each call received: method, path, and the If-None-Match it sent, if any. */
  List<String> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String ifNoneMatch = request.getHeaders().get("If-None-Match");
    calls.add(
        request.getMethod()
            + " "
            + request.getUrl().encodedPath()
            + (ifNoneMatch == null ? "" : " If-None-Match " + ifNoneMatch));
    if (!key.equals(request.getHeaders().get(MetroStations.KEY_HEADER))) {
      return json(401, "{\"message\": \"missing or invalid API key\"}");
    }
    if (!request.getUrl().encodedPath().equals(PATH)) {
      return json(404, "{\"message\": \"no such resource\"}");
    }
    if (request.getMethod().equals("GET")) {
      synchronized (this) {
        if (!scripted.isEmpty()) {
          return scripted.poll();
        }
      }
    }
    if (etag.equals(ifNoneMatch)) {
      return new MockResponse.Builder().code(304).addHeader("ETag", etag).build();
    }
    MockResponse.Builder answer =
        new MockResponse.Builder()
            .code(200)
            .addHeader("ETag", etag)
            .addHeader("Content-Type", "application/json; charset=utf-8");
    return request.getMethod().equals("HEAD") ? answer.build() : answer.body(body).build();
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }
}

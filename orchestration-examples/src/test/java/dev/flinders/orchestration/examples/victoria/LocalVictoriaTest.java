package dev.flinders.orchestration.examples.victoria;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stand-ins answer as the real services do where the pipeline depends on it: validators and
 * 304s, refused keys and signatures, the nested zip layout. The pipeline's own use of them is
 * {@code VictorianPipelineMainTest}.
 */
class LocalVictoriaTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static LocalVictoria local;

  @BeforeAll
  static void start() throws IOException {
    local = LocalVictoria.start(InstantSource.fixed(Instant.parse("2026-02-01T19:10:07Z")));
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  @Test
  void gtfsZip_isTransportVictoriasLayout_andAnswers304ToItsETag() throws Exception {
    HttpResponse<byte[]> zip = send(HttpRequest.newBuilder(uri(local.endpoints().gtfsSchedule())));

    assertThat(zip.statusCode()).isEqualTo(200);
    assertThat(entries(zip.body()))
        .containsExactly("2/google_transit.zip", "3/google_transit.zip", "4/google_transit.zip");
    String etag = zip.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> again =
        send(
            HttpRequest.newBuilder(uri(local.endpoints().gtfsSchedule()))
                .header("If-None-Match", etag));
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void newTimetable_changesOnlyItsModesInnerZip_andTheETag() throws Exception {
    try (LocalVictoria other = LocalVictoria.start(InstantSource.system())) {
      byte[] before = send(HttpRequest.newBuilder(uri(other.endpoints().gtfsSchedule()))).body();
      int tramTrips = other.timetableRows(3).get("trips.txt");

      other.publishTimetable(3);

      HttpResponse<byte[]> after =
          send(HttpRequest.newBuilder(uri(other.endpoints().gtfsSchedule())));
      assertThat(other.timetableRows(3)).containsEntry("trips.txt", tramTrips * 2);
      assertThat(inner(after.body(), "2/google_transit.zip"))
          .isEqualTo(inner(before, "2/google_transit.zip"));
      assertThat(inner(after.body(), "3/google_transit.zip"))
          .isNotEqualTo(inner(before, "3/google_transit.zip"));
    }
  }

  @Test
  void realtimeFeeds_wantTheKey() throws Exception {
    String url = local.endpoints().gtfsRealtime() + "/metro/trip-updates";

    HttpResponse<byte[]> refused =
        send(HttpRequest.newBuilder(uri(url)).header("KeyId", "not-the-key"));
    HttpResponse<byte[]> served =
        send(
            HttpRequest.newBuilder(uri(url))
                .header("KeyId", local.endpoints().realtimeKey().reveal()));

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(new String(refused.body(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"message\":\"Invalid key\"}");
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
    assertThat(served.body()).hasSizeGreaterThan(100);
  }

  @Test
  void ptv_refusesAnUnsignedOrWronglySignedRequest() throws Exception {
    String disruptions = local.endpoints().ptv() + "/v3/disruptions";

    HttpResponse<byte[]> unsigned = send(HttpRequest.newBuilder(uri(disruptions + "?devid=1")));
    HttpResponse<byte[]> wrong =
        send(
            HttpRequest.newBuilder(
                uri(
                    disruptions
                        + "?devid="
                        + local.endpoints().ptvDevid().reveal()
                        + "&signature=A719D44E60D504F26F1D60EE942F5C386D5AF4D5")));

    assertThat(unsigned.statusCode()).isEqualTo(403);
    assertThat(new String(unsigned.body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("the request has no signature");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(new String(wrong.body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("Signature does not match");
  }

  private static URI uri(String url) {
    return URI.create(url);
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static List<String> entries(byte[] zip) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        names.add(entry.getName());
      }
    }
    return names;
  }

  private static byte[] inner(byte[] zip, String name) throws IOException {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (entry.getName().equals(name)) {
          return in.readAllBytes();
        }
      }
    }
    throw new AssertionError("no entry " + name);
  }
}

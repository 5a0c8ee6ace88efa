package dev.flinders.orchestration.ptv;

import dev.flinders.orchestration.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** A response of status 200 with a JSON body, for fakes of {@code Http} in the fuzz tests. */
public final class JsonAnswer implements HttpResponse {
  private final String url;
  private final byte[] body;

  public JsonAnswer(String url, byte[] body) {
    this.url = url;
    this.body = body;
  }

  @Override
  public int status() {
    return 200;
  }

  @Override
  public Optional<String> header(String name) {
    return name.equalsIgnoreCase("Content-Type")
        ? Optional.of("application/json; charset=utf-8")
        : Optional.empty();
  }

  @Override
  public List<String> headers(String name) {
    return header(name).map(List::of).orElse(List.of());
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public InputStream body() {
    return new ByteArrayInputStream(body);
  }

  @Override
  public byte[] bytes() {
    return body.clone();
  }

  @Override
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {}
}

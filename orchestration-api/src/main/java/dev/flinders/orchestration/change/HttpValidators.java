package dev.flinders.orchestration.change;

import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** See {@link ChangeDetector#httpValidators(HttpRequest)}. */
final class HttpValidators implements ChangeDetector {
  static final String KIND = "http-validators";
  private static final String ETAG = "etag";
  private static final String LAST_MODIFIED = "lastModified";

  /** Each validator: the key of its value in a fingerprint, and the header that sends it back. */
  private static final Map<String, String> CONDITIONS =
      Map.of(ETAG, "If-None-Match", LAST_MODIFIED, "If-Modified-Since");

  private static final List<String> ORDER = List.of(ETAG, LAST_MODIFIED);

  private final HttpRequest request;

  HttpValidators(HttpRequest request) {
    this.request = request;
  }

  @Override
  public Fingerprint probe(ProbeContext context) {
    Optional<Fingerprint> previous = context.previous().filter(f -> f.kind().equals(KIND));
    HttpRequest.Builder conditional = request.toBuilder();
    StringBuilder key = new StringBuilder(KIND).append(' ').append(request.method());
    key.append(' ').append(request.url(true));
    String conditions = conditions(previous);
    for (String validator : ORDER) {
      String value = previous.map(f -> f.values().get(validator)).orElse(null);
      if (value != null) {
        conditional.header(CONDITIONS.get(validator), value);
      }
    }
    key.append(' ').append(conditions);
    HttpRequest sent = conditional.build();
    return context.sharedInRun(
        key.toString(),
        () -> {
          try (HttpResponse response = context.http().send(sent)) {
            if (response.notModified() && previous.isPresent()) {
              return previous.get();
            }
            return fingerprint(response);
          }
        });
  }

  private static Fingerprint fingerprint(HttpResponse response) {
    Map<String, String> values = new LinkedHashMap<>();
    response.header("ETag").ifPresent(etag -> values.put(ETAG, etag));
    response.header("Last-Modified").ifPresent(date -> values.put(LAST_MODIFIED, date));
    return Fingerprint.of(KIND, describe(values), values);
  }

  private static String describe(Map<String, String> values) {
    if (values.isEmpty()) {
      return "no ETag or Last-Modified";
    }
    StringBuilder text = new StringBuilder();
    if (values.containsKey(ETAG)) {
      text.append("ETag ").append(values.get(ETAG));
    }
    if (values.containsKey(LAST_MODIFIED)) {
      text.append(text.length() > 0 ? ", " : "")
          .append("Last-Modified ")
          .append(values.get(LAST_MODIFIED));
    }
    return text.toString();
  }

  @Override
  public boolean changed(Fingerprint previous, Fingerprint current) {
    return current.values().isEmpty() || !previous.equals(current);
  }

  /** The conditional headers a probe sends, e.g. {@code If-None-Match "abc"}; empty if none. */
  private static String conditions(Optional<Fingerprint> previous) {
    StringBuilder conditions = new StringBuilder();
    for (String validator : ORDER) {
      String value = previous.map(f -> f.values().get(validator)).orElse(null);
      if (value != null) {
        conditions.append(conditions.length() > 0 ? ", " : "");
        conditions.append(CONDITIONS.get(validator)).append(' ').append(value);
      }
    }
    return conditions.toString();
  }

  @Override
  public String describe(Optional<Fingerprint> previous) {
    String conditions = conditions(previous.filter(f -> f.kind().equals(KIND)));
    return conditions.isEmpty()
        ? request + " for its ETag and Last-Modified"
        : "conditional " + request + " (" + conditions + ")";
  }

  @Override
  public String toString() {
    return "httpValidators(" + request + ")";
  }
}

package dev.flinders.orchestration.ptv.timetable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinders.orchestration.http.HttpStatusException;
import dev.flinders.orchestration.http.Secret;
import java.io.IOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The PTV Timetable API answered with an error status: its HTTP status, the endpoint, and the
 * {@code message} of PTV's error body ({@code {"message": "…", "status": {…}}}), or the start of
 * the body when it is not PTV's (a proxy's page). A 403 says that it most often means a wrong
 * signature, developer id or key, and how to check them; a 400 that the request itself is wrong.
 *
 * <p>It is an {@link HttpStatusException}, so retry policies treat it by status: a 5xx or 429 is
 * retried (honouring {@code Retry-After}), 400, 403 and 404 are not.
 */
public class PtvException extends HttpStatusException {
  private static final long serialVersionUID = 1L;

  private final String endpoint;
  private final String ptvMessage;

  private PtvException(
      String endpoint,
      String ptvMessage,
      String message,
      HttpStatusException failure,
      Secret apiKey,
      @Nullable Duration retryAfter) {
    super(
        failure.status(),
        failure.url(),
        message,
        apiKey.maskIn(failure.errorText()),
        apiKey.maskIn(failure.errorBody()),
        retryAfter);
    this.endpoint = endpoint;
    this.ptvMessage = ptvMessage;
  }

  /** The endpoint's path, e.g. {@code /v3/disruptions}. */
  public String endpoint() {
    return endpoint;
  }

  /**
   * The {@code message} of PTV's error body, or the start of the body when it has none; secrets
   * masked.
   */
  public String ptvMessage() {
    return ptvMessage;
  }

  /**
   * The exception for a call that failed with {@code failure}, read from PTV's error body where it
   * has one.
   *
   * @param apiKey the key the request was signed with: never sent, so the HTTP client does not know
   *     to mask it, but masked here should PTV quote it (the developer id and the signature are
   *     masked already)
   * @param credentials where the client's developer id and key came from, for the advice on a 403
   */
  static PtvException of(
      String endpoint, HttpStatusException failure, Secret apiKey, String credentials) {
    String ptvMessage = apiKey.maskIn(messageOf(failure));
    int status = failure.status();
    StringBuilder message =
        new StringBuilder("PTV Timetable API GET ")
            .append(endpoint)
            .append(" failed with HTTP ")
            .append(status)
            .append(": ")
            .append(ptvMessage);
    if (status == 403) {
      message
          .append(". A 403 from PTV most often means that the signature, the developer id or the")
          .append(" API key is wrong: check that ")
          .append(credentials)
          .append(" hold the developer id and the API key (the GUID) from PTV's email, unquoted")
          .append(" and not swapped, and that no proxy rewrites the URL, since the signature")
          .append(" covers its path and query exactly as sent");
    } else if (status == 400) {
      message
          .append(". PTV refused the request itself (an unknown route id or route type, a bad")
          .append(" parameter): fix the request; it is not retried");
    } else if (status == 404) {
      message
          .append(". Check that the base URL is PTV's API (")
          .append(PtvClient.PTV)
          .append(", or a proxy that forwards paths from /v3 on unchanged)");
    } else if (failure.isRetryable()) {
      message.append(". PTV or the network is struggling: the retry policy tries again");
    }
    message.append(" [GET ").append(failure.url()).append(']');
    return new PtvException(
        endpoint,
        ptvMessage,
        message.toString(),
        failure,
        apiKey,
        failure.retryAfter().orElse(null));
  }

  private static String messageOf(HttpStatusException failure) {
    try {
      JsonNode body = PtvClient.MAPPER.readTree(failure.errorBody());
      if (body != null && body.path("message").isTextual()) {
        String text = body.get("message").asText().strip();
        if (!text.isEmpty()) {
          return text;
        }
      }
    } catch (IOException notJson) {
      // a proxy's page or plain text: quoted as it came
    }
    return failure.errorText().isEmpty() ? "no explanation in the body" : failure.errorText();
  }
}

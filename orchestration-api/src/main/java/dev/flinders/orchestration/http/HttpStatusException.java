package dev.flinders.orchestration.http;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server answered with status 400 or more, or (for subclasses that read an API's own error
 * envelope, such as CKAN's {@code "success": false}) said in a 2xx answer that the call failed. 429
 * (too many requests) and 5xx are {@linkplain #isRetryable() retryable}; other statuses mean the
 * request itself is wrong and are never retried.
 */
public class HttpStatusException extends HttpException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String errorText;
  private final String errorBody;
  private final @Nullable Duration retryAfter;

  /**
   * @param method the request method
   * @param url the URL, secrets masked
   * @param status the status, 400 or more
   * @param errorText the start of the response body (the server's explanation), secrets masked
   * @param retryAfter how long the server asked to wait ({@code Retry-After}), or null
   */
  public HttpStatusException(
      String method, String url, int status, String errorText, @Nullable Duration retryAfter) {
    this(method, url, status, errorText, errorText, retryAfter);
  }

  /**
   * @param method the request method
   * @param url the URL, secrets masked
   * @param status the status, 400 or more
   * @param errorText the start of the response body (the server's explanation), secrets masked
   * @param errorBody the response body as the server sent it, up to a few KiB, secrets masked
   * @param retryAfter how long the server asked to wait ({@code Retry-After}), or null
   */
  public HttpStatusException(
      String method,
      String url,
      int status,
      String errorText,
      String errorBody,
      @Nullable Duration retryAfter) {
    this(
        status,
        url,
        message(method, url, status, errorText, retryAfter),
        errorText,
        errorBody,
        retryAfter);
  }

  /**
   * For subclasses that explain the failure in their own words, e.g. from a JSON error envelope.
   *
   * @param status the HTTP status of the answer (may be 2xx when the envelope says it failed)
   * @param url the URL, secrets masked
   * @param message the whole message, secrets masked
   * @param errorText the start of the response body, secrets masked
   * @param errorBody the response body, up to a few KiB, secrets masked
   * @param retryAfter how long the server asked to wait, or null
   */
  protected HttpStatusException(
      int status,
      String url,
      String message,
      String errorText,
      String errorBody,
      @Nullable Duration retryAfter) {
    super(url, message, null);
    this.status = status;
    this.errorText = errorText;
    this.errorBody = errorBody;
    this.retryAfter = retryAfter;
  }

  private static String message(
      String method, String url, int status, String errorText, @Nullable Duration retryAfter) {
    StringBuilder message =
        new StringBuilder(method).append(' ').append(url).append(" answered HTTP ").append(status);
    if (!errorText.isEmpty()) {
      message.append(": ").append(errorText);
    }
    if (retryAfter != null) {
      message.append(" (Retry-After ").append(retryAfter.toSeconds()).append(" s)");
    }
    return message.toString();
  }

  public int status() {
    return status;
  }

  /** The start of the response body, whitespace collapsed, secrets masked; may be empty. */
  public String errorText() {
    return errorText;
  }

  /**
   * The body of the error response as sent (not collapsed), up to the first 4 KiB, secrets masked:
   * for clients that parse a structured error, such as a JSON envelope.
   */
  public String errorBody() {
    return errorBody;
  }

  /** How long the server asked to wait before trying again, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Whether trying again later may succeed: 429 Too Many Requests and every 5xx. */
  public boolean isRetryable() {
    return status == 429 || status >= 500;
  }
}

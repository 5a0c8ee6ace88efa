package dev.flinders.orchestration;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why a component failed, in a form a program can act on: the exception's type, its message, the
 * root cause, and for a failed HTTP call its status and URL and the source's own error type (CKAN's
 * {@code __type}, e.g. {@code "Not Found Error"}). Kept in the history and the JSON report beside
 * the one-line {@link ComponentResult#error()} written for people. Every text has secrets masked.
 * Immutable.
 *
 * <pre>{@code
 * ErrorDetail failure = result.errorDetail();
 * if (failure != null && Integer.valueOf(403).equals(failure.httpStatus())) {
 *   alertKeyRefused(failure.url());
 * }
 * }</pre>
 *
 * @param type the fully qualified class name of the exception, e.g. {@code
 *     dev.flinders.orchestration.http.HttpStatusException}; {@code
 *     dev.flinders.orchestration.ComponentTimeoutException} for a timeout
 * @param message its message, on one line
 * @param cause the root cause's type and message, or null if it had none
 * @param httpStatus the status of the HTTP call that failed, or null if none answered
 * @param url the URL of the HTTP call that failed, or null if it was not an HTTP failure
 * @param sourceType the source's own type for the error, or null if it gave none
 */
public record ErrorDetail(
    String type,
    String message,
    @Nullable String cause,
    @Nullable Integer httpStatus,
    @Nullable String url,
    @Nullable String sourceType) {

  public ErrorDetail {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
  }

  /** A failure with no HTTP call or source type behind it. */
  public static ErrorDetail of(String type, String message) {
    return new ErrorDetail(type, message, null, null, null, null);
  }

  /** Whether the failure is an exception of {@code type} (by name, not subtypes). */
  public boolean is(Class<? extends Throwable> type) {
    return this.type.equals(type.getName());
  }
}

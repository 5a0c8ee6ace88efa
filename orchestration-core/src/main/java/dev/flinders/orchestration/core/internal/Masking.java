package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.http.HttpRequest;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the secrets of a request out of text and exceptions that come from elsewhere (the HTTP
 * client's messages quote URLs, servers echo parameters in error bodies), using {@link
 * HttpRequest#mask(String)}.
 */
final class Masking {
  private Masking() {}

  static String mask(HttpRequest request, @Nullable String text) {
    return text == null ? "" : request.mask(text);
  }

  /**
   * A copy of {@code failure} and its causes that quotes no secret: each becomes an {@link
   * IOException} whose message is the original type and masked message, with the original stack
   * trace.
   */
  static @Nullable Throwable mask(HttpRequest request, @Nullable Throwable failure) {
    if (failure == null) {
      return null;
    }
    Throwable cause = failure.getCause() == failure ? null : failure.getCause();
    IOException copy =
        new IOException(
            failure.getClass().getName()
                + (failure.getMessage() == null ? "" : ": " + mask(request, failure.getMessage())),
            mask(request, cause));
    copy.setStackTrace(failure.getStackTrace());
    return copy;
  }
}

package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.Secret;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the secrets of a request out of text and exceptions that come from elsewhere (the HTTP
 * client's messages quote URLs, servers echo parameters in error bodies). A secret is masked both
 * as it is and URL-encoded, the two forms in which it goes on the wire.
 */
final class Masking {
  private Masking() {}

  static String mask(HttpRequest request, @Nullable String text) {
    if (text == null) {
      return "";
    }
    String masked = text.replace(request.url(true), request.url());
    for (Secret secret : request.secrets()) {
      String value = secret.reveal();
      masked = masked.replace(value, Secret.MASK);
      String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
      if (!encoded.equals(value)) {
        masked =
            masked.replace(encoded, Secret.MASK).replace(encoded.replace("+", "%20"), Secret.MASK);
      }
    }
    return masked;
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

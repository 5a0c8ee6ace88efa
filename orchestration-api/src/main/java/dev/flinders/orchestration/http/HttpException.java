package dev.flinders.orchestration.http;

import dev.flinders.orchestration.FlindersException;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP call failed: on the network, with a body cut short, or (subclasses) with an error status
 * or a body over its limit. The message names the method and the URL with secrets masked; a cause
 * from the underlying client is kept with its secrets masked as well.
 */
public class HttpException extends FlindersException {
  private static final long serialVersionUID = 1L;

  private final String url;

  public HttpException(String url, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.url = url;
  }

  /**
   * The source's own name for this kind of error, if it gave one: CKAN's {@code __type} such as
   * {@code "Not Found Error"}. Empty here; exceptions of a source's client override it.
   */
  public java.util.Optional<String> errorType() {
    return java.util.Optional.empty();
  }

  /** The URL of the call, secrets masked. */
  public String url() {
    return url;
  }
}

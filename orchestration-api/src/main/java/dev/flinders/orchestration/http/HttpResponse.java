package dev.flinders.orchestration.http;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A response to an {@link HttpRequest}, with status 200–399. Its body is read once, through {@link
 * #body()}, {@link #bytes()} or {@link #text()}, and is limited to the request's {@link
 * HttpRequest#maxBodyBytes() size limit}: reading past it throws {@link HttpBodyTooLargeException}.
 * Close it when done (try-with-resources); closing twice is harmless.
 */
public interface HttpResponse extends AutoCloseable {
  /** The HTTP status, e.g. 200 or 304. */
  int status();

  /** Whether the server answered 304 Not Modified to a conditional request. */
  default boolean notModified() {
    return status() == 304;
  }

  /** The first value of the named header, compared without case. */
  Optional<String> header(String name);

  /** Every value of the named header, in order. */
  List<String> headers(String name);

  /** The request's URL, secrets masked. */
  String url();

  /** The body as a stream; counts bytes and enforces the size limit. Empty for HEAD and 304. */
  InputStream body();

  /** The whole body. */
  byte[] bytes();

  /** The whole body as text, in the charset the response declares (UTF-8 if none). */
  String text();

  @Override
  void close();
}

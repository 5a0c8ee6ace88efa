package dev.flinders.orchestration.http;

/** A response body is larger than the request's limit; nothing past the limit was read. */
public class HttpBodyTooLargeException extends HttpException {
  private static final long serialVersionUID = 1L;

  private final long limit;

  public HttpBodyTooLargeException(String method, String url, long limit) {
    super(
        url,
        method
            + " "
            + url
            + ": the response body is larger than the limit of "
            + limit
            + " bytes; raise it with HttpRequest.Builder.maxBodyBytes if the size is expected",
        null);
    this.limit = limit;
  }

  /** The limit, in bytes. */
  public long limit() {
    return limit;
  }
}

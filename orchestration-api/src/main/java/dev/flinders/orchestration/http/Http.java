package dev.flinders.orchestration.http;

/**
 * Sends HTTP requests for one attempt of a component, through the orchestrator's shared client. Get
 * it from {@code ComponentContext.http()}.
 *
 * <ul>
 *   <li>Every call ends by the attempt's deadline, and is cancelled (an in-flight socket read
 *       included) when the attempt times out or the run is cancelled: the call then throws {@link
 *       dev.flinders.orchestration.ComponentCancelledException}.
 *   <li>Responses with status 200–399 (304 included) are returned. A status of 400 or more throws
 *       {@link HttpStatusException} with the status and the body's error text; 429 and 5xx are
 *       retryable (the component's {@link dev.flinders.orchestration.RetryPolicy} retries the
 *       attempt, waiting at least as long as the response's {@code Retry-After} asks), other 4xx
 *       fail the component at once.
 *   <li>Response bodies are limited in size ({@link HttpRequest.Builder#maxBodyBytes}).
 *   <li>Each call is counted and timed; the totals per component are in the run report ({@link
 *       HttpUsage}).
 *   <li>A network failure or a truncated body throws {@link HttpException}, naming the URL with its
 *       secrets masked.
 * </ul>
 *
 * <p>Thread-safe: a task may send calls from several threads; they all belong to its attempt.
 */
public interface Http {
  /**
   * Sends the request and returns the response, whose body the caller must close (use
   * try-with-resources).
   *
   * @throws HttpStatusException if the status is 400 or more
   * @throws HttpException if the call fails on the network or its body is cut short
   * @throws dev.flinders.orchestration.ComponentCancelledException if the attempt was cancelled
   */
  HttpResponse send(HttpRequest request);

  /** Sends a GET for {@code url}, with no secrets; see {@link #send(HttpRequest)}. */
  default HttpResponse get(String url) {
    return send(HttpRequest.get(url).build());
  }
}

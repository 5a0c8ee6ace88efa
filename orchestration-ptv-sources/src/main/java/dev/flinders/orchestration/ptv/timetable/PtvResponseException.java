package dev.flinders.orchestration.ptv.timetable;

import dev.flinders.orchestration.http.HttpException;
import org.jspecify.annotations.Nullable;

/**
 * A PTV Timetable API answer that cannot be used: malformed JSON, a body without what the endpoint
 * returns (no {@code disruptions} object, a stop that is not an object), or a value of the wrong
 * type (a {@code from_date} that is not a time). The message names the endpoint, what was wrong and
 * where. Nothing read from that answer is committed; retry policies retry it, since a truncated or
 * garbled answer is often whole on the next attempt.
 */
public class PtvResponseException extends HttpException {
  private static final long serialVersionUID = 1L;

  /**
   * @param url the URL of the call, secrets masked
   * @param message what was wrong, where, and what to do
   * @param cause the parser's exception, or null
   */
  public PtvResponseException(String url, String message, @Nullable Throwable cause) {
    super(url, message, cause);
  }
}

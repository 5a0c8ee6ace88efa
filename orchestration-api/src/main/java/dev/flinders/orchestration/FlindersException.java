package dev.flinders.orchestration;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception Flinders throws. It is unchecked: callers catch it where they can act
 * on it, typically around building a pipeline or starting a run.
 */
public class FlindersException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FlindersException(String message) {
    super(message);
  }

  public FlindersException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

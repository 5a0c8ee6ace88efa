package dev.flinders.orchestration;

import java.time.Duration;

/**
 * The failure a retry policy sees when an attempt exceeded its component's timeout. A retry policy
 * that should not retry timeouts lists this type in {@link RetryPolicy.Builder#abortOn(Class[])}.
 */
public class ComponentTimeoutException extends FlindersException {
  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  public ComponentTimeoutException(String component, Duration timeout) {
    super("component \"" + component + "\" exceeded its timeout of " + Durations.format(timeout));
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }
}

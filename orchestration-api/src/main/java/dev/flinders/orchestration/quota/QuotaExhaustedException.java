package dev.flinders.orchestration.quota;

import dev.flinders.orchestration.FlindersException;

/**
 * A call was not sent because its provider's quota could not give it a permit: the day's budget is
 * used, or the next rate-limit permit comes after the component's deadline. The engine ends the
 * component {@code SKIPPED} with reason {@code QUOTA_EXHAUSTED}; it is never retried.
 */
public class QuotaExhaustedException extends FlindersException {
  private static final long serialVersionUID = 1L;

  private final String provider;

  public QuotaExhaustedException(String provider, String message) {
    super(message);
    this.provider = provider;
  }

  public String provider() {
    return provider;
  }
}

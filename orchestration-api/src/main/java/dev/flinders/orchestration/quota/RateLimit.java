package dev.flinders.orchestration.quota;

import dev.flinders.orchestration.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code calls} calls in any window of length {@code per} (a sliding window: no interval of
 * that length ever holds more).
 *
 * @param calls calls allowed per window, at least 1
 * @param per the window, positive
 */
public record RateLimit(int calls, Duration per) {
  public RateLimit {
    Objects.requireNonNull(per, "per");
    if (calls < 1) {
      throw new IllegalArgumentException("a rate limit allows at least 1 call, was " + calls);
    }
    if (per.isNegative() || per.isZero()) {
      throw new IllegalArgumentException(
          "a rate limit's window must be positive, was " + Durations.format(per));
    }
  }

  @Override
  public String toString() {
    return calls + " calls per " + Durations.format(per);
  }
}

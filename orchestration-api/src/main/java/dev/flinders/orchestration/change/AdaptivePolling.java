package dev.flinders.orchestration.change;

import dev.flinders.orchestration.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * Probes a source less often while it stays unchanged. Once the component's change detector has
 * found the source unchanged {@code after} times in a row, the component is probed at most every
 * {@code firstInterval}, doubling with each further unchanged probe up to {@code maxInterval}, even
 * if its schedule is due more often; the reason says so ({@code POLLING_BACKED_OFF}). The first
 * probe that finds a change returns it to its schedule. Forced runs are never held back.
 *
 * @param after unchanged probes in a row before polling backs off, at least 1
 * @param firstInterval the interval after backing off
 * @param maxInterval the longest interval
 */
public record AdaptivePolling(int after, Duration firstInterval, Duration maxInterval) {
  public AdaptivePolling {
    Objects.requireNonNull(firstInterval, "firstInterval");
    Objects.requireNonNull(maxInterval, "maxInterval");
    if (after < 1) {
      throw new IllegalArgumentException("after must be at least 1, was " + after);
    }
    if (firstInterval.isNegative() || firstInterval.isZero()) {
      throw new IllegalArgumentException(
          "firstInterval must be positive, was " + Durations.format(firstInterval));
    }
    if (maxInterval.compareTo(firstInterval) < 0) {
      throw new IllegalArgumentException(
          "maxInterval ("
              + Durations.format(maxInterval)
              + ") must not be shorter than firstInterval ("
              + Durations.format(firstInterval)
              + ")");
    }
  }

  /**
   * Backs off after {@code after} unchanged probes, starting at {@code firstInterval} and doubling
   * up to {@code maxInterval}.
   */
  public static AdaptivePolling after(int after, Duration firstInterval, Duration maxInterval) {
    return new AdaptivePolling(after, firstInterval, maxInterval);
  }

  /**
   * The interval between probes after {@code unchangedProbes} unchanged probes in a row, or zero if
   * polling has not backed off.
   */
  public Duration interval(int unchangedProbes) {
    if (unchangedProbes < after) {
      return Duration.ZERO;
    }
    int doublings = Math.min(unchangedProbes - after, 62);
    Duration interval = firstInterval;
    for (int i = 0; i < doublings && interval.compareTo(maxInterval) < 0; i++) {
      interval = interval.multipliedBy(2);
    }
    return interval.compareTo(maxInterval) > 0 ? maxInterval : interval;
  }

  @Override
  public String toString() {
    return "after "
        + after
        + " unchanged probes, every "
        + Durations.format(firstInterval)
        + " doubling up to "
        + Durations.format(maxInterval);
  }
}

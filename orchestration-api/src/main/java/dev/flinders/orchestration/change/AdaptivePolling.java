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
 * <p>With {@link #aroundUsualChange()}, polling also follows when the source usually changes, once
 * that is learnt from its change history (at least three changes, three quarters of them in one
 * window of the day, week or month, as {@code plan()} shows): inside that window, until the change
 * has been seen there, the component is probed on its schedule; outside it, at most every {@code
 * maxInterval} and again when the window next opens.
 *
 * @param after unchanged probes in a row before polling backs off, at least 1
 * @param firstInterval the interval after backing off
 * @param maxInterval the longest interval
 * @param followsUsualChange whether polling follows the source's usual change window once learnt
 */
public record AdaptivePolling(
    int after, Duration firstInterval, Duration maxInterval, boolean followsUsualChange) {
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

  /** Adaptive polling that does not follow the source's usual change window. */
  public AdaptivePolling(int after, Duration firstInterval, Duration maxInterval) {
    this(after, firstInterval, maxInterval, false);
  }

  /**
   * This polling, also following the source's usual change window once learnt: probed on its
   * schedule inside the window until the change is seen, at most every {@code maxInterval} and when
   * the window opens otherwise.
   */
  public AdaptivePolling aroundUsualChange() {
    return new AdaptivePolling(after, firstInterval, maxInterval, true);
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
        + Durations.format(maxInterval)
        + (followsUsualChange ? ", on schedule around its usual change" : "");
  }
}

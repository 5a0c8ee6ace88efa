package dev.flinders.orchestration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A limit on what a successful component may take or give: absolute (its duration, the heap after
 * it, its records) or relative to its own history (its duration against the median of its last
 * successes). A breach is an event, reported with the result and as an alert ({@code
 * THRESHOLD_BREACHED}); with {@link #failing()} it fails the component instead. Immutable.
 *
 * <pre>{@code
 * Component.builder("gtfs-schedule")
 *     .threshold(Threshold.durationAbove(Duration.ofMinutes(20)))
 *     .threshold(Threshold.durationAboveMedian(2.0, 20))
 *     .threshold(Threshold.recordsBelow(1_000_000).failing())
 * }</pre>
 */
public final class Threshold {
  private enum Kind {
    DURATION_ABOVE,
    HEAP_ABOVE,
    RECORDS_BELOW,
    DURATION_ABOVE_MEDIAN
  }

  /** How many successes a relative threshold needs before it judges. */
  public static final int MINIMUM_HISTORY = 3;

  private final Kind kind;
  private final @Nullable Duration duration;
  private final long amount;
  private final double factor;
  private final int window;
  private final boolean fails;

  private Threshold(
      Kind kind,
      @Nullable Duration duration,
      long amount,
      double factor,
      int window,
      boolean fails) {
    this.kind = kind;
    this.duration = duration;
    this.amount = amount;
    this.factor = factor;
    this.window = window;
    this.fails = fails;
  }

  /** Breached when the component takes longer than {@code max} (its attempts, retries included). */
  public static Threshold durationAbove(Duration max) {
    Objects.requireNonNull(max, "max");
    if (max.isNegative() || max.isZero()) {
      throw new IllegalArgumentException("max must be positive, was " + max);
    }
    return new Threshold(Kind.DURATION_ABOVE, max, 0, 0, 0, false);
  }

  /** Breached when the heap in use after the component is above {@code bytes} (where measured). */
  public static Threshold heapAbove(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("bytes must be positive, was " + bytes);
    }
    return new Threshold(Kind.HEAP_ABOVE, null, bytes, 0, 0, false);
  }

  /** Breached when the component reports fewer than {@code min} records ({@code Outcome}). */
  public static Threshold recordsBelow(long min) {
    if (min <= 0) {
      throw new IllegalArgumentException("min must be positive, was " + min);
    }
    return new Threshold(Kind.RECORDS_BELOW, null, min, 0, 0, false);
  }

  /**
   * Breached when the component takes longer than {@code factor} times the median duration of its
   * last {@code lastSuccesses} successes (from {@value #MINIMUM_HISTORY} successes on).
   */
  public static Threshold durationAboveMedian(double factor, int lastSuccesses) {
    if (!(factor > 1)) {
      throw new IllegalArgumentException("factor must be above 1, was " + factor);
    }
    if (lastSuccesses < MINIMUM_HISTORY || lastSuccesses > 100) {
      throw new IllegalArgumentException(
          "lastSuccesses must be " + MINIMUM_HISTORY + " to 100, was " + lastSuccesses);
    }
    return new Threshold(Kind.DURATION_ABOVE_MEDIAN, null, 0, factor, lastSuccesses, false);
  }

  /** This threshold, failing the component when breached instead of only reporting it. */
  public Threshold failing() {
    return new Threshold(kind, duration, amount, factor, window, true);
  }

  /** Whether a breach fails the component. */
  public boolean fails() {
    return fails;
  }

  /** How many past successes this threshold looks at (0 for an absolute one). */
  public int history() {
    return window;
  }

  /**
   * The breach of a successful component, or null if within the threshold.
   *
   * @param took the component's duration
   * @param used what it used, or null if not measured
   * @param outcome what it reported
   * @param recent the durations of its last successes before this one, oldest first
   */
  public @Nullable String check(
      Duration took, @Nullable ResourceUse used, @Nullable Outcome outcome, List<Duration> recent) {
    switch (kind) {
      case DURATION_ABOVE:
        return took.compareTo(duration) > 0
            ? "took " + Durations.format(took) + ", above " + Durations.format(duration)
            : null;
      case HEAP_ABOVE:
        return used != null && used.heapUsedAfter() > amount
            ? "left "
                + ByteSizes.format(used.heapUsedAfter())
                + " of heap in use, above "
                + ByteSizes.format(amount)
            : null;
      case RECORDS_BELOW:
        long records = outcome == null ? 0 : outcome.records();
        return records < amount ? records + " records, below " + amount : null;
      default:
        List<Duration> last = recent.subList(Math.max(0, recent.size() - window), recent.size());
        if (last.size() < MINIMUM_HISTORY) {
          return null;
        }
        Duration median = median(last);
        return took.toNanos() > factor * median.toNanos()
            ? "took "
                + Durations.format(took)
                + ", above "
                + String.format(Locale.ROOT, "%.1f", factor)
                + "× the median "
                + Durations.format(median)
                + " of its last "
                + last.size()
                + " successes"
            : null;
    }
  }

  private static Duration median(List<Duration> durations) {
    List<Duration> sorted = new ArrayList<>(durations);
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
  }

  @Override
  public String toString() {
    String what =
        switch (kind) {
          case DURATION_ABOVE -> "duration above " + Durations.format(duration);
          case HEAP_ABOVE -> "heap above " + ByteSizes.format(amount);
          case RECORDS_BELOW -> "records below " + amount;
          case DURATION_ABOVE_MEDIAN ->
              String.format(
                  Locale.ROOT,
                  "duration above %.1f× the median of the last %d successes",
                  factor,
                  window);
        };
    return what + (fails ? " (failing)" : "");
  }
}

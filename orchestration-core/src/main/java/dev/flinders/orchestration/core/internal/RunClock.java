package dev.flinders.orchestration.core.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * A run's start on the wall clock and on the monotonic clock ({@link
 * dev.flinders.orchestration.core.TimeSource#nanoTime()}). Times inside a run are monotonic
 * readings, turned into instants only when someone reads them, so durations, deadlines and reported
 * times agree with each other even if the wall clock is set during the run, and the run loop's lock
 * never waits for an {@link Instant} to be made.
 */
record RunClock(Instant startedAt, long startedAtNanos) {
  /** The longest duration the engine counts in nanoseconds: about 146 years. */
  static final long MAX_NANOS = 1L << 62;

  /** {@code duration} in nanoseconds, capped at {@link #MAX_NANOS} so sums cannot overflow. */
  static long nanos(Duration duration) {
    return duration.compareTo(Duration.ofNanos(MAX_NANOS)) >= 0 ? MAX_NANOS : duration.toNanos();
  }

  /** The wall-clock time of a monotonic reading taken during the run. */
  Instant at(long nanos) {
    return startedAt.plusNanos(nanos - startedAtNanos);
  }
}

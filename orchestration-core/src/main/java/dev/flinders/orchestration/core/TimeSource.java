package dev.flinders.orchestration.core;

import java.time.Clock;
import java.time.Duration;

/**
 * Where the engine gets time: wall-clock time for schedules and reports, a monotonic reading for
 * durations, and timers for timeouts, retry delays and background ticks. The engine never reads the
 * system clock or sleeps by itself; tests pass a {@link
 * dev.flinders.orchestration.core.testing.ManualClock} and move time by hand.
 *
 * <p>Implementations are thread-safe. Timer actions must be short and must not block.
 */
public interface TimeSource {
  /** Wall-clock time. */
  Clock clock();

  /** A monotonic reading in nanoseconds, for measuring durations. */
  long nanoTime();

  /** Runs {@code action} once, after {@code delay}, on a thread of the time source. */
  Timer schedule(Duration delay, Runnable action);

  /** A scheduled action. */
  interface Timer {
    /** Prevents the action from running, if it has not run yet. */
    void cancel();
  }
}

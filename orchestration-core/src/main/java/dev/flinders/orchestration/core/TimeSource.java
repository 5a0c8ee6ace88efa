package dev.flinders.orchestration.core;

import java.time.Clock;
import java.time.Duration;

/**
 * Where the engine gets time: wall-clock time for schedules and reports, a monotonic reading for
 * durations, and timers for timeouts, retry delays and background ticks. It is given to an
 * orchestrator with {@code Orchestrator.Builder.timeSource(...)}, the one way to set its time. The
 * engine never reads the system clock or sleeps by itself; tests pass a {@link
 * dev.flinders.orchestration.core.testing.ManualClock} and move time by hand.
 *
 * <p>Implementations are thread-safe. Timer actions must be short and must not block.
 */
public interface TimeSource {
  /**
   * Real time with {@code wallClock} as the wall clock, e.g. {@code Clock.system(zone)} to print
   * times in another zone, or a clock moved forward for a demo: durations come from {@link
   * System#nanoTime()} and timers fire in real time, on a daemon thread named {@code
   * flinders-timer} that this time source starts when a timer is first set and that ends when none
   * has been waiting for a minute. An orchestrator built without a time source uses the system
   * clock in the system's zone, with a timer thread of its own.
   */
  static TimeSource system(Clock wallClock) {
    return new dev.flinders.orchestration.core.internal.SystemTimeSource(
        java.util.Objects.requireNonNull(wallClock, "wallClock"), "flinders-timer");
  }

  /** Wall-clock time. */
  Clock clock();

  /** A monotonic reading in nanoseconds, for measuring durations. */
  long nanoTime();

  /** Runs {@code action} once, after {@code delay}, on a thread of the time source. */
  Timer schedule(Duration delay, Runnable action);

  /**
   * Simulated time only: called by a run that has nothing running and waits for a timer (a retry
   * delay, its deadline), moves time to the next pending timer, fires it on the calling thread and
   * returns true, so that the run goes on without waiting (see {@link
   * dev.flinders.orchestration.core.testing.ManualRunner}). Real time, and a {@code ManualClock}
   * that a test moves by hand, return false: the run waits for its timers.
   */
  default boolean skipToNextTimer() {
    return false;
  }

  /** A scheduled action. */
  interface Timer {
    /** Prevents the action from running, if it has not run yet. */
    void cancel();
  }
}

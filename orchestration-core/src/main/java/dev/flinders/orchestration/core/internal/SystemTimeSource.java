package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.core.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Real time: a wall clock and one daemon timer thread, started when a timer is set and ended when
 * no timer has waited for a minute, or by {@link #close()}.
 */
public final class SystemTimeSource implements TimeSource, AutoCloseable {
  private final Clock clock;
  private final ScheduledThreadPoolExecutor timers;

  public SystemTimeSource(Clock clock, String threadName) {
    this.clock = clock;
    this.timers =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, threadName);
              thread.setDaemon(true);
              return thread;
            });
    this.timers.setRemoveOnCancelPolicy(true); // a cancelled timer leaves the queue at once
    this.timers.setKeepAliveTime(1, TimeUnit.MINUTES);
    this.timers.allowCoreThreadTimeOut(true); // the thread stays while a timer waits in the queue
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  @SuppressWarnings("JavaUtilDate")
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Timer schedule(Duration delay, Runnable action) {
    long nanos = Math.max(0, saturatedNanos(delay));
    ScheduledFuture<?> future = timers.schedule(action, nanos, TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  @Override
  public void close() {
    timers.shutdownNow();
  }
}

package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.PipelineLockedException;
import dev.flinders.orchestration.core.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background mode of an orchestrator: a run now, then one every interval until closed, on a
 * thread of its own. Runs never overlap: the next one is timed from the start of the previous one
 * and, if that took longer than the interval, starts as soon as it ends, with no backlog. A run
 * that fails to start is logged and tried again at the next tick; one that finds the pipeline
 * locked by another instance (or process) sharing the store is left to it, logged at debug level
 * only. Thread-safe.
 */
public final class BackgroundTicker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundTicker.class);

  private final String pipeline;
  private final TimeSource time;
  private final Runnable runOnce;
  private final Duration interval;
  private final ExecutorService thread;
  private TimeSource.@Nullable Timer nextTick;
  private boolean closed;

  private BackgroundTicker(
      String pipeline, TimeSource time, Runnable runOnce, Duration interval, String threadName) {
    this.pipeline = pipeline;
    this.time = time;
    this.runOnce = runOnce;
    this.interval = interval;
    this.thread =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread ticker = new Thread(runnable, threadName);
              ticker.setDaemon(true);
              return ticker;
            });
  }

  /**
   * Starts ticking: {@code runOnce} now, then every {@code interval}, on a daemon thread named
   * {@code threadName}.
   */
  public static BackgroundTicker start(
      String pipeline, TimeSource time, Runnable runOnce, Duration interval, String threadName) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "interval must be positive, was " + Durations.format(interval));
    }
    BackgroundTicker ticker = new BackgroundTicker(pipeline, time, runOnce, interval, threadName);
    ticker.scheduleTick(Duration.ZERO);
    return ticker;
  }

  private synchronized void scheduleTick(Duration delay) {
    if (closed) {
      return;
    }
    nextTick = time.schedule(delay, () -> thread.execute(this::tick));
  }

  private void tick() {
    long started = time.nanoTime();
    try {
      runOnce.run();
    } catch (PipelineLockedException e) {
      // several instances sharing a store all tick: the one holding the pipeline runs what is due,
      // the others find it locked, which is how the work is shared, not a problem
      LOG.debug("background run of {} left to {}, which is running it", pipeline, e.holder());
    } catch (IllegalStateException e) {
      if (!isClosed()) {
        LOG.error("background run of {} failed", pipeline, e);
      }
    } catch (RuntimeException e) {
      LOG.error("background run of {} failed", pipeline, e);
    } finally {
      Duration elapsed = Duration.ofNanos(time.nanoTime() - started);
      Duration wait = interval.minus(elapsed);
      scheduleTick(wait.isNegative() ? Duration.ZERO : wait);
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Stops ticking: no run starts after this. A run in progress goes on; {@link #awaitStopped()}
   * waits for it.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (nextTick != null) {
        nextTick.cancel();
      }
    }
    thread.shutdown();
  }

  /** After {@link #close()}: waits, up to 30 seconds, until the ticker's thread has ended. */
  public void awaitStopped() {
    try {
      thread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

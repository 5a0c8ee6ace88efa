package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.LeaseLostException;
import dev.flinders.orchestration.core.TimeSource;
import dev.flinders.orchestration.spi.PipelineLock;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews a pipeline's lease every third of its duration while a run goes on, so that a lease lasts
 * as long as its holder lives and expires within one lease duration after it dies. The timer comes
 * from the engine's time source; the renewal (a database round trip) runs on {@code executor}, off
 * the timer thread. A renewal that fails for want of the database is tried again at the next beat
 * (two more before the lease runs out); a lease another instance took over calls {@code onLost},
 * once, and stops the beats. A lock that is no lease gets no beats. Thread-safe.
 */
public final class LeaseHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseHeartbeat.class);

  private final PipelineLock lock;
  private final TimeSource time;
  private final Executor executor;
  private final Runnable onLost;
  private final Duration interval;
  private TimeSource.@Nullable Timer next;
  private boolean closed;

  private LeaseHeartbeat(
      PipelineLock lock, TimeSource time, Executor executor, Runnable onLost, Duration interval) {
    this.lock = lock;
    this.time = time;
    this.executor = executor;
    this.onLost = onLost;
    this.interval = interval;
  }

  /** Starts renewing {@code lock}, if it is a lease; closing the heartbeat stops it. */
  public static LeaseHeartbeat start(
      PipelineLock lock, TimeSource time, Executor executor, Runnable onLost) {
    Duration lease = lock.lease().orElse(Duration.ZERO);
    LeaseHeartbeat heartbeat = new LeaseHeartbeat(lock, time, executor, onLost, lease.dividedBy(3));
    if (!lease.isZero()) {
      heartbeat.scheduleBeat();
    }
    return heartbeat;
  }

  private synchronized void scheduleBeat() {
    if (!closed) {
      next = time.schedule(interval, () -> executor.execute(this::beat));
    }
  }

  private void beat() {
    if (isClosed()) {
      return;
    }
    try {
      lock.renew();
    } catch (LeaseLostException e) {
      LOG.error("{}; stopping the run", e.getMessage());
      onLost.run();
      return;
    } catch (RuntimeException e) {
      LOG.warn(
          "cannot renew the lease of pipeline \"{}\" ({}); trying again in {}",
          lock.pipeline(),
          e.getMessage(),
          Durations.format(interval));
    }
    scheduleBeat();
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** Stops the beats; a renewal in progress finishes. */
  @Override
  public synchronized void close() {
    closed = true;
    if (next != null) {
      next.cancel();
    }
  }
}

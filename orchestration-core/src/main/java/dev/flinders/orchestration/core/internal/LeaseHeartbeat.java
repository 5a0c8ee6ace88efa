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
 * the timer thread. A renewal that fails for want of the database is tried again at the next beat.
 *
 * <p>The lease is lost, and {@code onLost} called once and the beats stopped, when a renewal finds
 * that another instance took it over, or when no renewal has succeeded for three quarters of the
 * lease (counted from when the last successful one was sent, on the time source's monotonic clock):
 * the lease may expire unrenewed a quarter later, and that quarter is the margin for stopping the
 * run and for the hosts' clocks to differ. That deadline has a timer of its own, so a renewal that
 * never returns (a network black hole) cannot hold it back. One failed beat is tolerated; two in a
 * row lose the lease. A lock that is no lease gets no beats. Thread-safe.
 */
public final class LeaseHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseHeartbeat.class);

  private final PipelineLock lock;
  private final TimeSource time;
  private final Executor executor;
  private final Runnable onLost;
  private final Duration lease;
  private final Duration interval;

  /** How long after the last successful renewal was sent the lease counts as lost. */
  private final Duration trusted;

  private TimeSource.@Nullable Timer next;
  private TimeSource.@Nullable Timer expiry;

  /** When the last successful renewal (or the start) was sent, on {@link TimeSource#nanoTime()}. */
  private long renewedAt;

  private @Nullable String lastFailure;
  private boolean closed;

  private LeaseHeartbeat(
      PipelineLock lock, TimeSource time, Executor executor, Runnable onLost, Duration lease) {
    this.lock = lock;
    this.time = time;
    this.executor = executor;
    this.onLost = onLost;
    this.lease = lease;
    this.interval = lease.dividedBy(3);
    this.trusted = lease.minus(lease.dividedBy(4));
  }

  /** Starts renewing {@code lock}, if it is a lease; closing the heartbeat stops it. */
  public static LeaseHeartbeat start(
      PipelineLock lock, TimeSource time, Executor executor, Runnable onLost) {
    Duration lease = lock.lease().orElse(Duration.ZERO);
    LeaseHeartbeat heartbeat = new LeaseHeartbeat(lock, time, executor, onLost, lease);
    if (!lease.isZero()) {
      synchronized (heartbeat) {
        heartbeat.renewedAt = time.nanoTime(); // the lease was taken just before
        heartbeat.armExpiry();
        heartbeat.scheduleBeat();
      }
    }
    return heartbeat;
  }

  private synchronized void scheduleBeat() {
    if (!closed) {
      next = time.schedule(interval, () -> executor.execute(this::beat));
    }
  }

  /** Under the monitor: (re)arms the timer that declares the lease lost if nothing renews it. */
  private void armExpiry() {
    if (expiry != null) {
      expiry.cancel();
    }
    Duration left = trusted.minusNanos(time.nanoTime() - renewedAt);
    expiry = time.schedule(left.isNegative() ? Duration.ZERO : left, this::expired);
  }

  private void beat() {
    if (isClosed()) {
      return;
    }
    long sent = time.nanoTime();
    try {
      lock.renew();
      renewed(sent);
    } catch (LeaseLostException e) {
      LOG.error("{}; stopping the run", e.getMessage());
      lost();
      return;
    } catch (RuntimeException e) {
      synchronized (this) {
        lastFailure = e.getMessage();
      }
      LOG.warn(
          "cannot renew the lease of pipeline \"{}\" ({}); trying again in {}",
          lock.pipeline(),
          e.getMessage(),
          Durations.format(interval));
    }
    scheduleBeat();
  }

  private synchronized void renewed(long sent) {
    if (closed || sent - renewedAt <= 0) {
      return;
    }
    renewedAt = sent;
    lastFailure = null;
    armExpiry();
  }

  /** The expiry timer fired: no renewal succeeded for three quarters of the lease. */
  private void expired() {
    String failure;
    synchronized (this) {
      if (closed || time.nanoTime() - renewedAt < trusted.toNanos()) {
        return; // closed, or renewed as the timer fired
      }
      failure = lastFailure;
    }
    LOG.error(
        "the lease of pipeline \"{}\" was last renewed {} ago{} and may expire unrenewed within {};"
            + " another instance may take the pipeline over, so stopping the run",
        lock.pipeline(),
        Durations.format(trusted),
        failure == null
            ? " (a renewal has not returned)"
            : " (the last renewal failed: " + failure + ")",
        Durations.format(lease.minus(trusted)));
    lost();
  }

  /** Stops the beats and tells the run, once. */
  private void lost() {
    synchronized (this) {
      if (closed) {
        return;
      }
      close();
    }
    onLost.run();
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
    if (expiry != null) {
      expiry.cancel();
    }
  }
}

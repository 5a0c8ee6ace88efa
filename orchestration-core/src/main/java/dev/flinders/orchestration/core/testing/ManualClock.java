package dev.flinders.orchestration.core.testing;

import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.core.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A clock that moves only when told to, with timers that fire as it moves: pass it to {@code
 * Orchestrator.builder(pipeline).timeSource(manualClock)} and timeouts, retry delays and background
 * ticks happen when the test calls {@link #advance(Duration)}, never by waiting. Thread-safe.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.at("2026-11-25T06:00:00+11:00");
 * clock.advance(Duration.ofMinutes(5)); // fires every timer due in those 5 minutes, in order
 * }</pre>
 *
 * <p>Timer actions run on the thread that calls {@code advance}, with the clock set to the timer's
 * due time. Several threads may advance the clock, also from inside a timer's action: time never
 * moves back, and each timer fires once, on the thread that reaches its due time first; while one
 * thread is inside a timer's action, another may move the clock further, so the action can see a
 * time later than its due time.
 */
public final class ManualClock extends Clock implements TimeSource {
  private final Shared shared;
  private final ZoneId zone;

  private ManualClock(Shared shared, ZoneId zone) {
    this.shared = shared;
    this.zone = zone;
  }

  /** A clock set to {@code start}, in UTC. */
  public static ManualClock at(Instant start) {
    return new ManualClock(new Shared(start), ZoneOffset.UTC);
  }

  /** A clock set to an ISO-8601 date-time with offset, e.g. {@code 2026-11-25T06:00:00+11:00}. */
  public static ManualClock at(String isoOffsetDateTime) {
    return at(java.time.OffsetDateTime.parse(isoOffsetDateTime).toInstant());
  }

  @Override
  public Instant instant() {
    synchronized (shared) {
      return shared.now;
    }
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view of the same clock in another zone: moving either moves both. */
  @Override
  public ManualClock withZone(ZoneId zone) {
    return new ManualClock(shared, zone);
  }

  @Override
  public Clock clock() {
    return this;
  }

  @Override
  public long nanoTime() {
    synchronized (shared) {
      return Duration.between(shared.origin, shared.now).toNanos();
    }
  }

  @Override
  public Timer schedule(Duration delay, Runnable action) {
    Objects.requireNonNull(action, "action");
    PendingTimer timer;
    synchronized (shared) {
      timer =
          new PendingTimer(
              shared.now.plus(delay.isNegative() ? Duration.ZERO : delay),
              shared.sequence++,
              action);
      shared.timers.add(timer);
      shared.notifyAll();
    }
    if (delay.isNegative() || delay.isZero()) {
      fireDue();
    }
    return timer;
  }

  /**
   * Moves the clock forward by {@code duration}, firing each timer that falls due on the way, in
   * due-time order, with the clock set to its due time.
   */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "a manual clock only moves forward, not by " + Durations.format(duration));
    }
    Instant target;
    synchronized (shared) {
      target = shared.now.plus(duration);
    }
    moveTo(target);
  }

  /** Moves the clock forward to {@code instant}; see {@link #advance(Duration)}. */
  public void setTo(Instant instant) {
    synchronized (shared) {
      if (instant.isBefore(shared.now)) {
        throw new IllegalArgumentException(
            "a manual clock only moves forward: " + instant + " is before " + shared.now);
      }
    }
    moveTo(instant);
  }

  /** How many timers are waiting to fire. */
  public int pendingTimers() {
    synchronized (shared) {
      return (int) shared.timers.stream().filter(timer -> !timer.cancelled).count();
    }
  }

  /** When the next timer is due, if any is pending. */
  public java.util.Optional<Instant> nextTimer() {
    synchronized (shared) {
      return shared.timers.stream()
          .filter(timer -> !timer.cancelled)
          .map(timer -> timer.due)
          .min(Instant::compareTo);
    }
  }

  /**
   * Waits until a timer due at {@code due} is pending, for tests that must let the engine arm a
   * timeout or retry timer before moving time. Blocks on a condition; does not poll.
   *
   * @return whether such a timer was pending before {@code maxWait} of real time passed
   */
  public boolean awaitTimerAt(Instant due, Duration maxWait) throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    synchronized (shared) {
      while (shared.timers.stream().noneMatch(timer -> !timer.cancelled && timer.due.equals(due))) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(shared, left);
      }
      return true;
    }
  }

  private void moveTo(Instant target) {
    while (true) {
      PendingTimer next;
      synchronized (shared) {
        next = shared.timers.peek();
        if (next == null || next.due.isAfter(target)) {
          if (target.isAfter(shared.now)) { // another thread may have moved it further meanwhile
            shared.now = target;
          }
          return;
        }
        shared.timers.poll();
        if (next.due.isAfter(shared.now)) {
          shared.now = next.due;
        }
      }
      if (!next.cancelled) {
        next.action.run();
      }
    }
  }

  private void fireDue() {
    Instant now;
    synchronized (shared) {
      now = shared.now;
    }
    moveTo(now);
  }

  @Override
  public String toString() {
    return "ManualClock[" + instant() + ", " + zone + "]";
  }

  private static final class Shared {
    private final Instant origin;
    private Instant now;
    private long sequence;
    private final PriorityQueue<PendingTimer> timers = new PriorityQueue<>();

    Shared(Instant start) {
      this.origin = start;
      this.now = start;
    }
  }

  private static final class PendingTimer implements Timer, Comparable<PendingTimer> {
    private final Instant due;
    private final long sequence;
    private final Runnable action;
    private volatile boolean cancelled;

    PendingTimer(Instant due, long sequence, Runnable action) {
      this.due = due;
      this.sequence = sequence;
      this.action = action;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    @Override
    public int compareTo(PendingTimer other) {
      int byDue = due.compareTo(other.due);
      return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
    }
  }
}

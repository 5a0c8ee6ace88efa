package dev.flinders.orchestration.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.LeaseLostException;
import dev.flinders.orchestration.StateStoreException;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.spi.PipelineLock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class LeaseHeartbeatTest {
  private final ManualClock clock = ManualClock.at("2026-11-25T06:00:00+11:00");
  private final AtomicInteger lost = new AtomicInteger();

  @Test
  void aLease_isRenewedEveryThirdOfItsDuration_untilClosed() {
    // given
    FakeLease lease = new FakeLease(Duration.ofSeconds(30));
    LeaseHeartbeat heartbeat =
        LeaseHeartbeat.start(lease, clock, Runnable::run, lost::incrementAndGet);

    // when
    clock.advance(Duration.ofSeconds(9));
    int beforeFirstBeat = lease.renewals;
    clock.advance(Duration.ofSeconds(51));
    int afterAMinute = lease.renewals;
    heartbeat.close();
    clock.advance(Duration.ofMinutes(5));

    // then
    assertThat(beforeFirstBeat).isZero();
    assertThat(afterAMinute).isEqualTo(6);
    assertThat(lease.renewals).isEqualTo(6);
    assertThat(clock.pendingTimers()).isZero();
    assertThat(lost).hasValue(0);
  }

  @Test
  void aLostLease_stopsTheRunOnce_andTheBeats() {
    FakeLease lease = new FakeLease(Duration.ofSeconds(30));
    lease.failures.add(new LeaseLostException("p", 7, "renewing the lease"));
    try (LeaseHeartbeat ignored =
        LeaseHeartbeat.start(lease, clock, Runnable::run, lost::incrementAndGet)) {
      clock.advance(Duration.ofMinutes(5));
    }

    assertThat(lost).hasValue(1);
    assertThat(lease.renewals).isEqualTo(1);
  }

  @Test
  void aDatabaseHiccup_isTriedAgainAtTheNextBeat() {
    FakeLease lease = new FakeLease(Duration.ofSeconds(30));
    lease.failures.add(new StateStoreException("cannot renew: connection refused", null));
    try (LeaseHeartbeat ignored =
        LeaseHeartbeat.start(lease, clock, Runnable::run, lost::incrementAndGet)) {
      clock.advance(Duration.ofSeconds(30));
    }

    assertThat(lease.renewals).isEqualTo(3);
    assertThat(lost).hasValue(0);
  }

  @Test
  void renewalsFailingForThreeQuartersOfTheLease_loseIt_beforeAnotherInstanceCanTakeItOver() {
    // given: the database is out of reach from the first beat on
    FakeLease lease = new FakeLease(Duration.ofSeconds(30));
    lease.down = true;
    try (LeaseHeartbeat ignored =
        LeaseHeartbeat.start(lease, clock, Runnable::run, lost::incrementAndGet)) {
      // when
      clock.advance(Duration.ofMillis(22_499));
      int beforeTheMargin = lost.get();
      clock.advance(Duration.ofMillis(1));
      int atTheMargin = lost.get();
      clock.advance(Duration.ofMinutes(5));

      // then: lost once, a quarter of the lease before it expires, and no more beats
      assertThat(beforeTheMargin).isZero();
      assertThat(atTheMargin).isEqualTo(1);
      assertThat(lost).hasValue(1);
      assertThat(lease.renewals).isEqualTo(2);
      assertThat(clock.pendingTimers()).isZero();
    }
  }

  @Test
  void aRenewalThatNeverReturns_stillLosesTheLease_inTime() {
    // given: renewals handed to a thread that is stuck (a network black hole), so none completes
    FakeLease lease = new FakeLease(Duration.ofSeconds(30));
    Deque<Runnable> stuck = new ArrayDeque<>();
    try (LeaseHeartbeat ignored =
        LeaseHeartbeat.start(lease, clock, stuck::add, lost::incrementAndGet)) {
      // when
      clock.advance(Duration.ofSeconds(23));

      // then
      assertThat(lost).hasValue(1);
      assertThat(lease.renewals).isZero();
    }
  }

  @Test
  void aSuccessfulRenewal_countsFromWhenItWasSent() {
    // given: the second beat fails, the third succeeds
    FakeLease lease = new FakeLease(Duration.ofSeconds(30));
    lease.failures.add(new StateStoreException("cannot renew: connection refused", null));
    try (LeaseHeartbeat ignored =
        LeaseHeartbeat.start(lease, clock, Runnable::run, lost::incrementAndGet)) {
      clock.advance(Duration.ofSeconds(10)); // fails
      lease.down = true; // after the renewal at 20 s, which succeeds
      lease.downAfter = 1;
      clock.advance(Duration.ofSeconds(32)); // to 42 s
      int beforeMargin = lost.get(); // lost at 20 s + 22.5 s = 42.5 s
      clock.advance(Duration.ofSeconds(1));

      assertThat(beforeMargin).isZero();
      assertThat(lost).hasValue(1);
    }
  }

  @Test
  void aLockThatIsNoLease_getsNoBeats() {
    FakeLease lock = new FakeLease(null);
    try (LeaseHeartbeat ignored =
        LeaseHeartbeat.start(lock, clock, Runnable::run, lost::incrementAndGet)) {
      assertThat(clock.pendingTimers()).isZero();
    }
  }

  /** A lock counting renewals; each renewal first throws the next queued failure, if any. */
  private static final class FakeLease implements PipelineLock {
    private final @Nullable Duration lease;
    final Deque<RuntimeException> failures = new ArrayDeque<>();
    int renewals;

    FakeLease(@Nullable Duration lease) {
      this.lease = lease;
    }

    @Override
    public String pipeline() {
      return "p";
    }

    @Override
    public Optional<Duration> lease() {
      return Optional.ofNullable(lease);
    }

    /** Set when the database is out of reach: renewals throw, after {@link #downAfter} more. */
    volatile boolean down;

    int downAfter;

    @Override
    public void renew() {
      renewals++;
      RuntimeException failure = failures.poll();
      if (failure != null) {
        throw failure;
      }
      if (down && downAfter-- <= 0) {
        throw new StateStoreException("cannot renew the lease: connection refused", null);
      }
    }

    @Override
    public void close() {}
  }
}

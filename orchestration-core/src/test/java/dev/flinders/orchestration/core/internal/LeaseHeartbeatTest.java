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

    @Override
    public void renew() {
      renewals++;
      RuntimeException failure = failures.poll();
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public void close() {}
  }
}

package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualClockTest {
  private final ManualClock clock = ManualClock.at("2026-11-25T06:00:00+11:00");

  @Test
  void advance_firesDueTimersInOrder_withTheClockAtEachDueTime() {
    List<String> fired = new ArrayList<>();
    Instant start = clock.instant();
    clock.schedule(
        Duration.ofMinutes(10),
        () -> fired.add("10m at " + Duration.between(start, clock.instant())));
    clock.schedule(
        Duration.ofMinutes(5),
        () -> fired.add("5m at " + Duration.between(start, clock.instant())));
    TimeSource.Timer cancelled =
        clock.schedule(Duration.ofMinutes(7), () -> fired.add("cancelled"));
    clock.schedule(Duration.ofHours(1), () -> fired.add("later"));
    cancelled.cancel();

    assertThat(clock.pendingTimers()).isEqualTo(3);
    assertThat(clock.nextTimer()).contains(start.plus(Duration.ofMinutes(5)));
    clock.advance(Duration.ofMinutes(30));

    assertThat(fired).containsExactly("5m at PT5M", "10m at PT10M");
    assertThat(clock.instant()).isEqualTo(start.plus(Duration.ofMinutes(30)));
    assertThat(clock.nanoTime()).isEqualTo(Duration.ofMinutes(30).toNanos());
    assertThat(clock.pendingTimers()).isEqualTo(1);
  }

  @Test
  void aTimerDueNow_firesAtOnce_andViewsInOtherZonesShareTheTime() {
    List<String> fired = new ArrayList<>();
    ManualClock melbourne = clock.withZone(ZoneId.of("Australia/Melbourne"));

    melbourne.schedule(Duration.ZERO, () -> fired.add("now"));
    clock.advance(Duration.ofHours(2));

    assertThat(fired).containsExactly("now");
    assertThat(melbourne.instant()).isEqualTo(clock.instant());
    assertThat(melbourne.getZone()).isEqualTo(ZoneId.of("Australia/Melbourne"));
  }

  @Test
  void timeOnlyMovesForward() {
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a manual clock only moves forward, not by -1s");
    assertThatThrownBy(() -> clock.setTo(clock.instant().minusSeconds(1)))
        .hasMessageStartingWith(
            "a manual clock only moves forward: 2026-11-24T18:59:59Z is before");
  }

  @Test
  void twoThreadsAdvancing_neverMoveTimeBack_evenWhenOneIsInsideATimer() throws Exception {
    // given: a timer whose action blocks until the test lets it go
    Instant start = clock.instant();
    java.util.concurrent.CountDownLatch inTimer = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch letGo = new java.util.concurrent.CountDownLatch(1);
    clock.schedule(
        Duration.ofSeconds(30),
        () -> {
          inTimer.countDown();
          try {
            letGo.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    Thread first = new Thread(() -> clock.advance(Duration.ofMinutes(1)), "advance-1m");
    first.start();
    inTimer.await();

    // when: another thread moves the clock 10 minutes on, then the first finishes its advance
    clock.advance(Duration.ofMinutes(10));
    letGo.countDown();
    first.join();

    // then: the clock stays at the later time (10 minutes after the timer's 30 s)
    assertThat(clock.instant()).isEqualTo(start.plus(Duration.ofSeconds(630)));
  }
}

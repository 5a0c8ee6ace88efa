package dev.flinders.orchestration.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.state.JsonFileStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.quota.QuotaExhaustedException;
import dev.flinders.orchestration.quota.QuotaPolicy;
import dev.flinders.orchestration.spi.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rate limits in simulated time, with many callers at once. */
class QuotaLedgerTest {
  private static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  private final ManualClock clock = ManualClock.at("2026-11-25T06:00:00+11:00");

  @TempDir Path directory;

  /**
   * Callers of three ledgers, as three instances would have, on one state: a shared in-memory store
   * (odd seeds), or three JSON stores on one directory (even seeds), as three processes.
   */
  @Test
  void noWindowEverHoldsMoreThanItsLimit_withManyConcurrentCallersOfSeveralLedgers()
      throws Exception {
    for (long seed = 1; seed <= 6; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      int perMinute = 2 + random.nextInt(5);
      int perTenSeconds = 1 + random.nextInt(3);
      QuotaPolicy policy =
          QuotaPolicy.builder("ptv-gtfsr")
              .rateLimit(perMinute, Duration.ofSeconds(60))
              .rateLimit(perTenSeconds, Duration.ofSeconds(10))
              .build();
      List<StateStore> stores = new ArrayList<>();
      InMemoryStateStore memory = new InMemoryStateStore();
      Path state = directory.resolve("seed-" + seed);
      for (int i = 0; i < 3; i++) {
        stores.add(seed % 2 == 1 ? memory : JsonFileStateStore.open(state));
      }
      List<QuotaLedger> ledgers =
          stores.stream()
              .map(store -> new QuotaLedger(List.of(policy), store, clock, List.of()))
              .toList();
      int callers = 4 + random.nextInt(8);
      int callsEach = 1 + random.nextInt(4);
      List<Instant> permits = Collections.synchronizedList(new ArrayList<>());
      List<String> early = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch done = new CountDownLatch(callers);
      for (int c = 0; c < callers; c++) {
        QuotaLedger ledger = ledgers.get(c % ledgers.size());
        Thread caller =
            new Thread(
                () -> {
                  for (int i = 0; i < callsEach; i++) {
                    Instant permit = ledger.acquire("ptv-gtfsr", false, Instant.MAX);
                    if (clock.instant().isBefore(permit)) {
                      early.add("went at " + clock.instant() + " before its permit " + permit);
                    }
                    permits.add(permit);
                  }
                  done.countDown();
                });
        caller.setDaemon(true);
        caller.start();
      }
      // move time to each timer as callers wait on them, until every call has had its permit
      while (!done.await(5, TimeUnit.MILLISECONDS)) {
        clock.nextTimer().ifPresent(clock::setTo);
      }

      assertThat(early).isEmpty();
      assertThat(permits).hasSize(callers * callsEach);
      assertWithinLimit(permits, perMinute, Duration.ofSeconds(60));
      assertWithinLimit(permits, perTenSeconds, Duration.ofSeconds(10));
      stores.forEach(StateStore::close);
    }
  }

  @Test
  void aStoreWithoutSharedRecords_leavesEachLedgerItsOwnWindows() {
    InMemoryStateStore memory = new InMemoryStateStore();
    StateStore withoutSharedRecords =
        (StateStore)
            java.lang.reflect.Proxy.newProxyInstance(
                StateStore.class.getClassLoader(),
                new Class<?>[] {StateStore.class},
                (proxy, method, arguments) -> {
                  if (method.isDefault()) { // updateShared, as a store that does not override it
                    return java.lang.reflect.InvocationHandler.invokeDefault(
                        proxy, method, arguments);
                  }
                  return method.invoke(memory, arguments);
                });
    QuotaPolicy oncePerMinute =
        QuotaPolicy.builder("ptv").rateLimit(1, Duration.ofSeconds(60)).build();
    Instant start = clock.instant();
    Instant deadline = start.plusSeconds(30);

    List<QuotaLedger> apart = new ArrayList<>();
    List<QuotaLedger> sharing = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      apart.add(new QuotaLedger(List.of(oncePerMinute), withoutSharedRecords, clock, List.of()));
      sharing.add(new QuotaLedger(List.of(oncePerMinute), memory, clock, List.of()));
    }

    assertThat(apart.get(0).acquire("ptv", false, deadline)).isEqualTo(start);
    assertThat(apart.get(1).acquire("ptv", false, deadline)).isEqualTo(start);
    assertThatThrownBy(() -> apart.get(1).acquire("ptv", false, deadline))
        .isInstanceOf(QuotaExhaustedException.class);
    assertThat(sharing.get(0).acquire("ptv", false, deadline)).isEqualTo(start);
    assertThatThrownBy(() -> sharing.get(1).acquire("ptv", false, deadline))
        .isInstanceOf(QuotaExhaustedException.class)
        .hasMessageContaining("gives the next permit at " + start.plusSeconds(60));
  }

  @Test
  void aWindowOfOtherLimits_keepsItsLatestPermits_andAnUnreadableOneStartsEmpty() {
    QuotaPolicy twoPerMinute =
        QuotaPolicy.builder("ptv").rateLimit(2, Duration.ofSeconds(60)).build();
    QuotaPolicy onePerMinute =
        QuotaPolicy.builder("ptv").rateLimit(1, Duration.ofSeconds(60)).build();
    Instant start = clock.instant();

    QuotaLedger.Windows windows = QuotaLedger.Windows.parse(twoPerMinute, null);
    windows.reserve(twoPerMinute, start, Instant.MAX);
    windows.reserve(twoPerMinute, start, Instant.MAX);
    String text = windows.encode(twoPerMinute);
    assertThat(text).isEqualTo("2/PT1M\n" + start + " " + start);
    assertThat(
            QuotaLedger.Windows.parse(twoPerMinute, text).reserve(twoPerMinute, start, Instant.MAX))
        .isEqualTo(start.plusSeconds(60));

    assertThat(
            QuotaLedger.Windows.parse(onePerMinute, text).reserve(onePerMinute, start, Instant.MAX))
        .isEqualTo(start.plusSeconds(60));
    QuotaPolicy threePerMinute =
        QuotaPolicy.builder("ptv").rateLimit(3, Duration.ofSeconds(60)).build();
    QuotaLedger.Windows loosened = QuotaLedger.Windows.parse(threePerMinute, text);
    assertThat(loosened.reserve(threePerMinute, start, Instant.MAX)).isEqualTo(start);
    assertThat(loosened.reserve(threePerMinute, start, Instant.MAX))
        .isEqualTo(start.plusSeconds(60));
    assertThat(
            QuotaLedger.Windows.parse(twoPerMinute, "2/PT1M\nyesterday")
                .reserve(twoPerMinute, start, Instant.MAX))
        .isEqualTo(start);
  }

  private static void assertWithinLimit(List<Instant> permits, int limit, Duration window) {
    List<Instant> sorted = new ArrayList<>(permits);
    Collections.sort(sorted);
    for (int i = limit; i < sorted.size(); i++) {
      assertThat(Duration.between(sorted.get(i - limit), sorted.get(i)))
          .as("permits %d and %d of %s", i - limit, i, sorted)
          .isGreaterThanOrEqualTo(window);
    }
  }

  /**
   * Two orchestrators with different limits for one provider (a policy changed in one instance
   * first, during a rolling upgrade) share its record: each must still hold to its own limit, as it
   * did when windows were kept in memory, rather than each forgetting the other's permits.
   */
  @Test
  void ledgersWithDifferentLimitsOnOneStore_eachHoldToTheirOwnLimit() {
    InMemoryStateStore memory = new InMemoryStateStore();
    QuotaLedger oncePerMinute =
        new QuotaLedger(
            List.of(QuotaPolicy.builder("ptv").rateLimit(1, Duration.ofSeconds(60)).build()),
            memory,
            clock,
            List.of());
    QuotaLedger twicePerMinute =
        new QuotaLedger(
            List.of(QuotaPolicy.builder("ptv").rateLimit(2, Duration.ofSeconds(60)).build()),
            memory,
            clock,
            List.of());
    Instant start = clock.instant();
    Instant deadline = start.plusSeconds(30);

    assertThat(oncePerMinute.acquire("ptv", false, deadline)).isEqualTo(start);
    assertThat(twicePerMinute.acquire("ptv", false, deadline)).isEqualTo(start);
    assertThatThrownBy(() -> oncePerMinute.acquire("ptv", false, deadline))
        .isInstanceOf(QuotaExhaustedException.class);
    assertThatThrownBy(() -> twicePerMinute.acquire("ptv", false, deadline))
        .isInstanceOf(QuotaExhaustedException.class);
  }

  @Test
  void aPermitAfterTheDeadline_isRefusedAtOnce_andReservesNothing() {
    QuotaLedger ledger =
        new QuotaLedger(
            List.of(QuotaPolicy.builder("ptv").rateLimit(1, Duration.ofSeconds(60)).build()),
            new InMemoryStateStore(),
            clock,
            List.of());
    Instant start = clock.instant();
    assertThat(ledger.acquire("ptv", false, start.plusSeconds(30))).isEqualTo(start);

    assertThatThrownBy(() -> ledger.acquire("ptv", false, start.plusSeconds(30)))
        .isInstanceOf(QuotaExhaustedException.class)
        .hasMessage(
            "quota exhausted: the rate limit of ptv (1 calls per 1m) gives the next permit at "
                + start.plusSeconds(60)
                + ", after the deadline "
                + start.plusSeconds(30));
    clock.advance(Duration.ofSeconds(60));
    assertThat(ledger.acquire("ptv", false, clock.instant())).isEqualTo(start.plusSeconds(60));
  }

  @Test
  void anUnknownProvider_isNamedWithTheKnownOnes() {
    QuotaLedger ledger =
        new QuotaLedger(
            List.of(QuotaPolicy.builder("ptv").dailyBudget(5, MELBOURNE).build()),
            new InMemoryStateStore(),
            clock,
            List.of());

    assertThatThrownBy(() -> ledger.acquire("datavic", false, Instant.MAX))
        .hasMessageStartingWith(
            "no quota policy for provider \"datavic\"; the orchestrator has [ptv]");
  }
}

package dev.flinders.orchestration.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.flinders.orchestration.spi.Counter;
import dev.flinders.orchestration.spi.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A daily quota holds for the whole fleet: several stores, each with its own connection pool as
 * separate instances would have, add to one counter from many threads at once.
 */
class CountersAcrossInstancesTest {
  private static final int INSTANCES = 3;
  private static final int THREADS_EACH = 4;
  private static final int ADDS_EACH = 150;
  private static final long CEILING = 2_000;

  @Test
  void aCeiling_isNeverPassed_andEveryAddIsCountedOnce_acrossInstances() throws Exception {
    // given
    String prefix = EmbeddedDatabase.freshPrefix();
    List<HikariDataSource> pools = new ArrayList<>();
    List<PostgresStateStore> stores = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      HikariDataSource pool = EmbeddedDatabase.pool(EmbeddedDatabase.jdbcUrl(), THREADS_EACH);
      pools.add(pool);
      stores.add(PostgresStateStore.builder(pool).tablePrefix(prefix).build());
    }
    long seed = System.nanoTime();
    AtomicLong addedTotal = new AtomicLong();
    AtomicLong refusedWhileRoomWasLeft = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(INSTANCES * THREADS_EACH);
    try {
      // when: 1,800 adds of 1 to 3 calls (about 3,600 asked) against a ceiling of 2,000
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < INSTANCES * THREADS_EACH; t++) {
        StateStore store = stores.get(t % INSTANCES);
        SplittableRandom random = new SplittableRandom(seed + t);
        done.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < ADDS_EACH; i++) {
                    long delta = 1 + random.nextInt(3);
                    StateStore.CounterUpdate update =
                        store.addToCounter("quota", "ptv", "2026-11-25", delta, CEILING);
                    if (update.added()) {
                      addedTotal.addAndGet(delta);
                    } else if (update.counter().value() + delta <= CEILING) {
                      refusedWhileRoomWasLeft.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      threads.shutdownNow();
      stores.forEach(PostgresStateStore::close);
      pools.forEach(HikariDataSource::close);
    }

    // then
    try (PostgresStateStore store =
        PostgresStateStore.builder(EmbeddedDatabase.dataSource()).tablePrefix(prefix).build()) {
      Counter counter = store.counter("quota", "ptv").orElseThrow();
      assertThat(counter.value()).as("seed %d", seed).isEqualTo(addedTotal.get());
      assertThat(counter.value()).as("seed %d", seed).isBetween(CEILING - 2, CEILING);
      // a refusal only when the counter had no room: it may have moved on since, never back
      assertThat(refusedWhileRoomWasLeft).as("seed %d", seed).hasValue(0);
    }
  }
}

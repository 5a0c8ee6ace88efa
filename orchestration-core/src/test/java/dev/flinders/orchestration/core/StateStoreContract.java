package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.PipelineLockedException;
import dev.flinders.orchestration.Reason;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.change.Fingerprint;
import dev.flinders.orchestration.spi.ComponentRecord;
import dev.flinders.orchestration.spi.Counter;
import dev.flinders.orchestration.spi.PipelineLock;
import dev.flinders.orchestration.spi.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} must do. A new store extends this class (it is in the test jar of
 * orchestration-core) and says how to open one.
 */
public abstract class StateStoreContract {
  protected static final Instant T0 = Instant.parse("2026-11-24T19:00:00Z");

  protected StateStore store;

  /** Opens a store keeping at most {@code historyLimit} runs per pipeline, empty the first time. */
  protected abstract StateStore open(int historyLimit);

  /**
   * Opens the same store again, as a restarted process would; stores without persistence return the
   * same one.
   */
  protected abstract StateStore reopen(int historyLimit);

  @BeforeEach
  void openStore() {
    store = open(5);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static RunReport run(String pipeline, int number, RunStatus status) {
    ComponentResult result =
        new ComponentResult(
            "gtfs",
            Status.SUCCEEDED,
            new Reason(ReasonCode.DUE, "due: every run"),
            2,
            T0.plusSeconds(number),
            T0.plusSeconds(number + 1),
            Duration.ofMillis(1500),
            Outcome.builder()
                .records(42)
                .output("data/curated/gtfs_20261125.parquet")
                .metric("bytes", 1024.5)
                .build(),
            null);
    result =
        result.toBuilder()
            .resources(
                new dev.flinders.orchestration.ResourceUse(
                    Duration.ofMillis(12), 4096, 1 << 20, Duration.ZERO, Duration.ofSeconds(1)))
            .build();
    ComponentResult failed =
        new ComponentResult(
            "patronage",
            Status.FAILED,
            new Reason(ReasonCode.TASK_FAILED, "failed on attempt 1 of 1: boom"),
            1,
            T0,
            T0.plusSeconds(2),
            Duration.ofSeconds(2),
            null,
            "IOException: boom");
    return new RunReport(
        pipeline,
        String.format("20261124T1900%02d.000Z-001", number),
        status,
        T0.plusSeconds(number),
        status == RunStatus.RUNNING ? null : T0.plusSeconds(number + 2),
        false,
        List.of(
            result,
            failed,
            ComponentResult.notStarted(
                "report",
                Status.SKIPPED,
                new Reason(ReasonCode.UPSTREAM_FAILED, "upstream \"patronage\" FAILED"))));
  }

  @Test
  void savedRuns_readBackEqual_newestFirst() {
    RunReport first = run("p", 1, RunStatus.SUCCEEDED);
    RunReport second = run("p", 2, RunStatus.FAILED);
    store.saveRun(second);
    store.saveRun(first);

    assertThat(store.run("p", first.runId())).contains(first);
    assertThat(store.runs("p", 10)).containsExactly(second, first);
    assertThat(store.runs("p", 1)).containsExactly(second);
    assertThat(store.runs("other", 10)).isEmpty();
    assertThat(store.run("p", "missing")).isEmpty();
  }

  @Test
  void savingARunAgain_replacesIt() {
    store.saveRun(run("p", 1, RunStatus.RUNNING));
    RunReport done = run("p", 1, RunStatus.SUCCEEDED);
    store.saveRun(done);

    assertThat(store.runs("p", 10)).containsExactly(done);
  }

  @Test
  void history_isKeptWithinItsLimit_droppingTheOldest() {
    for (int i = 1; i <= 8; i++) {
      store.saveRun(run("p", i, RunStatus.SUCCEEDED));
    }
    assertThat(store.runs("p", 100))
        .extracting(RunReport::runId)
        .containsExactly(
            run("p", 8, RunStatus.SUCCEEDED).runId(),
            run("p", 7, RunStatus.SUCCEEDED).runId(),
            run("p", 6, RunStatus.SUCCEEDED).runId(),
            run("p", 5, RunStatus.SUCCEEDED).runId(),
            run("p", 4, RunStatus.SUCCEEDED).runId());
  }

  @Test
  void componentRecords_readBackEqual_perPipeline() {
    ComponentRecord record =
        new ComponentRecord(
            "gtfs",
            "run-1",
            run("p", 1, RunStatus.SUCCEEDED).results().get(0),
            T0,
            Map.of("etag", "\"abc\"", "cursor", "42"));
    store.saveComponent("p", record);
    store.saveComponent("p", ComponentRecord.empty("other"));

    assertThat(store.component("p", "gtfs")).contains(record);
    assertThat(store.component("p", "other")).contains(ComponentRecord.empty("other"));
    assertThat(store.component("q", "gtfs")).isEmpty();
    ComponentRecord updated =
        new ComponentRecord(
            "gtfs",
            "run-2",
            null,
            T0.plusSeconds(60),
            Map.of(),
            null,
            null,
            0,
            java.util.List.of(Duration.ofSeconds(10), Duration.ofMillis(12_345)),
            java.util.List.of(T0.minusSeconds(86_400 * 30), T0));
    store.saveComponent("p", updated);
    assertThat(store.component("p", "gtfs")).contains(updated);
  }

  @Test
  void aNulCharacter_inATaskStateAndAnErrorText_readsBackEqual() {
    // given: text from a feed with U+0000 in it, which PostgreSQL's jsonb and text cannot hold
    ComponentResult failed =
        new ComponentResult(
            "gtfs",
            Status.FAILED,
            new Reason(ReasonCode.TASK_FAILED, "failed on attempt 1 of 1: bad byte \u0000"),
            1,
            T0,
            T0.plusSeconds(2),
            Duration.ofSeconds(2),
            null,
            "IOException: bad byte \u0000 at offset 12");
    RunReport run =
        new RunReport(
            "p",
            "20261124T190001.000Z-001",
            RunStatus.FAILED,
            T0,
            T0.plusSeconds(2),
            false,
            List.of(failed));
    ComponentRecord record =
        new ComponentRecord("gtfs", run.runId(), failed, T0, Map.of("cursor", "a\u0000b"));

    // when
    store.saveRun(run);
    store.saveComponent("p", record);

    // then
    assertThat(store.run("p", run.runId())).contains(run);
    assertThat(store.component("p", "gtfs")).contains(record);
  }

  @Test
  void componentRecords_areReadTogether_onlyThoseSavedAndNamed() {
    ComponentRecord gtfs = new ComponentRecord("gtfs", "run-1", null, T0, Map.of("k", "v"));
    store.saveComponent("p", gtfs);
    store.saveComponent("p", ComponentRecord.empty("other"));
    store.saveComponent("q", ComponentRecord.empty("gtfs"));

    assertThat(store.components("p", List.of("gtfs", "never-saved")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("gtfs", gtfs));
    assertThat(store.components("empty", List.of("gtfs"))).isEmpty();
  }

  @Test
  void counters_restartInANewWindow_andRefuseToPassTheirCeiling() {
    assertThat(store.counter("quota", "ptv")).isEmpty();

    assertThat(store.addToCounter("quota", "ptv", "2026-11-25", 2, 3))
        .isEqualTo(new StateStore.CounterUpdate(true, new Counter("2026-11-25", 2)));
    assertThat(store.addToCounter("quota", "ptv", "2026-11-25", 2, 3))
        .isEqualTo(new StateStore.CounterUpdate(false, new Counter("2026-11-25", 2)));
    assertThat(store.addToCounter("quota", "ptv", "2026-11-25", 1, 3).added()).isTrue();
    assertThat(store.counter("quota", "ptv")).contains(new Counter("2026-11-25", 3));
    assertThat(store.addToCounter("quota", "ptv", "2026-11-26", 1, 3))
        .isEqualTo(new StateStore.CounterUpdate(true, new Counter("2026-11-26", 1)));
    assertThat(store.counter("quota", "other")).isEmpty();
    store.close();

    store = reopen(5);

    assertThat(store.counter("quota", "ptv")).contains(new Counter("2026-11-26", 1));
  }

  /** Runs {@code work} on {@code threads} threads at once, each given its number; waits for all. */
  private static void inParallel(int threads, java.util.function.IntConsumer work)
      throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> work.accept(thread)));
      }
      for (java.util.concurrent.Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void counters_areExactUnderConcurrentUpdates() throws Exception {
    int threads = 8;
    int addsEach = 40;
    long ceiling = 250;
    java.util.concurrent.atomic.AtomicInteger added =
        new java.util.concurrent.atomic.AtomicInteger();
    inParallel(
        threads,
        thread -> {
          for (int i = 0; i < addsEach; i++) {
            if (store.addToCounter("quota", "ptv", "day", 1, ceiling).added()) {
              added.incrementAndGet();
            }
          }
        });

    assertThat(added).hasValue((int) ceiling);
    assertThat(store.counter("quota", "ptv")).contains(new Counter("day", ceiling));
  }

  @Test
  void componentRecordsSavedFromManyThreadsAtOnce_readBackTheLastSaveOfEach() throws Exception {
    int threads = 8;
    int savesEach = 60;
    inParallel(
        threads,
        thread -> {
          for (int i = 1; i <= savesEach; i++) { // each thread its own three components
            String component = "c" + (thread * 3 + i % 3);
            store.saveComponent(
                "p", new ComponentRecord(component, null, null, null, Map.of("n", "" + i)));
          }
        });

    List<String> names =
        java.util.stream.IntStream.range(0, threads * 3).mapToObj(i -> "c" + i).toList();
    java.util.function.Consumer<Map<String, ComponentRecord>> lastOfEach =
        records -> {
          assertThat(records).hasSize(names.size());
          records.forEach(
              (component, record) -> {
                int k = Integer.parseInt(component.substring(1)) % 3;
                int last = savesEach - Math.floorMod(savesEach - k, 3);
                assertThat(record.state()).as(component).containsEntry("n", "" + last);
              });
        };
    lastOfEach.accept(store.components("p", names));
    store.close();
    store = reopen(5);
    lastOfEach.accept(store.components("p", names));
  }

  @Test
  void sharedRecords_startAbsent_andAreUpdatedAtomicallyFromManyThreads() throws Exception {
    assertThat(store.updateShared("rate", "ptv", text -> text == null ? "0" : "was " + text))
        .isEqualTo("0");
    int threads = 8;
    int updatesEach = 25;
    inParallel(
        threads,
        thread -> {
          for (int i = 0; i < updatesEach; i++) {
            store.updateShared("rate", "ptv", text -> Integer.toString(Integer.parseInt(text) + 1));
          }
        });

    assertThat(store.updateShared("rate", "ptv", text -> text))
        .isEqualTo(Integer.toString(threads * updatesEach));
    assertThat(store.updateShared("rate", "other", text -> text == null ? "none" : text))
        .isEqualTo("none");
    assertThat(store.updateShared("rate", "multi-line", text -> "a\nb c\n\u00e9"))
        .isEqualTo("a\nb c\n\u00e9");
    assertThat(store.updateShared("rate", "multi-line", text -> text)).isEqualTo("a\nb c\n\u00e9");
  }

  @Test
  void records_surviveAReopen() {
    RunReport saved = run("p", 1, RunStatus.SUCCEEDED);
    store.saveRun(saved);
    Fingerprint fingerprint =
        new Fingerprint(
            "any-of",
            "ETag \"abc\"; resource has 222 records",
            Map.of(),
            List.of(
                Fingerprint.of("http-validators", "ETag \"abc\"", Map.of("etag", "\"abc\"")),
                Fingerprint.of(
                    "record-count", "resource has 222 records", Map.of("record-count", "222"))));
    ComponentRecord record =
        new ComponentRecord(
            "gtfs", saved.runId(), null, T0, Map.of("k", "v"), fingerprint, T0.minusSeconds(60), 3);
    store.saveComponent("p", record);
    store.close();

    store = reopen(5);

    assertThat(store.runs("p", 10)).containsExactly(saved);
    ComponentRecord read = store.component("p", "gtfs").orElseThrow();
    assertThat(read).isEqualTo(record);
    assertThat(read.fingerprint().description()).isEqualTo(fingerprint.description());
  }

  @Test
  void theLock_isExclusive_namesItsHolder_andIsReleasedOnClose() {
    PipelineLock lock = store.lock("p", "pid 1 on host-a");

    assertThatThrownBy(() -> store.lock("p", "pid 2 on host-b"))
        .isInstanceOf(PipelineLockedException.class)
        .hasMessage(
            "pipeline \"p\" is already running elsewhere (pid 1 on host-a): wait for that run to finish, or stop"
                + " the other process; two processes must not run the same pipeline on one state store at once");
    store.lock("other", "pid 2 on host-b").close();

    lock.close();
    lock.close();
    store.lock("p", "pid 2 on host-b").close();
  }

  @Test
  void closingTheStore_releasesItsLocks() {
    store.lock("p", "pid 1");
    store.close();
    store = reopen(5);
    store.lock("p", "pid 2").close();
  }
}

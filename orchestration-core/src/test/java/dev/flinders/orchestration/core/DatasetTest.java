package dev.flinders.orchestration.core;

import static dev.flinders.orchestration.core.Fixtures.clock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.core.report.RunReportJson;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.InMemoryDatasetSink;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.dataset.DatasetWriter;
import dev.flinders.orchestration.quality.Rule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rows end in exactly one place; rules warn, quarantine or fail; failures commit nothing. */
class DatasetTest {
  private static final DatasetSchema MONTHLY =
      DatasetSchema.builder()
          .required("Year", ColumnType.INT)
          .required("Month", ColumnType.INT)
          .required("Mode", ColumnType.STRING)
          .required("Day_type", ColumnType.STRING)
          .optional("Pax_daily", ColumnType.LONG)
          .build();

  private static final DatasetSpec PATRONAGE =
      DatasetSpec.builder("patronage_monthly", MONTHLY)
          .rule(Rule.range("Month", 1, 12))
          .rule(Rule.oneOf("Mode", "Metro train", "Metro tram", "Metro bus", "Regional train"))
          .rule(Rule.unique("Year", "Month", "Mode", "Day_type"))
          .rule(Rule.atLeast("Pax_daily", 0).warn())
          .build();

  private final ManualClock clock = clock();
  private final InMemoryDatasetSink curated = new InMemoryDatasetSink("curated");
  private final InMemoryDatasetSink quarantine = new InMemoryDatasetSink("quarantine");

  private RunReport run(Task task, RetryPolicy retry) {
    Component component = Component.builder("patronage").task(task).retry(retry).build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(Pipeline.builder("p").component(component).build())
            .timeSource(clock)
            .stateStore(new InMemoryStateStore())
            .datasets(curated, quarantine)
            .build()) {
      return orchestrator.runOnce();
    }
  }

  private RunReport run(Task task) {
    return run(task, RetryPolicy.none());
  }

  private static final String[][] ROWS = {
    {"2025", "7", "Metro train", "Normal weekday", "412000"},
    {"2025", "7", "Metro tram", "Normal weekday", "395000"},
    {"2025", "13", "Metro bus", "Normal weekday", "210000"}, // month out of range
    {"2025", "7", "Ferry", "Normal weekday", "1200"}, // unknown mode
    {"2025", "7", "Metro train", "Normal weekday", "412500"}, // duplicate key
    {"2025", "8", "Metro bus", "Saturday", "-5"}, // negative count: warned, kept
    {"2025", "8a", "Metro bus", "Sunday", "1000"}, // not an INT
    {
      "2025", "8", "", "Sunday", "1000"
    }, // Mode is a STRING: empty text stays "" (one_of catches it)
    {"2025", "8", "Regional train", "Sunday", ""}, // Pax_daily optional: missing is fine
    {"2025", "8", "Metro tram"}, // too few values
  };

  @Test
  void everyRowEndsInExactlyOnePlace_withTheRuleAndReasonOfEachQuarantinedRow() {
    RunReport report =
        run(
            context -> {
              DatasetWriter writer = context.dataset(PATRONAGE);
              for (String[] row : ROWS) {
                writer.writeText(row);
              }
              return Outcome.records(writer.rows());
            });

    ComponentResult result = report.result("patronage").orElseThrow();
    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
    DatasetSummary summary = result.datasets().get(0);
    assertThat(summary.rowsIn()).isEqualTo(ROWS.length);
    assertThat(summary.written()).isEqualTo(4);
    assertThat(summary.quarantined()).isEqualTo(6);
    assertThat(summary.written() + summary.quarantined()).isEqualTo(summary.rowsIn());
    assertThat(summary.quarantinedByRule())
        .containsExactly(
            Map.entry("one_of(Mode)", 2L),
            Map.entry("range(Month,1,12)", 1L),
            Map.entry("type", 2L),
            Map.entry("unique(Year,Month,Mode,Day_type)", 1L));
    assertThat(summary.warningsByRule()).containsExactly(Map.entry("at_least(Pax_daily,0)", 1L));
    assertThat(summary.location()).isEqualTo("curated/patronage_monthly_20261124");
    assertThat(summary.quarantineLocation()).isEqualTo("quarantine/patronage_monthly_20261124");
    assertThat(summary.failure()).isNull();

    List<Object[]> kept = curated.latestRows("patronage_monthly").orElseThrow();
    assertThat(kept).hasSize(4);
    assertThat(kept.get(2)).containsExactly(2025, 8, "Metro bus", "Saturday", -5L);
    assertThat(kept.get(3)).containsExactly(2025, 8, "Regional train", "Sunday", null);
    List<Object[]> aside = quarantine.latestRows("patronage_monthly").orElseThrow();
    assertThat(aside)
        .extracting(row -> row[5] + " | " + row[6] + " | row " + row[7])
        .containsExactly(
            "range(Month,1,12) | Month 13 is outside [1, 12] | row 3",
            "one_of(Mode) | Mode \"Ferry\" is not one of [Metro train, Metro tram, Metro bus,"
                + " Regional train] | row 4",
            "unique(Year,Month,Mode,Day_type) | duplicate Year,Month,Mode,Day_type [2025, 7, Metro"
                + " train, Normal weekday] | row 5",
            "type | Month: \"8a\" is not an INT | row 7",
            "one_of(Mode) | Mode \"\" is not one of [Metro train, Metro tram, Metro bus, Regional"
                + " train] | row 8",
            "type | 3 values for 5 columns | row 10");
    assertThat(aside.get(3)).startsWith("2025", "8a", "Metro bus", "Sunday", "1000");
    assertThat(report.toText())
        .contains(
            "dataset patronage_monthly: 10 rows in, 4 written, 6 quarantined {one_of(Mode)=2,"
                + " range(Month,1,12)=1, type=2, unique(Year,Month,Mode,Day_type)=1}, warnings"
                + " {at_least(Pax_daily,0)=1}");
    assertThat(RunReportJson.fromJson(RunReportJson.toJson(report))).isEqualTo(report);
  }

  @Test
  void aFailRule_failsTheComponentWithoutRetrying_andCommitsNothing() {
    DatasetSpec strict =
        DatasetSpec.builder("patronage_monthly", MONTHLY)
            .rule(Rule.range("Month", 1, 12).fail())
            .build();

    RunReport report =
        run(
            context -> {
              DatasetWriter writer = context.dataset(strict);
              for (String[] row : ROWS) {
                writer.writeText(row);
              }
              return Outcome.success();
            },
            RetryPolicy.exponential(3, Duration.ofSeconds(1)));

    ComponentResult result = report.result("patronage").orElseThrow();
    assertThat(result.status()).isEqualTo(Status.FAILED);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.error())
        .isEqualTo(
            "DataQualityException: dataset patronage_monthly is not committed: range(Month,1,12)"
                + " failed on row 3: Month 13 is outside [1, 12]");
    assertThat(result.datasets().get(0).failure())
        .isEqualTo("range(Month,1,12) failed on row 3: Month 13 is outside [1, 12]");
    assertThat(curated.versions("patronage_monthly")).isEmpty();
  }

  @Test
  void aFailedAttempt_saysItsRowsWereDiscarded_notWritten() {
    RunReport report =
        run(
            context -> {
              DatasetWriter writer = context.dataset(PATRONAGE);
              writer.writeText(ROWS[0]);
              writer.writeText(ROWS[1]);
              throw new IllegalStateException("the source closed the connection");
            });

    DatasetSummary summary = report.result("patronage").orElseThrow().datasets().get(0);
    assertThat(summary.committed()).isFalse();
    assertThat(summary.toString())
        .isEqualTo(
            "patronage_monthly: 2 rows in, all discarded (2 passed the rules, 0 quarantined): the"
                + " attempt failed: IllegalStateException: the source closed the connection");
    assertThat(curated.versions("patronage_monthly")).isEmpty();
  }

  @Test
  void everyAttemptsDatasets_areReported_theRetriedOnesDiscarded_first() {
    java.util.concurrent.atomic.AtomicInteger attempts =
        new java.util.concurrent.atomic.AtomicInteger();
    RunReport report =
        run(
            context -> {
              DatasetWriter writer = context.dataset(PATRONAGE);
              writer.writeText(ROWS[0]);
              if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("connection reset");
              }
              writer.writeText(ROWS[1]);
              return Outcome.success();
            },
            RetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ZERO).build());

    ComponentResult result = report.result("patronage").orElseThrow();
    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(result.datasets()).hasSize(2);
    assertThat(result.datasets().get(0).toString())
        .isEqualTo(
            "patronage_monthly: 1 rows in, all discarded (1 passed the rules, 0 quarantined):"
                + " attempt 1: the attempt failed: IllegalStateException: connection reset");
    assertThat(result.datasets().get(1).committed()).isTrue();
    assertThat(result.datasets().get(1).written()).isEqualTo(2);
  }

  @Test
  void aTimedOutAttempt_reportsItsDatasets_discarded_withTheirCounts() {
    InMemoryStateStore store = new InMemoryStateStore();
    java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
    Component component =
        Component.builder("patronage")
            .task(
                context -> {
                  DatasetWriter writer = context.dataset(PATRONAGE);
                  writer.writeText(ROWS[0]);
                  writer.writeText(ROWS[1]);
                  writer.writeText(ROWS[2]); // quarantined
                  written.countDown();
                  return Fixtures.hangUntilInterrupted().run(context);
                })
            .timeout(Duration.ofMinutes(5))
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(Pipeline.builder("p").component(component).build())
            .timeSource(clock)
            .stateStore(store)
            .datasets(curated, quarantine)
            .build()) {
      java.util.concurrent.CompletableFuture<RunReport> run =
          Fixtures.inBackground(orchestrator::runOnce);
      Fixtures.await(written, "the rows to be written");
      clock.advance(Duration.ofMinutes(5));
      RunReport report = Fixtures.await(run);

      ComponentResult result = report.result("patronage").orElseThrow();
      assertThat(result.status()).isEqualTo(Status.TIMED_OUT);
      assertThat(result.datasets()).hasSize(1);
      DatasetSummary summary = result.datasets().get(0);
      assertThat(summary.rowsIn()).isEqualTo(3);
      assertThat(summary.toString())
          .isEqualTo(
              "patronage_monthly: 3 rows in, all discarded (2 passed the rules, 1 quarantined"
                  + " {range(Month,1,12)=1}): the attempt exceeded its timeout of 5m");
      assertThat(store.component("p", "patronage").orElseThrow().lastResult()).isEqualTo(result);
      assertThat(curated.versions("patronage_monthly")).isEmpty();
      assertThat(quarantine.versions("patronage_monthly")).isEmpty();
    }
  }

  @Test
  void tooLargeAQuarantinedShare_failsTheDataset() {
    DatasetSpec limited =
        DatasetSpec.builder("patronage_monthly", MONTHLY)
            .rule(Rule.range("Month", 1, 12))
            .quarantineLimit(0.05)
            .build();

    RunReport report =
        run(
            context -> {
              DatasetWriter writer = context.dataset(limited);
              for (int i = 0; i < 20; i++) {
                writer.write(2025, i == 0 ? 13 : 1 + i % 12, "Metro train", "Normal weekday", 1L);
              }
              writer.write(2025, 14, "Metro train", "Normal weekday", 1L);
              return Outcome.success();
            });

    assertThat(report.result("patronage").orElseThrow().error())
        .endsWith("2 of 21 rows quarantined (9.5 %), above the limit of 5.0 %");
    assertThat(curated.versions("patronage_monthly")).isEmpty();
    assertThat(quarantine.versions("patronage_monthly")).isEmpty();
  }

  @Test
  void rowCountsAndSourceColumns_areCheckedAsAWhole() {
    DatasetSpec bounded =
        DatasetSpec.builder("patronage_monthly", MONTHLY)
            .rule(Rule.rowCount(2, 100))
            .rule(Rule.requiredColumns("Year", "Month", "Mode", "Day_type", "Pax_daily"))
            .build();

    RunReport tooFew =
        run(
            context -> {
              context.dataset(bounded).write(2025, 1, "Metro train", "Normal weekday", 1L);
              return Outcome.success();
            });
    RunReport missingColumn =
        run(
            context -> {
              context.dataset(bounded).sourceColumns(List.of("Year", "Month", "Mode", "Day_type"));
              return Outcome.success();
            });

    assertThat(tooFew.result("patronage").orElseThrow().error())
        .endsWith(
            "row_count(2,100) failed on the whole dataset: 1 rows, expected between 2 and 100");
    assertThat(missingColumn.result("patronage").orElseThrow().error())
        .endsWith(
            "required_columns(Year,Month,Mode,Day_type,Pax_daily) failed on the source's columns:"
                + " the source lacks [Pax_daily]; it has [Year, Month, Mode, Day_type]");
  }

  @Test
  void aTaskThatFailsAfterWriting_commitsNothing_andTheRetryStartsAfresh() {
    int[] attempts = {0};
    RunReport report =
        run(
            context -> {
              DatasetWriter writer = context.dataset(PATRONAGE);
              writer.write(2025, 7, "Metro train", "Normal weekday", 1L);
              writer.write(2025, 8, "Metro train", "Normal weekday", 2L);
              if (++attempts[0] == 1) {
                throw new IllegalStateException("the source broke off");
              }
              return Outcome.success();
            },
            RetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ZERO).build());

    assertThat(report.status("patronage")).isEqualTo(Status.SUCCEEDED);
    assertThat(curated.latestRows("patronage_monthly").orElseThrow()).hasSize(2);
  }

  @Test
  void aFailedTask_leavesThePreviousVersionAndSaysWhyInTheSummary() {
    RunReport report =
        run(
            context -> {
              context.dataset(PATRONAGE).write(2025, 7, "Metro train", "Normal weekday", 1L);
              throw new IllegalStateException("the source broke off");
            });

    DatasetSummary summary = report.result("patronage").orElseThrow().datasets().get(0);
    assertThat(summary.failure())
        .isEqualTo("the attempt failed: IllegalStateException: the source broke off");
    assertThat(summary.location()).isNull();
    assertThat(curated.versions("patronage_monthly")).isEmpty();
  }

  @Test
  void aTimedOutTask_commitsNothing_evenIfItReturnsNormallyAfterwards() throws Exception {
    java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch returned = new java.util.concurrent.CountDownLatch(1);
    Component component =
        Component.builder("patronage")
            .timeout(Duration.ofMinutes(5))
            .task(
                context -> {
                  try {
                    context.dataset(PATRONAGE).write(2025, 7, "Metro train", "Normal weekday", 1L);
                    writing.countDown();
                    while (!context.isCancelled()) {
                      Thread.onSpinWait();
                    }
                    return Outcome.success(); // too late: the attempt has been reported TIMED_OUT
                  } finally {
                    returned.countDown();
                  }
                })
            .build();

    try (Orchestrator orchestrator =
        Orchestrator.builder(Pipeline.builder("p").component(component).build())
            .timeSource(clock)
            .stateStore(new InMemoryStateStore())
            .datasets(curated, quarantine)
            .build()) {
      java.time.Instant start = clock.instant();
      java.util.concurrent.CompletableFuture<RunReport> run =
          Fixtures.inBackground(orchestrator::runOnce);
      Fixtures.await(writing, "the task to write");
      Fixtures.awaitTimer(clock, start.plus(Duration.ofMinutes(5)));
      clock.advance(Duration.ofMinutes(5));

      assertThat(Fixtures.await(run).status("patronage")).isEqualTo(Status.TIMED_OUT);
      Fixtures.await(returned, "the task to return");
    }
    assertThat(curated.versions("patronage_monthly")).isEmpty();
  }

  @Test
  void ifOneDatasetOfAnAttemptIsRefused_noneIsCommitted() {
    DatasetSpec strict =
        DatasetSpec.builder(
                "stops", DatasetSchema.builder().required("Stop_ID", ColumnType.INT).build())
            .rule(Rule.rowCount(1, 10))
            .build();

    RunReport report =
        run(
            context -> {
              context.dataset(PATRONAGE).write(2025, 7, "Metro train", "Normal weekday", 1L);
              context.dataset(strict); // no rows: breaks its row count
              return Outcome.success();
            });

    assertThat(report.status("patronage")).isEqualTo(Status.FAILED);
    assertThat(curated.versions("patronage_monthly")).isEmpty();
    assertThat(report.result("patronage").orElseThrow().datasets())
        .extracting(DatasetSummary::failure)
        .allSatisfy(failure -> assertThat(failure).isNotNull());
  }

  @Test
  void withoutSinks_writingADatasetSaysWhatToAdd() {
    Component component =
        Component.builder("patronage")
            .task(
                context -> {
                  context.dataset(PATRONAGE);
                  return Outcome.success();
                })
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(Pipeline.builder("p").component(component).build())
            .timeSource(clock)
            .stateStore(new InMemoryStateStore())
            .build()) {
      assertThat(orchestrator.runOnce().result("patronage").orElseThrow().error())
          .contains(
              "the orchestrator has no dataset sinks; add datasets(curatedSink, quarantineSink)");
    }
  }
}

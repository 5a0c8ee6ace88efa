package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.testing.InMemoryDatasetSink;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.dataset.DatasetWriter;
import dev.flinders.orchestration.quality.Rule;
import dev.flinders.orchestration.spi.Compaction;
import dev.flinders.orchestration.spi.DatasetOutput;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spi.DatasetVersion;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An appending dataset: each run adds a file, quarantined rows are appended too, the files of
 * closed hours are merged after a commit and the report says so, and a compaction that fails leaves
 * the commit standing.
 */
class AppendingDatasetTest {
  private static final DatasetSchema POSITIONS =
      DatasetSchema.builder()
          .required("vehicle_id", ColumnType.STRING)
          .optional("latitude", ColumnType.DOUBLE)
          .build();

  private static final DatasetSpec HOURLY =
      DatasetSpec.builder("positions", POSITIONS)
          .appending(ChronoUnit.HOURS)
          .rule(Rule.range("latitude", -90, 90))
          .build();

  private final InMemoryDatasetSink curated = new InMemoryDatasetSink("curated");
  private final InMemoryDatasetSink quarantine = new InMemoryDatasetSink("quarantine");

  private ManualRunner runner(DatasetSpec spec, DatasetSink sink) {
    int[] run = {0};
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                Component.builder("positions")
                    .task(
                        context -> {
                          DatasetWriter writer = context.dataset(spec);
                          int n = run[0]++;
                          writer.write("bus-" + n, -37.8);
                          writer.write("tram-" + n, n % 4 == 0 ? 123.0 : -37.9);
                          return Outcome.records(writer.rows());
                        })
                    .build())
            .build();
    return ManualRunner.builder(pipeline)
        .startingAt("2026-12-02T07:00:00Z")
        .configure(orchestrator -> orchestrator.datasets(sink, quarantine))
        .build();
  }

  @Test
  void eachRunAddsAFile_andClosedHoursAreMerged_curatedAndQuarantined() {
    try (ManualRunner runner = runner(HOURLY, curated)) {
      DatasetSummary last = null;
      for (int i = 0; i < 8; i++) { // every 15 minutes from 07:00 to 08:45 UTC
        last = runner.runDue().result("positions").orElseThrow().datasets().get(0);
        runner.tick(Duration.ofMinutes(15));
      }
      assertThat(curated.appended("positions"))
          .extracting(DatasetVersion::version)
          .containsExactly(
              "20261202T07",
              "20261202T080000000",
              "20261202T081500000",
              "20261202T083000000",
              "20261202T084500000");
      assertThat(curated.appendedRows("positions")).hasSize(8 + 6);
      assertThat(quarantine.appendedRows("positions"))
          .as("runs 0 and 4 each quarantined one row; none replaced another")
          .hasSize(2);
      assertThat(quarantine.appended("positions"))
          .extracting(DatasetVersion::version)
          .containsExactly("20261202T07", "20261202T080000000");

      ComponentResult at0900 = runner.runDue().result("positions").orElseThrow();
      DatasetSummary summary = at0900.datasets().get(0);
      assertThat(summary.compactions())
          .containsExactly("20261202T08: 4 files, 7 rows", "quarantine 20261202T08: 1 file, 1 row");
      assertThat(summary.toString())
          .isEqualTo(
              "positions: 2 rows in, 1 written, 1 quarantined {range(latitude,-90,90)=1},"
                  + " compacted 20261202T08: 4 files, 7 rows; quarantine 20261202T08: 1 file, 1"
                  + " row");
      assertThat(last.compactions()).isEmpty();
    }
  }

  @Test
  void aCompactionThatFails_leavesTheCommit_andSaysWhy() {
    DatasetSink failing =
        new DatasetSink() {
          @Override
          public DatasetOutput open(String dataset, DatasetSchema schema, Instant at) {
            return curated.open(dataset, schema, at);
          }

          @Override
          public List<DatasetVersion> versions(String dataset) {
            return curated.versions(dataset);
          }

          @Override
          public DatasetOutput openAppending(String dataset, DatasetSchema schema, Instant at) {
            return curated.openAppending(dataset, schema, at);
          }

          @Override
          public List<Compaction> compact(
              String dataset, DatasetSchema schema, ChronoUnit period, Instant now) {
            throw new IllegalStateException("disk full");
          }
        };
    try (ManualRunner runner = runner(HOURLY, failing)) {
      ComponentResult result = runner.runDue().result("positions").orElseThrow();

      assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(curated.appendedRows("positions")).hasSize(1);
      assertThat(result.datasets().get(0).compactions()).containsExactly("not merged: disk full");
    }
  }

  @Test
  void aSinkWithoutAppending_refusesWithWhatToDo() {
    assertThatThrownBy(
            () ->
                new DatasetSink() {
                  @Override
                  public DatasetOutput open(String dataset, DatasetSchema schema, Instant at) {
                    throw new AssertionError();
                  }

                  @Override
                  public List<DatasetVersion> versions(String dataset) {
                    return List.of();
                  }
                }.openAppending("positions", POSITIONS, Instant.EPOCH))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("does not store appending datasets (dataset positions)")
        .hasMessageContaining("ParquetDatasetSink");
  }

  @Test
  void specsSayWhatTheyCannotBe() {
    assertThatThrownBy(
            () -> DatasetSpec.builder("positions", POSITIONS).appending(ChronoUnit.MINUTES))
        .hasMessage(
            "dataset positions cannot be compacted by Minutes: compact by ChronoUnit.HOURS or"
                + " ChronoUnit.DAYS");
    assertThatThrownBy(
            () ->
                DatasetSpec.builder("positions", POSITIONS)
                    .partitionedBy("vehicle_id")
                    .appending()
                    .build())
        .hasMessageContaining("cannot be both partitioned by \"vehicle_id\" and appending");
    assertThat(HOURLY.toString()).endsWith(" appending, compacted by Hours");
    assertThat(HOURLY.appending()).isTrue();
    assertThat(HOURLY.compaction()).contains(ChronoUnit.HOURS);
  }
}

package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.core.testing.InMemoryDatasetSink;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.dataset.DatasetWriter;
import dev.flinders.orchestration.quality.Rule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A dataset partitioned by a column: rows go to the partition of their value, the rules see the
 * whole row, a run replaces the partitions it writes and leaves the others, and the quarantine
 * keeps the partition column.
 */
class PartitionedDatasetTest {
  private static final DatasetSchema STOPS =
      DatasetSchema.builder()
          .required("mode", ColumnType.INT)
          .required("stop_id", ColumnType.STRING)
          .optional("stop_name", ColumnType.STRING)
          .build();

  private static final DatasetSpec GTFS_STOPS =
      DatasetSpec.builder("gtfs_stops", STOPS)
          .partitionedBy("mode")
          .rule(Rule.unique("mode", "stop_id")) // a stop id is unique within its mode
          .build();

  private final InMemoryDatasetSink curated = new InMemoryDatasetSink("curated");
  private final InMemoryDatasetSink quarantine = new InMemoryDatasetSink("quarantine");

  private ManualRunner runner(Task task) {
    Pipeline pipeline =
        Pipeline.builder("p").component(Component.builder("stops").task(task).build()).build();
    return ManualRunner.builder(pipeline)
        .configure(orchestrator -> orchestrator.datasets(curated, quarantine))
        .build();
  }

  private static Task writing(String[]... rows) {
    return context -> {
      DatasetWriter stops = context.dataset(GTFS_STOPS);
      String mode = null;
      for (String[] row : rows) {
        if (mode != null && !mode.equals(row[0])) {
          stops.finishPartition();
        }
        mode = row[0];
        stops.writeText(row);
      }
      return Outcome.records(stops.rows());
    };
  }

  @Test
  void rowsGoToTheirPartition_rulesSeeThePartitionColumn_andTheQuarantineKeepsIt() {
    try (ManualRunner runner =
        runner(
            writing(
                new String[] {"2", "19843", "Flinders Street"},
                new String[] {"2", "19843", "Flinders Street again"}, // duplicate within mode 2
                new String[] {"4", "19843", "a bus stop with the same id"}))) {
      ComponentResult result = runner.runDue().result("stops").orElseThrow();

      assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
      DatasetSummary summary = result.datasets().get(0);
      assertThat(summary.partitions()).containsExactly("mode=2", "mode=4");
      assertThat(summary.location()).isEqualTo("curated/gtfs_stops");
      assertThat(summary.toString())
          .isEqualTo(
              "gtfs_stops: 3 rows in, 2 written, 1 quarantined {unique(mode,stop_id)=1},"
                  + " partitions mode=2 mode=4");
      assertThat(curated.partitionRows("gtfs_stops", "mode=2").orElseThrow())
          .containsExactly(new Object[] {"19843", "Flinders Street"});
      assertThat(curated.partitionRows("gtfs_stops", "mode=4").orElseThrow())
          .containsExactly(new Object[] {"19843", "a bus stop with the same id"});
      Object[] quarantined = quarantine.latestRows("gtfs_stops").orElseThrow().get(0);
      assertThat(quarantined[0]).as("the quarantine keeps the mode").isEqualTo("2");
    }
  }

  @Test
  void aRunReplacesOnlyThePartitionsItWrites() {
    String[][] first = {{"2", "1", "Flinders Street"}, {"4", "100", "Bus stop"}};
    String[][] second = {{"4", "100", "Bus stop, renamed"}, {"4", "101", "New bus stop"}};
    List<String[][]> runs = List.of(first, second);
    int[] run = {0};
    try (ManualRunner runner = runner(context -> writing(runs.get(run[0]++)).run(context))) {
      runner.runDue();
      RunReport later = runner.tick(Duration.ofDays(1)).runDue();

      assertThat(later.result("stops").orElseThrow().datasets().get(0).partitions())
          .containsExactly("mode=4");
      assertThat(curated.partitions("gtfs_stops"))
          .extracting(version -> version.version())
          .containsExactly("mode=2", "mode=4");
      assertThat(curated.partitionRows("gtfs_stops", "mode=2").orElseThrow())
          .as("untouched")
          .containsExactly(new Object[] {"1", "Flinders Street"});
      assertThat(curated.partitionRows("gtfs_stops", "mode=4").orElseThrow())
          .containsExactly(
              new Object[] {"100", "Bus stop, renamed"}, new Object[] {"101", "New bus stop"});
    }
  }

  @Test
  void aRowOfAFinishedPartition_failsTheTask_andNothingIsCommitted() {
    Task interleaved =
        context -> {
          DatasetWriter stops = context.dataset(GTFS_STOPS);
          stops.writeText("2", "1", "Flinders Street");
          stops.writeText("4", "100", "Bus stop");
          stops.writeText("2", "2", "Southern Cross"); // mode 2 again
          return Outcome.success();
        };
    try (ManualRunner runner = runner(interleaved)) {
      ComponentResult result = runner.runDue().result("stops").orElseThrow();

      assertThat(result.status()).isEqualTo(Status.FAILED);
      assertThat(result.error())
          .contains("a row of partition mode=2 came after that partition was finished");
      assertThat(curated.partitions("gtfs_stops")).isEmpty();
    }
  }

  @Test
  void partitionedBy_refusesAColumnItCannotUse_sayingWhy() {
    assertThatThrownBy(() -> DatasetSpec.builder("gtfs_stops", STOPS).partitionedBy("route"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "dataset gtfs_stops cannot be partitioned by \"route\": its schema has no such column;"
                + " its columns are [mode, stop_id, stop_name]");
    assertThatThrownBy(() -> DatasetSpec.builder("gtfs_stops", STOPS).partitionedBy("stop_name"))
        .hasMessage(
            "dataset gtfs_stops cannot be partitioned by \"stop_name\": it is optional, and every"
                + " row needs a partition; make it required");
    DatasetSchema withDouble =
        DatasetSchema.builder()
            .required("lat", ColumnType.DOUBLE)
            .required("id", ColumnType.STRING)
            .build();
    assertThatThrownBy(() -> DatasetSpec.builder("stops", withDouble).partitionedBy("lat"))
        .hasMessage(
            "dataset stops cannot be partitioned by \"lat\" of type DOUBLE: partition by a STRING,"
                + " INT, LONG, DATE or BOOLEAN column");
    assertThat(GTFS_STOPS.storedSchema().columns())
        .extracting(column -> column.name())
        .containsExactly("stop_id", "stop_name");
  }
}

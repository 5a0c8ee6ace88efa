package dev.flinders.orchestration.parquet;

import static dev.flinders.orchestration.parquet.ParquetDatasetSinkTest.MELBOURNE;
import static dev.flinders.orchestration.parquet.ParquetDatasetSinkTest.NOV_25;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.parquet.internal.PartitionedParquetOutput;
import dev.flinders.orchestration.spi.DatasetVersion;
import dev.flinders.orchestration.spi.PartitionedOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partitioned datasets on disk: Hive layout read by DuckDB, a commit replaces the partitions it
 * wrote and no others, nothing is visible before the commit, and a commit cut short by a crash is
 * finished by the next writer.
 */
class PartitionedDatasetSinkTest {
  /** The rows as stored: the partition column, {@code mode}, is the directory's. */
  private static final DatasetSchema STOP_TIMES =
      DatasetSchema.builder()
          .required("trip_id", ColumnType.STRING)
          .required("stop_sequence", ColumnType.INT)
          .optional("arrival_time", ColumnType.STRING)
          .build();

  @TempDir Path directory;

  private ParquetDatasetSink sink() {
    return ParquetDatasetSink.builder(directory).zone(MELBOURNE).build();
  }

  private static void write(PartitionedOutput output, String mode, int trips) {
    for (int trip = 1; trip <= trips; trip++) {
      for (int sequence = 1; sequence <= 3; sequence++) {
        output.write(
            mode, new Object[] {mode + "-trip-" + trip, sequence, "25:0" + sequence + ":00"});
      }
    }
  }

  private Map<Long, Long> rowsPerMode() throws Exception {
    Map<Long, Long> counts = new LinkedHashMap<>();
    String glob =
        directory.resolve("gtfs_stop_times").toString().replace("'", "''") + "/*/*.parquet";
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT mode, count(*) FROM read_parquet('"
                    + glob
                    + "', hive_partitioning = true) GROUP BY mode ORDER BY mode")) {
      while (rows.next()) {
        counts.put(rows.getLong(1), rows.getLong(2));
      }
    }
    return counts;
  }

  @Test
  void partitionsAreHiveDirectories_readByDuckDbWithTheirColumn() throws Exception {
    try (PartitionedOutput output =
        sink().openPartitioned("gtfs_stop_times", STOP_TIMES, "mode", NOV_25)) {
      write(output, "2", 10);
      write(output, "4", 100);
      List<DatasetVersion> versions = output.commit();

      assertThat(versions).extracting(DatasetVersion::version).containsExactly("mode=2", "mode=4");
      assertThat(versions.get(1).location())
          .isEqualTo(
              directory.resolve("gtfs_stop_times/mode=4/gtfs_stop_times.parquet").toString());
    }
    assertThat(rowsPerMode()).containsExactly(Map.entry(2L, 30L), Map.entry(4L, 300L));
    assertThat(sink().partitions("gtfs_stop_times"))
        .extracting(DatasetVersion::version)
        .containsExactly("mode=2", "mode=4");
    try (ParquetDatasetReader reader = sink().read(sink().partitions("gtfs_stop_times").get(0))) {
      assertThat(reader.nextRow().string("trip_id")).isEqualTo("2-trip-1");
    }
  }

  @Test
  void aCommitReplacesTheWrittenPartitions_andLeavesTheOthersFilesAlone() throws Exception {
    ParquetDatasetSink sink = sink();
    try (PartitionedOutput output =
        sink.openPartitioned("gtfs_stop_times", STOP_TIMES, "mode", NOV_25)) {
      write(output, "2", 10);
      write(output, "3", 20);
      write(output, "4", 100);
      output.commit();
    }
    Path metro = directory.resolve("gtfs_stop_times/mode=2/gtfs_stop_times.parquet");
    FileTime untouched = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
    Files.setLastModifiedTime(metro, untouched);
    byte[] metroBytes = Files.readAllBytes(metro);

    try (PartitionedOutput output =
        sink.openPartitioned("gtfs_stop_times", STOP_TIMES, "mode", NOV_25.plusSeconds(86_400))) {
      write(output, "4", 7);
      output.commit();
    }

    assertThat(rowsPerMode())
        .containsExactly(Map.entry(2L, 30L), Map.entry(3L, 60L), Map.entry(4L, 21L));
    assertThat(Files.getLastModifiedTime(metro)).as("not rewritten").isEqualTo(untouched);
    assertThat(Files.readAllBytes(metro)).isEqualTo(metroBytes);
    assertThat(visibleFiles()).as("no temporary file or journal left").hasSize(3);
  }

  @Test
  void nothingIsVisibleBeforeTheCommit_andClosingWithoutOneKeepsThePreviousPartitions()
      throws Exception {
    ParquetDatasetSink sink = sink();
    try (PartitionedOutput output =
        sink.openPartitioned("gtfs_stop_times", STOP_TIMES, "mode", NOV_25)) {
      write(output, "4", 10);
      output.commit();
    }
    try (PartitionedOutput output =
        sink.openPartitioned("gtfs_stop_times", STOP_TIMES, "mode", NOV_25.plusSeconds(60))) {
      write(output, "4", 500);
      write(output, "5", 5);
      output.finishPartition();
      assertThat(rowsPerMode()).as("before the commit").containsExactly(Map.entry(4L, 30L));
    } // closed without a commit

    assertThat(rowsPerMode()).containsExactly(Map.entry(4L, 30L));
    assertThat(allFiles()).as("the discarded files are gone").hasSize(1);
  }

  @Test
  void aRowOfAPartitionAlreadyFinished_isRefused_namingIt() {
    try (PartitionedOutput output =
        sink().openPartitioned("gtfs_stop_times", STOP_TIMES, "mode", NOV_25)) {
      write(output, "2", 1);
      write(output, "4", 1);
      assertThatThrownBy(() -> write(output, "2", 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "dataset gtfs_stop_times: a row of partition mode=2 came after that partition was"
                  + " finished; write each partition's rows together");
    }
  }

  @Test
  void aCommitCutShortByACrash_isFinishedByTheNextWriter() throws Exception {
    // given: partitions 2 and 4 committed; then a writer finished new files for both and wrote its
    // journal, renamed the first and died (its journal names a process that has ended)
    ParquetDatasetSink sink = sink();
    try (PartitionedOutput output =
        sink.openPartitioned("gtfs_stop_times", STOP_TIMES, "mode", NOV_25)) {
      write(output, "2", 1);
      write(output, "4", 1);
      output.commit();
    }
    Path dataset = directory.resolve("gtfs_stop_times");
    Path newMetro = dataset.resolve("mode=2/.gtfs_stop_times.parquet.1-dead.tmp");
    Path newBus = dataset.resolve("mode=4/.gtfs_stop_times.parquet.1-dead.tmp");
    copyWithRows(sink, "2", 2, newMetro);
    copyWithRows(sink, "4", 4, newBus);
    long dead = deadPid();
    Files.writeString(
        dataset.resolve(".commit-" + dead + "-1.journal"),
        "mode=2/.gtfs_stop_times.parquet.1-dead.tmp\tmode=2/gtfs_stop_times.parquet\n"
            + "mode=4/.gtfs_stop_times.parquet.1-dead.tmp\tmode=4/gtfs_stop_times.parquet\n");
    Files.move(
        newMetro,
        dataset.resolve("mode=2/gtfs_stop_times.parquet"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    // when: the next writer opens the dataset
    sink.openPartitioned("gtfs_stop_times", STOP_TIMES, "mode", NOV_25).close();

    // then: both partitions are the new ones, and the journal is gone
    assertThat(rowsPerMode()).containsExactly(Map.entry(2L, 6L), Map.entry(4L, 12L));
    assertThat(allFiles()).hasSize(2);
  }

  @Test
  void partitionValues_areEscapedAsHiveEscapesThem() {
    assertThat(PartitionedParquetOutput.directoryName("route", "Night/Bus 1"))
        .isEqualTo("route=Night%2FBus%201");
    assertThat(PartitionedParquetOutput.directoryName("mode", "4")).isEqualTo("mode=4");
    assertThat(PartitionedParquetOutput.directoryName("day", "2026-11-25"))
        .isEqualTo("day=2026-11-25");
    assertThat(PartitionedParquetOutput.directoryName("name", "..")).isEqualTo("name=%2E%2E");
  }

  /**
   * A finished file of {@code trips} trips of {@code mode}, written by a sink, copied to {@code
   * to}.
   */
  private void copyWithRows(ParquetDatasetSink sink, String mode, int trips, Path to)
      throws Exception {
    Path scratch = Files.createTempDirectory(directory, "scratch");
    ParquetDatasetSink other = ParquetDatasetSink.builder(scratch).zone(MELBOURNE).build();
    try (PartitionedOutput output =
        other.openPartitioned("gtfs_stop_times", STOP_TIMES, "mode", NOV_25)) {
      write(output, mode, trips);
      output.commit();
    }
    Files.copy(scratch.resolve("gtfs_stop_times/mode=" + mode + "/gtfs_stop_times.parquet"), to);
    try (Stream<Path> files = Files.walk(scratch)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private static long deadPid() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    return process.pid();
  }

  private List<Path> allFiles() throws Exception {
    try (Stream<Path> files = Files.walk(directory.resolve("gtfs_stop_times"))) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private List<Path> visibleFiles() throws Exception {
    List<Path> visible = new ArrayList<>();
    for (Path file : allFiles()) {
      if (!file.getFileName().toString().startsWith(".")) {
        visible.add(file);
      }
    }
    assertThat(visible).hasSameSizeAs(allFiles());
    return visible;
  }
}

package dev.flinders.orchestration.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.spi.Compaction;
import dev.flinders.orchestration.spi.DatasetOutput;
import dev.flinders.orchestration.spi.DatasetVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appending datasets on disk: each commit a file of its own, compaction of closed hours and days
 * into one file with every row once (counted with DuckDB before and after), and a compaction cut
 * short at each step finished or undone by the next one.
 */
class AppendingDatasetSinkTest {
  static final DatasetSchema SNAPSHOT =
      DatasetSchema.builder()
          .required("id", ColumnType.LONG)
          .required("trip_id", ColumnType.STRING)
          .optional("delay", ColumnType.INT)
          .build();

  /** 07:00 in Melbourne on 2 December 2026 (UTC+11). */
  static final Instant SEVEN = Instant.parse("2026-12-01T20:00:00Z");

  static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  @TempDir Path directory;

  private ParquetDatasetSink sink() {
    return ParquetDatasetSink.builder(directory).zone(MELBOURNE).build();
  }

  /** Commits a snapshot of {@code rows} rows with ids from {@code firstId}. */
  static DatasetVersion snapshot(ParquetDatasetSink sink, Instant at, long firstId, int rows) {
    try (DatasetOutput output = sink.openAppending("gtfsr_trip_updates", SNAPSHOT, at)) {
      for (long id = firstId; id < firstId + rows; id++) {
        output.write(new Object[] {id, "trip-" + id % 7, id % 5 == 0 ? null : (int) (id % 300)});
      }
      return output.commit();
    }
  }

  private long duckDbCount(String where) throws Exception {
    String glob =
        directory.resolve("gtfsr_trip_updates").toString().replace("'", "''") + "/*.parquet";
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT count(*), count(DISTINCT id) FROM read_parquet('" + glob + "')" + where)) {
      result.next();
      assertThat(result.getLong(2)).as("no row doubled").isEqualTo(result.getLong(1));
      return result.getLong(1);
    }
  }

  private List<String> files() throws Exception {
    try (Stream<Path> files = Files.list(directory.resolve("gtfsr_trip_updates"))) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void eachCommitIsAFileOfItsOwn_namedByItsLocalTime_andTwoInOneMillisecondBothKept()
      throws Exception {
    ParquetDatasetSink sink = sink();
    snapshot(sink, SEVEN.plusSeconds(30), 0, 10);
    snapshot(sink, SEVEN.plusSeconds(60), 10, 10);
    snapshot(sink, SEVEN.plusSeconds(60), 20, 10);

    assertThat(files())
        .containsExactly(
            "gtfsr_trip_updates_20261202T070030000.parquet",
            "gtfsr_trip_updates_20261202T070100000.parquet",
            "gtfsr_trip_updates_20261202T070100001.parquet");
    assertThat(sink.appended("gtfsr_trip_updates"))
        .extracting(DatasetVersion::version)
        .containsExactly("20261202T070030000", "20261202T070100000", "20261202T070100001");
    assertThat(duckDbCount("")).isEqualTo(30);
    assertThat(sink.versions("gtfsr_trip_updates")).as("not a versioned dataset").isEmpty();
    assertThat(sink.lastCommitted("gtfsr_trip_updates"))
        .as("the newest file's modification time: written just now")
        .hasValueSatisfying(
            at -> assertThat(at).isBetween(Instant.now().minusSeconds(60), Instant.now()));
    assertThat(sink.lastCommitted("never_written")).isEmpty();
  }

  @Test
  void anUncommittedFileLeavesNothing() throws Exception {
    ParquetDatasetSink sink = sink();
    snapshot(sink, SEVEN, 0, 10);
    try (DatasetOutput output =
        sink.openAppending("gtfsr_trip_updates", SNAPSHOT, SEVEN.plusSeconds(30))) {
      output.write(new Object[] {99L, "trip", 1});
    }
    assertThat(files()).containsExactly("gtfsr_trip_updates_20261202T070000000.parquet");
  }

  @Test
  void closedHoursAreMergedIntoOneFile_withEveryRowOnce_andOpenHoursLeftAlone() throws Exception {
    ParquetDatasetSink sink = sink();
    long id = 0;
    for (int minute = 0; minute < 120; minute += 10) { // 07:00 to 08:50, six files an hour
      snapshot(sink, SEVEN.plusSeconds(minute * 60L), id, 100 + minute);
      id += 100 + minute;
    }
    long before = duckDbCount("");

    List<Compaction> done =
        sink.compact("gtfsr_trip_updates", SNAPSHOT, ChronoUnit.HOURS, SEVEN.plusSeconds(115 * 60));

    assertThat(done)
        .singleElement()
        .satisfies(
            compaction -> {
              assertThat(compaction.result().version()).isEqualTo("20261202T07");
              assertThat(compaction.merged()).hasSize(6);
              assertThat(compaction.rows()).isEqualTo(6 * 100 + (0 + 10 + 20 + 30 + 40 + 50));
            });
    assertThat(files())
        .as("hour 07 merged, hour 08 (still open at 08:55) left as six files")
        .hasSize(7)
        .first()
        .isEqualTo("gtfsr_trip_updates_20261202T07.parquet");
    assertThat(duckDbCount("")).isEqualTo(before);
    assertThat(
            sink.compact(
                "gtfsr_trip_updates", SNAPSHOT, ChronoUnit.HOURS, SEVEN.plusSeconds(115 * 60)))
        .as("a re-run finds nothing to merge")
        .isEmpty();

    // a late file of an hour merged before is merged into it
    snapshot(sink, SEVEN.plusSeconds(59 * 60), id, 7);
    assertThat(
            sink.compact(
                "gtfsr_trip_updates", SNAPSHOT, ChronoUnit.HOURS, SEVEN.plusSeconds(3 * 3600)))
        .extracting(c -> c.result().version() + " " + c.merged().size())
        .containsExactly("20261202T07 2", "20261202T08 6");
    assertThat(files())
        .containsExactly(
            "gtfsr_trip_updates_20261202T07.parquet", "gtfsr_trip_updates_20261202T08.parquet");
    assertThat(duckDbCount("")).isEqualTo(before + 7);
  }

  @Test
  void closedDaysMergeTheirHoursAndCommits_inTheSinksZone() throws Exception {
    ParquetDatasetSink sink = sink();
    // 23:30 on 2 December and 00:30 on 3 December in Melbourne: two local days
    snapshot(sink, SEVEN.plusSeconds(16 * 3600 + 1800), 0, 5);
    snapshot(sink, SEVEN.plusSeconds(17 * 3600 + 1800), 5, 5);
    sink.compact(
        "gtfsr_trip_updates", SNAPSHOT, ChronoUnit.HOURS, SEVEN.plusSeconds(16 * 3600 + 3600));
    snapshot(sink, SEVEN.plusSeconds(5 * 3600), 10, 5); // noon on 2 December
    assertThat(files()).hasSize(3);

    List<Compaction> done =
        sink.compact("gtfsr_trip_updates", SNAPSHOT, ChronoUnit.DAYS, SEVEN.plusSeconds(17 * 3600));

    assertThat(done).extracting(c -> c.result().version()).containsExactly("20261202");
    assertThat(files())
        .containsExactly(
            "gtfsr_trip_updates_20261202.parquet", "gtfsr_trip_updates_20261203T003000000.parquet");
    assertThat(duckDbCount("")).isEqualTo(15);
    try (ParquetDatasetReader reader =
        ParquetDatasetReader.open(
            directory.resolve("gtfsr_trip_updates/gtfsr_trip_updates_20261202.parquet"))) {
      assertThat(reader.readAll())
          .extracting(row -> (Long) row[0])
          .as("oldest file first: the hour 23 file sorts after noon's commit")
          .containsExactly(10L, 11L, 12L, 13L, 14L, 0L, 1L, 2L, 3L, 4L);
    }
  }

  @Test
  void filesOfAnEarlierSchemaAreMergedByColumnName() throws Exception {
    ParquetDatasetSink sink = sink();
    DatasetSchema older =
        DatasetSchema.builder()
            .required("trip_id", ColumnType.STRING)
            .required("id", ColumnType.LONG)
            .build();
    try (DatasetOutput output = sink.openAppending("gtfsr_trip_updates", older, SEVEN)) {
      output.write(new Object[] {"trip-a", 1L});
      output.commit();
    }
    snapshot(sink, SEVEN.plusSeconds(60), 2, 1);

    sink.compact("gtfsr_trip_updates", SNAPSHOT, ChronoUnit.HOURS, SEVEN.plusSeconds(3600));

    try (ParquetDatasetReader reader =
        ParquetDatasetReader.open(
            directory.resolve("gtfsr_trip_updates/gtfsr_trip_updates_20261202T07.parquet"))) {
      assertThat(reader.schema()).isEqualTo(SNAPSHOT);
      assertThat(reader.readAll())
          .containsExactly(new Object[] {1L, "trip-a", null}, new Object[] {2L, "trip-2", 2});
    }
  }

  @Test
  void aFileThatCannotBeMerged_stopsOnlyItsPeriod_saysWhichFile_andLaterPeriodsMerge()
      throws Exception {
    ParquetDatasetSink sink = sink();
    snapshot(sink, SEVEN, 0, 3);
    DatasetVersion bad = snapshot(sink, SEVEN.plusSeconds(60), 3, 3);
    Files.writeString(Path.of(bad.location()), "not parquet", StandardCharsets.UTF_8);
    snapshot(sink, SEVEN.plusSeconds(3600), 6, 3); // hour 08
    snapshot(sink, SEVEN.plusSeconds(3660), 9, 3);

    List<Compaction> done =
        sink.compact("gtfsr_trip_updates", SNAPSHOT, ChronoUnit.HOURS, SEVEN.plusSeconds(7200));

    assertThat(done).hasSize(2);
    assertThat(done.get(0).failure()).contains(bad.location()).contains("Move that file out of");
    assertThat(done.get(0).toString()).startsWith("gtfsr_trip_updates: 20261202T07 not merged: ");
    assertThat(done.get(1).failure()).isNull();
    assertThat(done.get(1).rows()).isEqualTo(6);
    assertThat(files())
        .as("hour 07 as it was, no temporary file left; hour 08 merged")
        .containsExactly(
            "gtfsr_trip_updates_20261202T070000000.parquet",
            "gtfsr_trip_updates_20261202T070100000.parquet",
            "gtfsr_trip_updates_20261202T08.parquet");
  }

  @Test
  void twoOutputsOpenedForTheSameInstant_getNamesOfTheirOwn_andBothAreKept() throws Exception {
    ParquetDatasetSink sink = sink();
    DatasetOutput metro = sink.openAppending("gtfsr_trip_updates", SNAPSHOT, SEVEN);
    DatasetOutput tram = sink.openAppending("gtfsr_trip_updates", SNAPSHOT, SEVEN);
    metro.write(new Object[] {1L, "metro", 1});
    tram.write(new Object[] {2L, "tram", 2});
    DatasetVersion tramFile = tram.commit();
    DatasetVersion metroFile = metro.commit();

    assertThat(List.of(metroFile.version(), tramFile.version()))
        .containsExactly("20261202T070000000", "20261202T070000001");
    assertThat(duckDbCount("")).isEqualTo(2);
  }

  @Test
  void aJournalWhoseMergedFileWentMissing_keepsTheFilesItWasToReplace() throws Exception {
    ParquetDatasetSink sink = sink();
    List<DatasetVersion> small = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      small.add(snapshot(sink, SEVEN.plusSeconds(60L * i), 10L * i, 10));
    }
    Path dataset = directory.resolve("gtfsr_trip_updates");
    // a dead process journalled its merged file, which then went (swept by another process that
    // took it for its own leftover): neither the hidden file nor the merged one is there
    StringBuilder journal =
        new StringBuilder(".gtfsr_trip_updates_20261202T07.parquet.1-2a.tmp\t")
            .append("gtfsr_trip_updates_20261202T07.parquet\t12345\n");
    small.forEach(
        file ->
            journal.append('!').append(dataset.relativize(Path.of(file.location()))).append('\n'));
    Files.writeString(dataset.resolve(".commit-" + deadPid() + "-9.journal"), journal);

    snapshot(sink, SEVEN.plusSeconds(300), 30, 10); // the next open recovers the journal

    assertThat(duckDbCount("")).as("every row of the three files is still there").isEqualTo(40);
    assertThat(files()).hasSize(4).allMatch(name -> !name.endsWith(".journal"));
  }

  @Test
  void aCompactionThatDiedBeforeItsJournal_leavesTheFilesAsTheyWere() throws Exception {
    ParquetDatasetSink sink = sink();
    snapshot(sink, SEVEN, 0, 3);
    snapshot(sink, SEVEN.plusSeconds(60), 3, 3);
    Path dataset = directory.resolve("gtfsr_trip_updates");
    // a dead process's half-written merged file: hidden, named by a pid that has ended
    Path orphan =
        dataset.resolve(".gtfsr_trip_updates_20261202T07.parquet." + deadPid() + "-1f.tmp");
    Files.writeString(orphan, "PAR1 half", StandardCharsets.UTF_8);

    assertThat(sink.appended("gtfsr_trip_updates")).hasSize(2);
    snapshot(sink, SEVEN.plusSeconds(120), 6, 3); // the next open sweeps it

    assertThat(Files.exists(orphan)).isFalse();
    assertThat(duckDbCount("")).isEqualTo(9);
  }

  @Test
  void aCompactionThatDiedAfterItsJournal_isFinishedByTheNextOne_atEveryStep() throws Exception {
    for (int renamedAndDeleted = 0; renamedAndDeleted <= 3; renamedAndDeleted++) {
      Path root = directory.resolve("step" + renamedAndDeleted);
      ParquetDatasetSink sink = ParquetDatasetSink.builder(root).zone(MELBOURNE).build();
      List<DatasetVersion> small = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        small.add(snapshot(sink, SEVEN.plusSeconds(60L * i), 10L * i, 10));
      }
      Path dataset = root.resolve("gtfsr_trip_updates");
      // the merged file, finished under its hidden name, as the dead process left it
      Path merged = dataset.resolve("gtfsr_trip_updates_20261202T07.parquet");
      Path hidden =
          dataset.resolve(".gtfsr_trip_updates_20261202T07.parquet." + deadPid() + "-2a.tmp");
      ParquetDatasetSink elsewhere =
          ParquetDatasetSink.builder(root.resolve("x")).zone(MELBOURNE).build();
      snapshot(elsewhere, SEVEN, 0, 30);
      Files.move(Path.of(elsewhere.appended("gtfsr_trip_updates").get(0).location()), hidden);
      StringBuilder journal = new StringBuilder();
      journal
          .append(dataset.relativize(hidden))
          .append('\t')
          .append(dataset.relativize(merged))
          .append('\n');
      small.forEach(
          file ->
              journal
                  .append('!')
                  .append(dataset.relativize(Path.of(file.location())))
                  .append('\n'));
      Files.writeString(dataset.resolve(".commit-" + deadPid() + "-7.journal"), journal);
      // the steps the dead process had done: 0 = none, 1 = the rename, 2 and 3 = deletions too
      if (renamedAndDeleted >= 1) {
        Files.move(hidden, merged);
      }
      for (int i = 0; i < renamedAndDeleted - 1; i++) {
        Files.delete(Path.of(small.get(i).location()));
      }

      assertThat(sink.appended("gtfsr_trip_updates").size()).isPositive();
      sink.compact("gtfsr_trip_updates", SNAPSHOT, ChronoUnit.HOURS, SEVEN);

      try (Stream<Path> left = Files.list(dataset)) {
        assertThat(left.map(file -> file.getFileName().toString()))
            .as("after %d steps: finished, journal gone", renamedAndDeleted)
            .containsExactly("gtfsr_trip_updates_20261202T07.parquet");
      }
      try (ParquetDatasetReader reader = ParquetDatasetReader.open(merged)) {
        assertThat(reader.readAll()).hasSize(30);
      }
    }
  }

  /** A process id that is not running. */
  static long deadPid() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    return process.pid();
  }

  @Test
  void timesAreLocal_soHoursAndDaysAreTheSinksOwn() {
    ParquetDatasetSink utc = ParquetDatasetSink.builder(directory).zone(ZoneOffset.UTC).build();
    assertThat(snapshot(utc, SEVEN, 0, 1).version()).isEqualTo("20261201T200000000");
  }
}

package dev.flinders.orchestration.ptv.gtfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GTFS schedule source end to end: real fixture feeds, plain and in Transport Victoria's
 * layout, into Parquet partitions read back with DuckDB; incremental by mode; bad tables and rows.
 */
class GtfsSourceTest {
  @TempDir Path data;

  private ManualRunner runner(Gtfs.Builder source) {
    Pipeline pipeline =
        Pipeline.builder("victorian-transport").component(source.component().build()).build();
    return ManualRunner.builder(pipeline)
        .startingAt("2026-11-25T06:00:00+11:00")
        .configure(
            orchestrator ->
                orchestrator.datasets(
                    ParquetDatasetSink.builder(data.resolve("curated")).build(),
                    ParquetDatasetSink.builder(data.resolve("quarantine")).build()))
        .build();
  }

  /** Rows per mode of a dataset, read by DuckDB from the Hive layout. */
  private Map<Long, Long> rows(String dataset) throws Exception {
    return query(
        "SELECT mode, count(*) FROM read_parquet('"
            + glob(dataset)
            + "', hive_partitioning = true) GROUP BY mode ORDER BY mode");
  }

  private Map<Long, Long> query(String sql) throws Exception {
    Map<Long, Long> result = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        result.put(rows.getLong(1), rows.getLong(2));
      }
    }
    return result;
  }

  private String glob(String dataset) {
    return data.resolve("curated").resolve(dataset).toString().replace("'", "''") + "/*/*.parquet";
  }

  private static Map<Integer, Map<String, byte[]>> victoria(int tramTrips) throws IOException {
    Map<Integer, Map<String, byte[]>> modes = new LinkedHashMap<>();
    modes.put(2, GtfsFeeds.mode(2, 20));
    modes.put(3, GtfsFeeds.mode(3, tramTrips));
    modes.put(4, GtfsFeeds.mode(4, 0));
    return modes;
  }

  @Test
  void aPlainFeed_everyTableAsItsDataset_rowCountsAsInTheZip() throws Exception {
    Path zip = GtfsFeeds.sample(data);
    try (ManualRunner runner = runner(Gtfs.file(zip, 0))) {
      ComponentResult result = runner.runDue().result("gtfs-schedule").orElseThrow();

      assertThat(result.status()).as(result.toString()).isEqualTo(Status.SUCCEEDED);
      assertThat(result.datasets())
          .allSatisfy(
              summary ->
                  assertThat(summary.quarantined())
                      .as(
                          () ->
                              summary
                                  + " "
                                  + reasons(
                                      "SELECT _reason FROM read_parquet('"
                                          + data.resolve("quarantine")
                                          + "/*.parquet', union_by_name = true)"))
                      .isZero());
      try (ZipFile file = new ZipFile(zip.toFile())) {
        for (ZipEntry entry : Collections.list(file.entries())) {
          String table = entry.getName().replace(".txt", "");
          long expected = GtfsFeeds.rows(file.getInputStream(entry).readAllBytes());
          if (expected == 0) {
            continue; // shapes.txt holds only its header: no partition
          }
          assertThat(rows("gtfs_" + table)).as(table).containsExactly(Map.entry(0L, expected));
        }
      }
      assertThat(result.datasets())
          .allSatisfy(summary -> assertThat(summary.quarantined()).isZero());
      assertThat(
              query(
                  "SELECT stop_sequence, arrival_time_secs FROM read_parquet('"
                      + glob("gtfs_stop_times")
                      + "') WHERE trip_id = 'STBA' ORDER BY stop_sequence"))
          .containsExactly(Map.entry(1L, 6L * 3600), Map.entry(2L, 6L * 3600 + 20 * 60));
    }
  }

  @Test
  void theVictorianLayout_oneInnerFeedPerMode_readInPlace_withItsQuirks() throws Exception {
    Path zip = GtfsFeeds.nested(data.resolve("gtfs.zip"), victoria(20));
    try (ManualRunner runner = runner(Gtfs.file(zip, 0))) {
      RunReport report = runner.runDue();
      ComponentResult result = report.result("gtfs-schedule").orElseThrow();

      assertThat(result.status()).as(report.toText()).isEqualTo(Status.SUCCEEDED);
      assertThat(rows("gtfs_stops"))
          .containsExactly(Map.entry(2L, 2042L), Map.entry(3L, 1636L)); // BOM, CRLF, all quoted
      assertThat(rows("gtfs_routes"))
          .containsExactly(Map.entry(2L, 35L), Map.entry(3L, 24L), Map.entry(4L, 729L));
      assertThat(
              query(
                  "SELECT route_type, count(*) FROM read_parquet('"
                      + glob("gtfs_routes")
                      + "', hive_partitioning = true) WHERE mode = 4 GROUP BY route_type ORDER BY"
                      + " route_type"))
          .as("route types 3 and the extended 701")
          .containsExactly(Map.entry(3L, 520L), Map.entry(701L, 209L));
      assertThat(rows("gtfs_stop_times")).containsExactly(Map.entry(2L, 100L), Map.entry(3L, 100L));
      assertThat(
              query(
                  "SELECT arrival_time_secs, count(*) FROM read_parquet('"
                      + glob("gtfs_stop_times")
                      + "') WHERE arrival_time = '24:20:00' GROUP BY arrival_time_secs"))
          .as("a time past midnight keeps its text and counts its seconds")
          .containsExactly(Map.entry(24L * 3600 + 20 * 60, 4L));
      assertThat(result.datasets())
          .allSatisfy(summary -> assertThat(summary.quarantined()).isZero());
      assertThat(result.outcome().notes())
          .contains("entries of the archive that are not a feed, not read: [README.txt]")
          .anySatisfy(
              note ->
                  assertThat(note)
                      .startsWith(
                          "re-ingested mode 2 (metro train) (first ingestion; 2250 rows), mode 3"
                              + " (metro tram) (first ingestion;"));
    }
  }

  @Test
  void aChangedInnerFeed_reingestsOnlyItsMode_andTheOthersKeepTheirFiles() throws Exception {
    Path zip = data.resolve("gtfs.zip");
    GtfsFeeds.nested(zip, victoria(20));
    try (ManualRunner runner = runner(Gtfs.file(zip, 0))) {
      runner.runDue();
      Path train = data.resolve("curated/gtfs_stop_times/mode=2/gtfs_stop_times.parquet");
      Path bus = data.resolve("curated/gtfs_routes/mode=4/gtfs_routes.parquet");
      FileTime before = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
      Files.setLastModifiedTime(train, before);
      Files.setLastModifiedTime(bus, before);

      GtfsFeeds.nested(zip, victoria(21)); // the tram timetable gains a trip
      RunReport second = runner.tick(Duration.ofDays(1)).runDue();
      ComponentResult result = second.result("gtfs-schedule").orElseThrow();

      assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(rows("gtfs_stop_times")).containsExactly(Map.entry(2L, 100L), Map.entry(3L, 105L));
      assertThat(Files.getLastModifiedTime(train)).as("mode 2 untouched").isEqualTo(before);
      assertThat(Files.getLastModifiedTime(bus)).as("mode 4 untouched").isEqualTo(before);
      assertThat(result.datasets())
          .filteredOn(summary -> summary.dataset().equals("gtfs_stop_times"))
          .extracting(DatasetSummary::partitions)
          .containsExactly(List.of("mode=3"));
      assertThat(String.join("\n", result.outcome().notes()))
          .contains("re-ingested mode 3 (metro tram) (its inner feed changed: CRC-32 ")
          .contains(
              "kept mode 2 (metro train), mode 4 (metro bus): their inner feeds are unchanged");
    }
  }

  @Test
  void theSameFeedAgain_endsUnchanged_sayingWhy() throws Exception {
    Path zip = GtfsFeeds.nested(data.resolve("gtfs.zip"), victoria(20));
    try (ManualRunner runner = runner(Gtfs.file(zip, 0))) {
      runner.runDue();
      ComponentResult again =
          runner.tick(Duration.ofDays(1)).runDue().result("gtfs-schedule").orElseThrow();

      assertThat(again.status()).isEqualTo(Status.UNCHANGED);
      assertThat(again.reason().code()).isEqualTo(ReasonCode.SOURCE_UNCHANGED);
      assertThat(again.reason().message())
          .matches("unchanged: the feed's SHA-256 [0-9a-f]{12}… is the one delivered before");
    }
  }

  @Test
  void aNewOuterZip_withTheSameInnerFeeds_endsUnchanged_andSaysSo() throws Exception {
    Path zip = GtfsFeeds.nested(data.resolve("gtfs.zip"), victoria(20));
    try (ManualRunner runner = runner(Gtfs.file(zip, 0))) {
      runner.runDue();
      Map<Integer, Map<String, byte[]>> reordered = new LinkedHashMap<>();
      reordered.put(4, GtfsFeeds.mode(4, 0)); // the same feeds, packed in another order
      reordered.put(3, GtfsFeeds.mode(3, 20));
      reordered.put(2, GtfsFeeds.mode(2, 20));
      GtfsFeeds.nested(zip, reordered);

      ComponentResult again =
          runner.tick(Duration.ofDays(1)).runDue().result("gtfs-schedule").orElseThrow();

      assertThat(again.status()).isEqualTo(Status.UNCHANGED);
      assertThat(again.outcome().notes())
          .anySatisfy(
              note ->
                  assertThat(note)
                      .matches(
                          "the feed changed \\(SHA-256 [0-9a-f]{12}…\\) but none of its 3 inner"
                              + " feeds did.*"));
    }
  }

  @Test
  void aTableWithoutARequiredColumn_failsTheComponent_andThePreviousPartitionsStay()
      throws Exception {
    Path zip = GtfsFeeds.nested(data.resolve("gtfs.zip"), victoria(20));
    try (ManualRunner runner = runner(Gtfs.file(zip, 0))) {
      runner.runDue();
      Map<Integer, Map<String, byte[]>> broken = victoria(20);
      String stops = new String(broken.get(2).get("stops.txt"), StandardCharsets.UTF_8);
      broken
          .get(2)
          .put(
              "stops.txt",
              stops.replaceFirst("stop_id", "stopid").getBytes(StandardCharsets.UTF_8));
      broken.put(3, GtfsFeeds.mode(3, 25));
      GtfsFeeds.nested(zip, broken);

      ComponentResult failed =
          runner.tick(Duration.ofDays(1)).runDue().result("gtfs-schedule").orElseThrow();

      assertThat(failed.status()).isEqualTo(Status.FAILED);
      assertThat(failed.error())
          .contains("2/google_transit.zip!stops.txt lacks the required columns [stop_id]");
      assertThat(rows("gtfs_stop_times"))
          .as("nothing committed: mode 3's new trips are not there either")
          .containsExactly(Map.entry(2L, 100L), Map.entry(3L, 100L));
    }
  }

  @Test
  void rowsThatBreakTheReference_areQuarantinedWithTheReason() throws Exception {
    Map<Integer, Map<String, byte[]>> modes = new LinkedHashMap<>();
    Map<String, byte[]> train = GtfsFeeds.mode(2, 3);
    String times = new String(train.get("stop_times.txt"), StandardCharsets.UTF_8);
    train.put(
        "stop_times.txt",
        (times
                + "\"2-T99\",\"25:10:00\",\"25:10:00\",\"10117\",\"1\"\r\n" // no such trip
                + "\"2-T0\",\"25:7:00\",\"25:07:00\",\"10117\",\"9\"\r\n" // not a time
                + "\"2-T0\",\"23:55:00\",\"23:55:00\",\"10117\",\"1\"\r\n") // duplicate key
            .getBytes(StandardCharsets.UTF_8));
    String routes = new String(train.get("routes.txt"), StandardCharsets.UTF_8);
    train.put(
        "routes.txt",
        (routes + "\"aus:vic:vic-02-XXX:\",\"\",\"X\",\"Nowhere\",\"99\",\"\",\"\"\r\n")
            .getBytes(StandardCharsets.UTF_8));
    modes.put(2, train);
    Path zip = GtfsFeeds.nested(data.resolve("gtfs.zip"), modes);

    try (ManualRunner runner = runner(Gtfs.file(zip, 0))) {
      ComponentResult result = runner.runDue().result("gtfs-schedule").orElseThrow();

      assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
      DatasetSummary stopTimes = summary(result, "gtfs_stop_times");
      assertThat(stopTimes.written()).isEqualTo(15);
      assertThat(stopTimes.quarantinedByRule())
          .containsOnly(
              Map.entry("references(trip_id,trips)", 1L),
              Map.entry("time(arrival_time)", 1L),
              Map.entry("unique(mode,trip_id,stop_sequence)", 1L));
      assertThat(summary(result, "gtfs_routes").quarantinedByRule())
          .containsOnly(Map.entry("enum(route_type)", 1L));
      assertThat(
              reasons(
                  "SELECT _reason FROM read_parquet('"
                      + data.resolve("quarantine").toString().replace("'", "''")
                      + "/gtfs_stop_times_*.parquet') ORDER BY _row"))
          .containsExactly(
              "trip_id \"2-T99\" is not a trip_id of trips in mode 2",
              "arrival_time \"25:7:00\" is not a time H:MM:SS",
              "duplicate trip_id,stop_sequence [2-T0, 1] in mode 2");
    }
  }

  private static DatasetSummary summary(ComponentResult result, String dataset) {
    return result.datasets().stream()
        .filter(summary -> summary.dataset().equals(dataset))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> reasons(String sql) {
    List<String> reasons = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        reasons.add(rows.getString(1));
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    return reasons;
  }
}

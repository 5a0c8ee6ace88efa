package dev.flinders.orchestration.ptv.gtfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.state.JsonFileStateStore;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ingestion killed with SIGKILL after some new partitions are written leaves the previous
 * partitions and the state as they were, and the next run re-ingests the changed modes.
 */
class KilledIngestionTest {
  @TempDir Path data;

  @Test
  void anIngestionKilledMidway_leavesThePreviousPartitionsIntact_andTheNextRunCompletes()
      throws Exception {
    Path zip = data.resolve("gtfs.zip");
    GtfsFeeds.nested(zip, modes(20));
    assertThat(run("2026-11-25T06:00:00+11:00").status()).isEqualTo(Status.SUCCEEDED);
    Map<String, byte[]> committed = parquetFiles();
    Map<Long, Long> stopTimes = rows("gtfs_stop_times");
    assertThat(stopTimes).containsExactly(Map.entry(2L, 100L), Map.entry(3L, 100L));

    GtfsFeeds.nested(zip, modes(30)); // modes 2 and 3 change, 4 stays
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                KilledIngestionMain.class.getName(),
                zip.toString(),
                data.toString())
            .redirectErrorStream(true)
            .start();
    List<Path> written;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.equals("INGESTING"));
      assertThat(line).as("the child got as far as mode 3's stop times").isEqualTo("INGESTING");
      written = temporaryFiles();
      assertThat(written)
          .as("new partitions written, not committed")
          .anySatisfy(file -> assertThat(file.toString()).contains("gtfs_stop_times/mode=2"))
          .anySatisfy(file -> assertThat(file.toString()).contains("gtfs_stop_times/mode=3"));
      assertThat(copies())
          .as("mode 3's inner zip, copied while read")
          .singleElement()
          .satisfies(
              name -> assertThat(name).matches("flinders-gtfs-[0-9a-f]+-mode3-[0-9]+\\.zip"));
      ScratchFiles.sweep(data.resolve("scratch"));
      assertThat(copies()).as("a live process's copy is not swept").hasSize(1);
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
      child.waitFor(20, TimeUnit.SECONDS);
    }

    assertThat(parquetFiles())
        .as("every committed file as it was, none added")
        .containsExactlyInAnyOrderEntriesOf(committed);
    assertThat(rows("gtfs_stop_times")).isEqualTo(stopTimes);

    ComponentResult next = run("2026-11-27T06:00:00+11:00");

    assertThat(next.status()).as(next.toString()).isEqualTo(Status.SUCCEEDED);
    assertThat(String.join("\n", next.outcome().notes()))
        .as("the state still holds the first run's fingerprints")
        .contains("re-ingested mode 2 (metro train) (its inner feed changed")
        .contains("mode 3 (metro tram) (its inner feed changed")
        .contains("kept mode 4 (metro bus): its inner feed is unchanged");
    assertThat(rows("gtfs_stop_times")).containsExactly(Map.entry(2L, 150L), Map.entry(3L, 150L));
    assertThat(temporaryFiles()).as("the killed run's files are swept").isEmpty();
    assertThat(copies()).as("and its copy").isEmpty();
    try (Stream<Path> locks = Files.list(data.resolve("scratch"))) {
      assertThat(locks).as("and its lock file: only this JVM's is left").hasSize(1);
    }
  }

  private ComponentResult run(String at) {
    Pipeline pipeline =
        Pipeline.builder("victorian-transport")
            .component(
                Gtfs.file(data.resolve("gtfs.zip"), 0)
                    .scratchDirectory(data.resolve("scratch"))
                    .component()
                    .build())
            .build();
    try (JsonFileStateStore store = JsonFileStateStore.open(data.resolve("state"));
        ManualRunner runner =
            ManualRunner.builder(pipeline)
                .startingAt(at)
                .stateStore(store)
                .configure(
                    orchestrator ->
                        orchestrator.datasets(
                            ParquetDatasetSink.builder(data.resolve("curated")).build(),
                            ParquetDatasetSink.builder(data.resolve("quarantine")).build()))
                .build()) {
      return runner.runDue().result("gtfs-schedule").orElseThrow();
    }
  }

  private static Map<Integer, Map<String, byte[]>> modes(int trips) throws Exception {
    Map<Integer, Map<String, byte[]>> modes = new LinkedHashMap<>();
    modes.put(2, GtfsFeeds.mode(2, trips));
    modes.put(3, GtfsFeeds.mode(3, trips));
    modes.put(4, GtfsFeeds.mode(4, 0));
    return modes;
  }

  /** Every Parquet file under curated, by its path there, with its bytes. */
  private Map<String, byte[]> parquetFiles() throws Exception {
    Path curated = data.resolve("curated");
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(curated)) {
      for (Path file : all.filter(path -> path.toString().endsWith(".parquet")).toList()) {
        files.put(curated.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    return files;
  }

  /** The scratch copies and downloads of any process (not the lock files). */
  private List<String> copies() throws Exception {
    try (Stream<Path> files = Files.list(data.resolve("scratch"))) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".zip"))
          .toList();
    }
  }

  private List<Path> temporaryFiles() throws Exception {
    try (Stream<Path> all = Files.walk(data.resolve("curated"))) {
      return all.filter(path -> path.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  private Map<Long, Long> rows(String dataset) throws Exception {
    Map<Long, Long> rows = new LinkedHashMap<>();
    String glob =
        data.resolve("curated").resolve(dataset).toString().replace("'", "''") + "/*/*.parquet";
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT mode, count(*) FROM read_parquet('"
                    + glob
                    + "', hive_partitioning = true) GROUP BY mode ORDER BY mode")) {
      while (result.next()) {
        rows.put(result.getLong(1), result.getLong(2));
      }
    }
    return rows;
  }
}

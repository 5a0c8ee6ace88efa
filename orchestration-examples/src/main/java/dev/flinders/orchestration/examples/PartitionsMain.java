package dev.flinders.orchestration.examples;

import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.examples.victoria.LocalVictoria;
import dev.flinders.orchestration.parquet.ParquetDatasetReader;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import dev.flinders.orchestration.ptv.gtfs.Gtfs;
import dev.flinders.orchestration.spi.DatasetVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Partitioned datasets, offline: the GTFS schedule of the Transport Victoria stand-in (modes 2, 3
 * and 4 of the bundled extract) is stored one Hive directory per mode ({@code
 * gtfs_trips/mode=3/gtfs_trips.parquet}). Transport Victoria then publishes a new tram timetable:
 * the second run re-ingests mode 3 alone, replacing the {@code mode=3} file of each table and
 * leaving the files of modes 2 and 4 as they were (the same files on disk, not rewritten). See
 * docs/datasets.md#partitioned-datasets and docs/sources/gtfs.md.
 *
 * <p>Run it with {@code mvn -q -B -DskipTests package exec:java -pl orchestration-examples -am
 * -Dexec.mainClass=dev.flinders.orchestration.examples.PartitionsMain}; give a directory to keep
 * the files.
 */
public final class PartitionsMain {
  static final String DATASET = "gtfs_trips";

  private PartitionsMain() {}

  public static void main(String[] args) throws IOException {
    run(
        args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("flinders-partitions"),
        System.out);
  }

  /** What each partition of {@value #DATASET} did in the second run: "kept" or "replaced". */
  static Map<String, String> run(Path data, PrintStream out) throws IOException {
    ParquetDatasetSink curated = ParquetDatasetSink.builder(data.resolve("curated")).build();
    try (LocalVictoria victoria = LocalVictoria.start(Clock.systemUTC())) {
      Pipeline pipeline =
          Pipeline.builder("partitions")
              .component(
                  Gtfs.transportVictoria()
                      .url(victoria.endpoints().gtfsSchedule())
                      .scratchDirectory(data.resolve("scratch"))
                      .component()
                      .schedule(Schedule.everyRun())
                      .build())
              .build();
      try (Orchestrator orchestrator =
          Orchestrator.builder(pipeline)
              .stateStore(new InMemoryStateStore())
              .datasets(curated, ParquetDatasetSink.builder(data.resolve("quarantine")).build())
              .build()) {
        RunReport first = orchestrator.runOnce();
        out.println(first.toText());
        Map<String, Object> before = files(curated);
        print("After the first run", curated, before, null, out);

        victoria.publishTimetable(3);
        RunReport second = orchestrator.runOnce();
        out.println("== Transport Victoria publishes a new tram timetable (mode 3)");
        out.println(second.toText());
        Map<String, Object> after = files(curated);
        return print("After the second run", curated, after, before, out);
      }
    }
  }

  /** Each partition's file identity (the file system's key, else its modification time). */
  private static Map<String, Object> files(ParquetDatasetSink curated) throws IOException {
    Map<String, Object> files = new LinkedHashMap<>();
    for (DatasetVersion partition : curated.partitions(DATASET)) {
      BasicFileAttributes attributes =
          Files.readAttributes(Path.of(partition.location()), BasicFileAttributes.class);
      files.put(
          partition.version(),
          attributes.fileKey() != null ? attributes.fileKey() : attributes.lastModifiedTime());
    }
    return files;
  }

  private static Map<String, String> print(
      String title,
      ParquetDatasetSink curated,
      Map<String, Object> files,
      Map<String, Object> before,
      PrintStream out) {
    Map<String, String> changes = new LinkedHashMap<>();
    out.println(title + ", " + curated.directory().resolve(DATASET) + ":");
    for (DatasetVersion partition : curated.partitions(DATASET)) {
      long rows;
      try (ParquetDatasetReader reader = curated.read(partition)) {
        rows = reader.rows().count();
      }
      String change = "";
      if (before != null) {
        change =
            Objects.equals(before.get(partition.version()), files.get(partition.version()))
                ? "kept"
                : "replaced";
        changes.put(partition.version(), change);
      }
      out.println(
          String.format(Locale.ROOT, "  %-7s %4d rows  %s", partition.version(), rows, change)
              .stripTrailing());
    }
    return changes;
  }
}

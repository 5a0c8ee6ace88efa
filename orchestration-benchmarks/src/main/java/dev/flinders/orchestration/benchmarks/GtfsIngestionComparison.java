package dev.flinders.orchestration.benchmarks;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.RunRequest;
import dev.flinders.orchestration.core.state.JsonFileStateStore;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import dev.flinders.orchestration.ptv.gtfs.Gtfs;
import dev.flinders.orchestration.ptv.gtfs.GtfsField;
import dev.flinders.orchestration.ptv.gtfs.GtfsTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jspecify.annotations.Nullable;

/**
 * The whole GTFS schedule, ours against DuckDB: a {@link SyntheticGtfsFeed} of Transport Victoria's
 * shape and size is ingested by the {@link Gtfs} component from its nested zip (every table, typed,
 * checked by the quality rules, into Parquet partitions by mode), and DuckDB loads the same tables
 * from the CSVs extracted beforehand, one {@code COPY (SELECT * FROM read_csv(..., types={...})) TO
 * '...' (FORMAT parquet, COMPRESSION zstd)} per table and mode. Then the feed changes in one mode
 * ({@value #CHANGED_MODE}, the tram) and the component runs again on the state of its full run:
 * only that mode is re-ingested, and the harness prints that run's cost as a fraction of the full
 * run's beside the mode's share of the feed.
 *
 * <p>Each round runs the three, in that order, and measures wall time and the process's CPU time;
 * the heap is judged by the most in use right after a collection, over all rounds of a JVM: an
 * upper bound of what is live, since a young collection leaves the old generation's garbage (the
 * sum of the heap pools' peaks is no peak of the heap: the pools peak at different times). The
 * first round of a JVM is also its warm-up: run three, and the medians leave it out. Run it in the
 * heap to hold it to: {@code java -Xmx512m -cp benchmarks.jar
 * dev.flinders.orchestration.benchmarks.GtfsIngestionComparison [stop-times] [rounds] [forks]};
 * with several forks each runs the rounds in a new JVM with the same options, on the same generated
 * files.
 */
public final class GtfsIngestionComparison {
  /** The mode whose inner feed changes between the full run and the incremental one. */
  static final int CHANGED_MODE = 3;

  /** The line a forked JVM ends with: its medians and heap figures, for the parent to read. */
  static final String FORK_RESULT = "gtfs-fork-result";

  private static final long SEED = 42;

  private GtfsIngestionComparison() {}

  /**
   * {@code [stop-times] [rounds] [forks]}, defaults 14,000,000 (a zip of about 263 MiB), 1 and 1.
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--fork")) {
      Measurement result =
          measure(Path.of(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]), System.out);
      System.out.println(result.asLine());
      return;
    }
    long stopTimes = args.length > 0 ? Long.parseLong(args[0]) : 14_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int forks = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    run(stopTimes, rounds, forks, System.out);
  }

  /**
   * One JVM's medians over its rounds, in seconds, and its heap figures, in bytes.
   *
   * @param full the whole feed, every mode ingested
   * @param duck DuckDB loading every table of every mode from the extracted CSVs
   * @param incremental the changed feed, on the full run's state: one mode re-ingested
   */
  record Measurement(
      double full,
      double fullCpu,
      double duck,
      double duckCpu,
      double incremental,
      double incrementalCpu,
      long liveAfterCollection) {
    double ratio() {
      return full / duck;
    }

    String asLine() {
      return Forks.resultLine(
          FORK_RESULT,
          full,
          fullCpu,
          duck,
          duckCpu,
          incremental,
          incrementalCpu,
          liveAfterCollection);
    }

    /** The measurement in a fork's result line, or null if {@code line} is not one. */
    static @Nullable Measurement ofLine(String line) {
      String[] parts = Forks.fields(FORK_RESULT, line);
      if (parts == null) {
        return null;
      }
      return new Measurement(
          Double.parseDouble(parts[0]),
          Double.parseDouble(parts[1]),
          Double.parseDouble(parts[2]),
          Double.parseDouble(parts[3]),
          Double.parseDouble(parts[4]),
          Double.parseDouble(parts[5]),
          Long.parseLong(parts[6]));
    }
  }

  /**
   * Generates the feeds and the extracted CSVs, measures in this JVM or in {@code forks} new ones,
   * prints the summary.
   *
   * @throws IllegalArgumentException if stop times, rounds or forks is not positive
   */
  static List<Measurement> run(long stopTimes, int rounds, int forks, PrintStream out)
      throws Exception {
    if (stopTimes < 1 || rounds < 1 || forks < 1) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "stop times, rounds and forks must be positive; were %d, %d and %d",
              stopTimes,
              rounds,
              forks));
    }
    Path work = Files.createTempDirectory("flinders-gtfs");
    try {
      long start = System.nanoTime();
      List<SyntheticGtfsFeed.InnerFeed> feeds =
          SyntheticGtfsFeed.innerFeeds(work.resolve("inner"), stopTimes, SEED);
      SyntheticGtfsFeed.outer(work.resolve("gtfs.zip"), feeds);
      SyntheticGtfsFeed.InnerFeed tram =
          SyntheticGtfsFeed.innerFeed(work.resolve("changed"), CHANGED_MODE, stopTimes, SEED - 1);
      List<SyntheticGtfsFeed.InnerFeed> changed =
          feeds.stream().map(feed -> feed.mode() == CHANGED_MODE ? tram : feed).toList();
      SyntheticGtfsFeed.outer(work.resolve("gtfs-changed.zip"), changed);
      long csvBytes = 0;
      for (SyntheticGtfsFeed.InnerFeed feed : feeds) {
        csvBytes += extract(feed.zip(), work.resolve("csv").resolve(Integer.toString(feed.mode())));
      }
      describe(work, feeds, changed, csvBytes, (System.nanoTime() - start) / 1e9, out);

      if (forks == 1) {
        return List.of(measure(work, stopTimes, rounds, out));
      }
      List<Measurement> results = new ArrayList<>();
      for (int fork = 1; fork <= forks; fork++) {
        Measurement result =
            Forks.run(
                GtfsIngestionComparison.class,
                List.of(
                    "--fork", work.toString(), Long.toString(stopTimes), Integer.toString(rounds)),
                fork,
                out,
                Measurement::ofLine);
        results.add(result);
        out.printf(
            Locale.ROOT,
            "fork %d: flinders %.2f s, duckdb %.2f s, flinders/duckdb = %.2f; one mode changed"
                + " %.2f s (%.2f of the full run)%n",
            fork,
            result.full(),
            result.duck(),
            result.ratio(),
            result.incremental(),
            result.incremental() / result.full());
      }
      List<Double> ratios = results.stream().map(Measurement::ratio).toList();
      List<Double> fractions =
          results.stream().map(result -> result.incremental() / result.full()).toList();
      out.printf(
          Locale.ROOT,
          "over %d forks: flinders/duckdb median %.2f (from %.2f to %.2f); one mode changed, median"
              + " %.2f of the full run; in a heap of %d MiB, at most %d MiB in use after a"
              + " collection%n",
          forks,
          Forks.median(ratios),
          Collections.min(ratios),
          Collections.max(ratios),
          Forks.median(fractions),
          Runtime.getRuntime().maxMemory() >> 20,
          results.stream().mapToLong(Measurement::liveAfterCollection).max().orElse(0) >> 20);
      return results;
    } finally {
      Forks.deleteTree(work);
    }
  }

  private static void describe(
      Path work,
      List<SyntheticGtfsFeed.InnerFeed> feeds,
      List<SyntheticGtfsFeed.InnerFeed> changed,
      long csvBytes,
      double seconds,
      PrintStream out)
      throws IOException {
    long total = feeds.stream().mapToLong(SyntheticGtfsFeed.InnerFeed::stopTimes).sum();
    long rows =
        feeds.stream()
            .flatMap(feed -> feed.rows().values().stream())
            .mapToLong(Long::longValue)
            .sum();
    out.printf(
        Locale.ROOT,
        "feed: %.1f MiB zip, %d rows in %d tables (%.1f MiB of CSV), %d stop times; made in %.0f"
            + " s%n",
        Files.size(work.resolve("gtfs.zip")) / 1048576.0,
        rows,
        feeds.stream().mapToInt(feed -> feed.rows().size()).sum(),
        csvBytes / 1048576.0,
        total,
        seconds);
    for (SyntheticGtfsFeed.InnerFeed feed : feeds) {
      out.printf(
          Locale.ROOT,
          "  mode %-2d %7.1f MiB, %9d stop times (%4.1f %%)%n",
          feed.mode(),
          Files.size(feed.zip()) / 1048576.0,
          feed.stopTimes(),
          100.0 * feed.stopTimes() / total);
    }
    SyntheticGtfsFeed.InnerFeed tram =
        changed.stream().filter(feed -> feed.mode() == CHANGED_MODE).findFirst().orElseThrow();
    out.printf(
        Locale.ROOT,
        "changed feed: mode %d rewritten with another seed (%d stop times, %.1f MiB)%n",
        CHANGED_MODE,
        tram.stopTimes(),
        Files.size(tram.zip()) / 1048576.0);
    out.printf(
        Locale.ROOT,
        "heap max %d MiB, %d cores%n",
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors());
  }

  /** Runs the rounds on the files in {@code work} in this JVM, printing each; the medians. */
  static Measurement measure(Path work, long stopTimes, int rounds, PrintStream out)
      throws Exception {
    List<Double> full = new ArrayList<>();
    List<Double> fullCpu = new ArrayList<>();
    List<Double> duck = new ArrayList<>();
    List<Double> duckCpu = new ArrayList<>();
    List<Double> incremental = new ArrayList<>();
    List<Double> incrementalCpu = new ArrayList<>();
    JvmUse.reset();
    for (int round = 1; round <= rounds; round++) {
      Path directory = Files.createTempDirectory(work, "round");
      try {
        long cpu = JvmUse.processCpuNanos();
        long start = System.nanoTime();
        ComponentResult first = ingest(work.resolve("gtfs.zip"), directory);
        full.add((System.nanoTime() - start) / 1e9);
        fullCpu.add((JvmUse.processCpuNanos() - cpu) / 1e9);
        check(first, stopTimes);

        cpu = JvmUse.processCpuNanos();
        start = System.nanoTime();
        duckDb(work.resolve("csv"), directory.resolve("duckdb"));
        duck.add((System.nanoTime() - start) / 1e9);
        duckCpu.add((JvmUse.processCpuNanos() - cpu) / 1e9);

        cpu = JvmUse.processCpuNanos();
        start = System.nanoTime();
        ComponentResult second = ingest(work.resolve("gtfs-changed.zip"), directory);
        incremental.add((System.nanoTime() - start) / 1e9);
        incrementalCpu.add((JvmUse.processCpuNanos() - cpu) / 1e9);
        checkIncremental(second);

        out.printf(
            Locale.ROOT,
            "round %d: flinders %.2f s (%.1f s of CPU, %.2f cores), duckdb %.2f s (%.1f s of CPU,"
                + " %.2f cores), one mode changed %.2f s (%.1f s of CPU); %s%n",
            round,
            last(full),
            last(fullCpu),
            last(fullCpu) / last(full),
            last(duck),
            last(duckCpu),
            last(duckCpu) / last(duck),
            last(incremental),
            last(incrementalCpu),
            sizes(directory));
      } finally {
        Forks.deleteTree(directory);
      }
    }
    Measurement result =
        new Measurement(
            Forks.median(full),
            Forks.median(fullCpu),
            Forks.median(duck),
            Forks.median(duckCpu),
            Forks.median(incremental),
            Forks.median(incrementalCpu),
            JvmUse.liveAfterCollection());
    out.printf(
        Locale.ROOT,
        "median: flinders %.2f s (%.2f M stop times/s), duckdb %.2f s; flinders/duckdb = %.2f; one"
            + " mode changed %.2f s (%.2f of the full run); in a heap of %d MiB, at most %d MiB"
            + " in use after a collection%n",
        result.full(),
        stopTimes / result.full() / 1e6,
        result.duck(),
        result.ratio(),
        result.incremental(),
        result.incremental() / result.full(),
        Runtime.getRuntime().maxMemory() >> 20,
        result.liveAfterCollection() >> 20);
    return result;
  }

  private static double last(List<Double> values) {
    return values.get(values.size() - 1);
  }

  /**
   * Runs the GTFS component once on {@code zip}, with its state and output in {@code directory}.
   */
  private static ComponentResult ingest(Path zip, Path directory) {
    Pipeline pipeline =
        Pipeline.builder("gtfs-benchmark").component(Gtfs.file(zip, 0).component().build()).build();
    RunReport report;
    try (JsonFileStateStore store = JsonFileStateStore.open(directory.resolve("state"));
        Orchestrator orchestrator =
            Orchestrator.builder(pipeline)
                .stateStore(store)
                .datasets(
                    ParquetDatasetSink.builder(directory.resolve("curated")).build(),
                    ParquetDatasetSink.builder(directory.resolve("quarantine")).build())
                .build()) {
      report = orchestrator.run(RunRequest.checkNow("gtfs-schedule")); // due or not
    }
    ComponentResult result = report.results().get(0);
    if (result.status() != Status.SUCCEEDED) {
      throw new IllegalStateException("the GTFS run did not succeed:\n" + report.toText());
    }
    return result;
  }

  /** Every stop time written and no row quarantined: the feed is clean, so the run must say so. */
  private static void check(ComponentResult result, long stopTimes) {
    long written = 0;
    for (DatasetSummary summary : result.datasets()) {
      if (summary.quarantined() > 0) {
        throw new IllegalStateException(
            summary.dataset() + " quarantined rows of a clean feed: " + summary);
      }
      if (summary.dataset().equals("gtfs_stop_times")) {
        written = summary.written();
      }
    }
    if (written != stopTimes) {
      throw new IllegalStateException(
          "wrote " + written + " stop times of the feed's " + stopTimes + ":\n" + result);
    }
  }

  /** Mode {@value #CHANGED_MODE} re-ingested, alone: the note says so, the partitions show it. */
  private static void checkIncremental(ComponentResult result) {
    List<String> reingested =
        result.outcome().notes().stream().filter(note -> note.startsWith("re-ingested ")).toList();
    boolean alone =
        reingested.size() == 1
            && reingested
                .get(0)
                .startsWith(
                    "re-ingested " + Gtfs.modeName(CHANGED_MODE) + " (its inner feed changed")
            && !reingested.get(0).contains("), mode ")
            && result.datasets().stream()
                .allMatch(summary -> summary.partitions().equals(List.of("mode=" + CHANGED_MODE)));
    if (!alone) {
      throw new IllegalStateException(
          "the changed feed was not re-ingested in mode " + CHANGED_MODE + " alone:\n" + result);
    }
  }

  /** Extracts the tables of an inner zip to {@code directory}; their bytes. */
  private static long extract(Path zip, Path directory) throws IOException {
    Files.createDirectories(directory);
    long bytes = 0;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        Path file = directory.resolve(entry.getName());
        bytes += Files.copy(in, file);
      }
    }
    return bytes;
  }

  /**
   * DuckDB loads each table of each mode, {@code csv/<mode>/<table>.txt}, into {@code
   * <into>/<mode>/<table>.parquet}, with the column types pinned to ours (so neither side sniffs).
   */
  private static void duckDb(Path csv, Path into) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        Stream<Path> modes = Files.list(csv)) {
      for (Path mode : modes.sorted().toList()) {
        Path out = Files.createDirectories(into.resolve(mode.getFileName()));
        try (Stream<Path> tables = Files.list(mode)) {
          for (Path table : tables.sorted().toList()) {
            statement.execute(copy(table, out.resolve(table.getFileName() + ".parquet")));
          }
        }
      }
    }
  }

  /** The {@code COPY} statement for one table, its types from the table's header and ours. */
  static String copy(Path table, Path parquet) throws IOException {
    GtfsTable gtfs =
        GtfsTable.byFileName(table.getFileName().toString())
            .orElseThrow(() -> new IllegalArgumentException(table + " is not a GTFS table"));
    Map<String, String> types = new LinkedHashMap<>();
    for (String column : header(table)) {
      ColumnType type = gtfs.field(column).map(GtfsField::type).orElseThrow().columnType();
      types.put(
          column,
          switch (type) {
            case INT -> "INTEGER";
            case DOUBLE -> "DOUBLE";
            case DATE -> "DATE";
            default -> "VARCHAR";
          });
    }
    StringBuilder struct = new StringBuilder("{");
    types.forEach(
        (column, type) ->
            struct
                .append(struct.length() > 1 ? "," : "")
                .append('\'')
                .append(column)
                .append("':'")
                .append(type)
                .append('\''));
    return "COPY (SELECT * FROM read_csv('"
        + table
        + "', header=true, dateformat='%Y%m%d', types="
        + struct.append('}')
        + ")) TO '"
        + parquet
        + "' (FORMAT parquet, COMPRESSION zstd)";
  }

  /** The column names of a CSV table's first line, without the BOM and the quotes. */
  private static List<String> header(Path table) throws IOException {
    try (InputStream in = Files.newInputStream(table);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line = reader.readLine();
      List<String> names = new ArrayList<>();
      for (String name : line.replace("\uFEFF", "").split(",")) {
        names.add(name.replace("\"", "").trim());
      }
      return names;
    }
  }

  /** The Parquet bytes each side wrote, for the round's line. */
  private static String sizes(Path directory) throws IOException {
    return String.format(
        Locale.ROOT,
        "parquet: flinders %.1f MiB, duckdb %.1f MiB",
        parquetBytes(directory.resolve("curated")) / 1048576.0,
        parquetBytes(directory.resolve("duckdb")) / 1048576.0);
  }

  private static long parquetBytes(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      long total = 0;
      for (Path file : files.filter(path -> path.toString().endsWith(".parquet")).toList()) {
        total += Files.size(file);
      }
      return total;
    }
  }
}

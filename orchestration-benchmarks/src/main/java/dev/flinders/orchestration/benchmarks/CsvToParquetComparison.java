package dev.flinders.orchestration.benchmarks;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.csv.CsvReader;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * CSV to Parquet, ours against DuckDB, on the same GTFS {@code stop_times}-like file in the same
 * JVM: Flinders reads it with {@link CsvReader} and writes it through a component's {@code
 * context.dataset(...)} into a {@link ParquetDatasetSink} (ZSTD); DuckDB runs {@code COPY (SELECT *
 * FROM read_csv(...)) TO '...' (FORMAT parquet, COMPRESSION zstd)}. Runs alternate; prints each
 * time, the medians, their ratio and the heap's peak. Run it in a small heap to check the memory
 * bound: {@code java -Xmx256m -cp benchmarks.jar
 * dev.flinders.orchestration.benchmarks.CsvToParquetComparison [rows] [rounds] [forks]}; with
 * several forks each runs the rounds in a new JVM with the same options.
 */
public final class CsvToParquetComparison {
  static final DatasetSchema STOP_TIMES =
      DatasetSchema.builder()
          .required("trip_id", ColumnType.STRING)
          .required("arrival_time", ColumnType.STRING) // GTFS times pass 24:00:00: text, not TIME
          .required("departure_time", ColumnType.STRING)
          .required("stop_id", ColumnType.STRING)
          .required("stop_sequence", ColumnType.INT)
          .optional("stop_headsign", ColumnType.STRING)
          .optional("pickup_type", ColumnType.INT)
          .optional("drop_off_type", ColumnType.INT)
          .optional("shape_dist_traveled", ColumnType.DOUBLE)
          .build();

  private CsvToParquetComparison() {}

  /** The line a forked JVM ends with: its medians and heap figures, for the parent to read. */
  static final String FORK_RESULT = "fork-result";

  /**
   * {@code [rows] [rounds] [forks]}: with one fork (the default) the rounds run in this JVM; with
   * more, each fork is a new JVM with this one's options (heap, collector) running the rounds on
   * the same file, and the summary is over the forks' ratios, since a JVM's JIT decisions move a
   * whole run by several percent.
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--fork")) {
      Path csv = Path.of(args[1]);
      Measurement result =
          measure(csv, Integer.parseInt(args[2]), Integer.parseInt(args[3]), System.out);
      System.out.println(result.asLine());
      return;
    }
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int forks = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    run(rows, rounds, forks, System.out);
  }

  /**
   * Generates the file, measures in this JVM or in {@code forks} new ones, prints the summary.
   *
   * @throws IllegalArgumentException if rows, rounds or forks is not positive
   */
  static List<Measurement> run(int rows, int rounds, int forks, PrintStream out) throws Exception {
    if (rows < 1 || rounds < 1 || forks < 1) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "rows, rounds and forks must be positive; were %d, %d and %d",
              rows,
              rounds,
              forks));
    }
    Path work = Files.createTempDirectory("flinders-csv-parquet");
    try {
      Path csv = work.resolve("stop_times.txt");
      generate(csv, rows);
      out.printf(
          Locale.ROOT,
          "%d rows, %.1f MiB of CSV, heap max %d MiB, %d cores%n",
          rows,
          Files.size(csv) / 1048576.0,
          Runtime.getRuntime().maxMemory() >> 20,
          Runtime.getRuntime().availableProcessors());
      if (forks == 1) {
        return List.of(measure(csv, rows, rounds, out));
      }
      List<Measurement> results = new ArrayList<>();
      for (int fork = 1; fork <= forks; fork++) {
        Measurement result = fork(csv, rows, rounds, fork, out);
        results.add(result);
        out.printf(
            Locale.ROOT,
            "fork %d: flinders %.3f s, duckdb %.3f s; flinders/duckdb = %.2f%n",
            fork,
            result.ours(),
            result.duck(),
            result.ratio());
      }
      List<Double> ratios = results.stream().map(Measurement::ratio).toList();
      out.printf(
          Locale.ROOT,
          "over %d forks: flinders/duckdb median %.2f (from %.2f to %.2f), %d of %d at or below"
              + " 1.00; heap peak at most %d MiB (live after a collection: %d MiB)%n",
          forks,
          Forks.median(ratios),
          Collections.min(ratios),
          Collections.max(ratios),
          ratios.stream().filter(ratio -> ratio <= 1.0).count(),
          forks,
          results.stream().mapToLong(Measurement::heapPeak).max().orElse(0) >> 20,
          results.stream().mapToLong(Measurement::liveAfterCollection).max().orElse(0) >> 20);
      return results;
    } finally {
      Forks.deleteTree(work);
    }
  }

  /** The medians of one JVM's rounds and its heap figures, in seconds and bytes. */
  record Measurement(double ours, double duck, long heapPeak, long liveAfterCollection) {
    double ratio() {
      return ours / duck;
    }

    /** The line a fork ends with, which {@link #ofLine} reads back. */
    String asLine() {
      return Forks.resultLine(FORK_RESULT, ours, duck, heapPeak, liveAfterCollection);
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
          Long.parseLong(parts[2]),
          Long.parseLong(parts[3]));
    }
  }

  /** Runs the rounds on {@code csv} in this JVM, printing each, and returns the medians. */
  static Measurement measure(Path csv, int rows, int rounds, PrintStream out) throws Exception {
    Path work = Files.createTempDirectory(csv.getParent(), "round");
    try {
      List<Double> ours = new ArrayList<>();
      List<Double> duck = new ArrayList<>();
      JvmUse.reset();
      for (int round = 0; round < rounds; round++) {
        long cpu = JvmUse.processCpuNanos();
        ours.add(flinders(csv, work.resolve("ours-" + round), rows));
        long oursCpu = JvmUse.processCpuNanos() - cpu;
        cpu = JvmUse.processCpuNanos();
        duck.add(duckDb(csv, work.resolve("duck-" + round + ".parquet")));
        long duckCpu = JvmUse.processCpuNanos() - cpu;
        out.printf(
            Locale.ROOT,
            "round %d: flinders %.3f s (%.2f s of CPU), duckdb %.3f s (%.2f s of CPU)%n",
            round + 1,
            ours.get(round),
            oursCpu / 1e9,
            duck.get(round),
            duckCpu / 1e9);
      }
      out.printf(
          Locale.ROOT,
          "files: flinders %.1f MiB, duckdb %.1f MiB%n",
          size(work.resolve("ours-0")) / 1048576.0,
          size(work.resolve("duck-0.parquet")) / 1048576.0);
      Measurement result =
          new Measurement(
              Forks.median(ours),
              Forks.median(duck),
              JvmUse.heapPeak(),
              JvmUse.liveAfterCollection());
      out.printf(
          Locale.ROOT,
          "median: flinders %.3f s (%.2f M rows/s), duckdb %.3f s; flinders/duckdb = %.2f; heap"
              + " peak %d MiB (live after a collection: %d MiB)%n",
          result.ours(),
          rows / result.ours() / 1e6,
          result.duck(),
          result.ratio(),
          result.heapPeak() >> 20,
          result.liveAfterCollection() >> 20);
      return result;
    } finally {
      Forks.deleteTree(work);
    }
  }

  /** Runs the rounds in a new JVM with this one's options, relaying its lines. */
  private static Measurement fork(Path csv, int rows, int rounds, int fork, PrintStream out)
      throws IOException, InterruptedException {
    return Forks.run(
        CsvToParquetComparison.class,
        List.of("--fork", csv.toString(), Integer.toString(rows), Integer.toString(rounds)),
        fork,
        out,
        Measurement::ofLine);
  }

  /** A GTFS-like stop_times.txt: every field quoted, CRLF, times up to 27:59:59, a BOM. */
  static void generate(Path file, int rows) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write('\uFEFF');
      out.write(
          "\"trip_id\",\"arrival_time\",\"departure_time\",\"stop_id\",\"stop_sequence\","
              + "\"stop_headsign\",\"pickup_type\",\"drop_off_type\",\"shape_dist_traveled\"\r\n");
      int trip = 0;
      int sequence = 0;
      int seconds = 0;
      for (int i = 0; i < rows; i++) {
        if (sequence == 0 || random.nextInt(40) == 0) {
          trip++;
          sequence = 1;
          seconds = 4 * 3600 + random.nextInt(23 * 3600);
        } else {
          sequence++;
          seconds += 60 + random.nextInt(180);
        }
        String time = time(seconds);
        out.write('"');
        out.write("1-" + trip + "-mjp-1.1.R");
        out.write("\",\"");
        out.write(time);
        out.write("\",\"");
        out.write(time);
        out.write("\",\"");
        out.write(Integer.toString(10_000 + random.nextInt(20_000)));
        out.write("\",\"");
        out.write(Integer.toString(sequence));
        out.write("\",\"\",\"0\",\"0\",\"");
        out.write(String.format(Locale.ROOT, "%.2f", sequence * 812.5 + random.nextInt(100)));
        out.write("\"\r\n");
      }
    }
  }

  private static String time(int seconds) {
    return String.format(
        Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }

  private static double flinders(Path csv, Path directory, int rows) throws Exception {
    ParquetDatasetSink curated = ParquetDatasetSink.builder(directory).build();
    ParquetDatasetSink quarantine = ParquetDatasetSink.builder(directory.resolve("q")).build();
    DatasetSpec spec = DatasetSpec.of("stop_times", STOP_TIMES);
    Component copy =
        Component.builder("stop-times")
            .task(
                context -> {
                  try (InputStream in = Files.newInputStream(csv);
                      CsvReader reader = CsvReader.open(in, csv.toString(), STOP_TIMES)) {
                    return Outcome.records(reader.copyTo(context.dataset(spec)));
                  }
                })
            .build();
    long start = System.nanoTime();
    RunReport report;
    try (Orchestrator orchestrator =
        Orchestrator.builder(Pipeline.builder("bench").component(copy).build())
            .stateStore(new InMemoryStateStore())
            .datasets(curated, quarantine)
            .build()) {
      report = orchestrator.runOnce();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (report.status() != RunStatus.SUCCEEDED
        || report.results().get(0).datasets().get(0).written() != rows) {
      throw new IllegalStateException(
          "the Flinders run did not write every row:\n" + report.toText());
    }
    return seconds;
  }

  private static double duckDb(Path csv, Path parquet) throws Exception {
    String types =
        "{'trip_id':'VARCHAR','arrival_time':'VARCHAR','departure_time':'VARCHAR',"
            + "'stop_id':'VARCHAR','stop_sequence':'INTEGER','stop_headsign':'VARCHAR',"
            + "'pickup_type':'INTEGER','drop_off_type':'INTEGER','shape_dist_traveled':'DOUBLE'}";
    long start = System.nanoTime();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute(
          "COPY (SELECT * FROM read_csv('"
              + csv
              + "', header=true, types="
              + types
              + ")) TO '"
              + parquet
              + "' (FORMAT parquet, COMPRESSION zstd)");
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** The size of a file, or of the Parquet files directly in a directory. */
  private static long size(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return Files.size(path);
    }
    long total = 0;
    try (Stream<Path> files = Files.list(path)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.toString().endsWith(".parquet")) {
          total += Files.size(file);
        }
      }
    }
    return total;
  }
}

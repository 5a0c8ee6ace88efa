package dev.flinders.orchestration.examples;

import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.TimeSource;
import dev.flinders.orchestration.examples.victoria.LocalDataVic;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import dev.flinders.orchestration.ptv.datavic.CkanClient;
import dev.flinders.orchestration.ptv.datavic.DataVic;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The Victorian transport pipeline: Data.vic's annual station patronage, monthly patronage and a
 * catalog of its transport datasets, written as Parquet to {@code curated/} and {@code quarantine/}
 * with state and history in {@code state/}.
 *
 * <p>Offline by default: a local stand-in for the Data.vic CKAN API serves the bundled real data,
 * and the demo runs three times on a simulated calendar. The first run fetches everything; a month
 * later both patronage sources are probed (two small requests each) and found unchanged; then the
 * monthly patronage gets a new edition, with one row the quality rules quarantine, and only it is
 * fetched again. With {@code --live} it runs once against the real Data.vic (network needed).
 *
 * <p>Run it with {@code mvn -q -B -DskipTests package exec:java -pl orchestration-examples -am};
 * give a directory as an argument to keep the output (default: a new temporary directory).
 */
public final class VictorianPipelineMain {
  private VictorianPipelineMain() {}

  public static void main(String[] args) throws IOException {
    boolean live = List.of(args).contains("--live");
    Path data = null;
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        data = Path.of(arg);
      }
    }
    if (data == null) {
      data = Files.createTempDirectory("flinders-victoria");
    }
    if (live) {
      runLive(data, System.out);
    } else {
      runOffline(data, System.out);
    }
  }

  /** The pipeline: the three Data.vic components as shipped, on the given client. */
  static Pipeline pipeline(CkanClient ckan) {
    return Pipeline.builder("victorian-transport")
        .component(DataVic.stationPatronageAnnual(ckan).build())
        .component(DataVic.patronageMonthly(ckan).build())
        .component(DataVic.catalog(ckan, DataVic.TRANSPORT_QUERY).build())
        .parallelism(2)
        .build();
  }

  static Orchestrator.Builder orchestrator(Pipeline pipeline, Path data, Clock clock) {
    return Orchestrator.builder(pipeline)
        .timeSource(TimeSource.system(clock))
        .zone(DataVic.MELBOURNE)
        .stateDirectory(data.resolve("state"))
        .datasets(
            ParquetDatasetSink.builder(data.resolve("curated")).zone(DataVic.MELBOURNE).build(),
            ParquetDatasetSink.builder(data.resolve("quarantine")).zone(DataVic.MELBOURNE).build());
  }

  /** Three runs against the local Data.vic; returns their reports. */
  static List<RunReport> runOffline(Path data, PrintStream out) throws IOException {
    List<RunReport> reports = new ArrayList<>();
    ShiftedClock clock = new ShiftedClock(Clock.systemUTC());
    try (LocalDataVic local = LocalDataVic.start();
        Orchestrator orchestrator =
            orchestrator(
                    pipeline(CkanClient.builder().baseUrl(local.baseUrl()).build()), data, clock)
                .build()) {
      out.println("== Offline: a local stand-in for Data.vic at " + local.baseUrl());
      out.println(orchestrator.plan().toText());

      reports.add(orchestrator.runOnce());
      out.println(reports.get(0).toText());

      clock.moveTo(firstOfNextMonth(clock.instant()));
      out.println("== A month later, " + clock.today() + ":");
      reports.add(orchestrator.runOnce());
      out.println(reports.get(1).toText());

      local.publish(
          DataVic.PATRONAGE_MONTHLY_RESOURCE,
          "2025-11-20T09:00:00.000000",
          List.of(
              List.of("2025", "10", "Oct", "Monday", "Normal Weekday", "MetroTrain", "512300"),
              List.of("2025", "10", "Oct", "Monday", "Normal Weekday", "Ferry", "1200")));
      clock.moveTo(firstOfNextMonth(clock.instant()));
      out.println(
          "== Data.vic publishes a new monthly edition (one row has an unknown mode); a month"
              + " later, "
              + clock.today()
              + ":");
      reports.add(orchestrator.runOnce());
      out.println(reports.get(2).toText());
      out.println(local.requests() + " requests to the local Data.vic in all");
    }
    printFiles(data, out);
    return reports;
  }

  private static void runLive(Path data, PrintStream out) throws IOException {
    try (Orchestrator orchestrator =
        orchestrator(pipeline(CkanClient.dataVic()), data, Clock.systemUTC()).build()) {
      out.println("== Live: " + CkanClient.DATA_VIC);
      out.println(orchestrator.runOnce().toText());
    }
    printFiles(data, out);
  }

  /** 06:00 Melbourne time on the 1st of the month after {@code now}: when the sources are due. */
  static Instant firstOfNextMonth(Instant now) {
    ZonedDateTime local = now.atZone(DataVic.MELBOURNE);
    return local
        .withDayOfMonth(1)
        .plusMonths(1)
        .withHour(6)
        .withMinute(0)
        .withSecond(0)
        .withNano(0)
        .plusMinutes(1)
        .toInstant();
  }

  private static void printFiles(Path data, PrintStream out) throws IOException {
    out.println("Files under " + data.toAbsolutePath() + ":");
    try (Stream<Path> files = Files.walk(data)) {
      files
          .filter(Files::isRegularFile)
          .filter(file -> file.toString().endsWith(".parquet"))
          .sorted()
          .forEach(file -> out.println("  " + data.relativize(file)));
    }
  }

  /** The system clock, moved forward on demand: the demo's calendar, while timers stay real. */
  static final class ShiftedClock extends Clock {
    private final Clock base;
    private volatile Duration shift = Duration.ZERO;

    ShiftedClock(Clock base) {
      this.base = base;
    }

    void moveTo(Instant instant) {
      shift = Duration.between(base.instant(), instant);
    }

    /** The simulated date and time in Melbourne, to the minute. */
    String today() {
      return instant()
          .atZone(DataVic.MELBOURNE)
          .truncatedTo(ChronoUnit.MINUTES)
          .format(DateTimeFormatter.ofPattern("d MMMM uuuu HH:mm", Locale.ENGLISH));
    }

    @Override
    public Instant instant() {
      return base.instant().plus(shift);
    }

    @Override
    public ZoneId getZone() {
      return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
      ShiftedClock clock = new ShiftedClock(base.withZone(zone));
      clock.shift = shift;
      return clock;
    }
  }
}

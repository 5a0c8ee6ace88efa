package dev.flinders.orchestration.examples;

import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.TimeSource;
import dev.flinders.orchestration.core.notify.Notifications;
import dev.flinders.orchestration.examples.victoria.Endpoints;
import dev.flinders.orchestration.examples.victoria.LocalVictoria;
import dev.flinders.orchestration.examples.victoria.VictorianPipeline;
import dev.flinders.orchestration.ptv.datavic.DataVic;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Victorian transport pipeline ({@link VictorianPipeline}): the GTFS schedule, the GTFS
 * Realtime feeds, PTV disruptions, the Data.vic catalog, the annual station patronage and the
 * monthly patronage, written as Parquet to {@code curated/} and {@code quarantine/}, with state and
 * history in {@code state/}.
 *
 * <p>Offline by default ({@link LocalVictoria}: in-process stand-ins serve the bundled real data),
 * three runs on a simulated calendar: everything is fetched on Monday 2 February 2026; a week later
 * the schedule is found unchanged with one conditional request, the disruptions are the same, the
 * realtime feeds bring new snapshots and the monthly sources are not due; on Monday 2 March
 * Transport Victoria has a new tram timetable, of which only the tram mode is ingested again, and
 * Data.vic a new monthly patronage edition, one row of which the quality rules quarantine. With
 * {@code --live} it runs once against the real services, with the keys in the environment (see
 * docs/victorian-pipeline.md).
 *
 * <p>Run it with {@code mvn -q -B -DskipTests package exec:java -pl orchestration-examples -am};
 * give a directory as an argument to keep the output (default: a new temporary directory).
 */
public final class VictorianPipelineMain {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEEE d MMMM uuuu HH:mm", Locale.ENGLISH);

  /** The simulated calendar's runs. */
  static final Instant FIRST_RUN = melbourne(LocalDateTime.of(2026, 2, 2, 6, 10));

  static final Instant WEEK_LATER = melbourne(LocalDateTime.of(2026, 2, 9, 6, 10));
  static final Instant NEXT_MONTH = melbourne(LocalDateTime.of(2026, 3, 2, 6, 10));

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

  /** What the offline demo did: its three reports and the datasets it left. */
  record Demo(List<RunReport> runs, DatasetFiles files, int requests) {}

  /** Three runs against the stand-ins on a simulated calendar. */
  static Demo runOffline(Path data, PrintStream out) throws IOException {
    long started = System.nanoTime();
    List<RunReport> runs = new ArrayList<>();
    ShiftedClock clock = new ShiftedClock(Clock.systemUTC());
    clock.moveTo(FIRST_RUN);
    int requests;
    try (LocalVictoria local = LocalVictoria.start(clock)) {
      VictorianPipeline victoria =
          VictorianPipeline.builder(local.endpoints()).data(data).freshnessAlerts(false).build();
      try (Orchestrator orchestrator =
          victoria.orchestrator().timeSource(TimeSource.system(clock)).build()) {
        out.println("== The Victorian transport pipeline, offline");
        out.println(
            "Stand-ins for Data.vic, Transport Victoria's GTFS schedule and GTFS Realtime"
                + " gateway and the PTV Timetable API serve the bundled real data: "
                + local.endpoints().description());
        printRoutes(victoria.notifications(), out);
        out.println();
        out.println("== The plan on " + day(clock.instant()) + ":");
        out.println(orchestrator.plan().toText());

        out.println("== Run 1, " + day(clock.instant()) + ": everything is fetched");
        runs.add(orchestrator.runOnce());
        out.println(runs.get(0).toText());

        clock.moveTo(WEEK_LATER);
        out.println(
            "== Run 2, a week later, "
                + day(clock.instant())
                + ": the schedule and the disruptions are as they were, the realtime feeds have"
                + " new snapshots, the monthly sources are not due");
        runs.add(orchestrator.runOnce());
        out.println(runs.get(1).toText());

        clock.moveTo(NEXT_MONTH.minus(Duration.ofDays(3)));
        local.publishTimetable(3);
        local
            .dataVic()
            .publish(
                DataVic.PATRONAGE_MONTHLY_RESOURCE,
                "2026-02-27T09:00:00.000000",
                List.of(
                    List.of(
                        "2025", "10", "Oct", "Monday", "Normal Weekday", "MetroTrain", "512300"),
                    List.of("2025", "10", "Oct", "Monday", "Normal Weekday", "Ferry", "1200")));
        clock.moveTo(NEXT_MONTH);
        out.println(
            "== Run 3, "
                + day(clock.instant())
                + ": Transport Victoria has published a new tram timetable (mode 3), Data.vic a"
                + " new monthly patronage edition with a row of an unknown mode");
        runs.add(orchestrator.runOnce());
        out.println(runs.get(2).toText());
      }
      requests = local.requests();
    }
    DatasetFiles files = DatasetFiles.of(data);
    files.print(out);
    out.println(
        "The last run's report: "
            + data.resolve("reports").resolve("latest.html").toAbsolutePath().toUri());
    out.printf(
        Locale.ROOT,
        "%d requests to the stand-ins; the demo took %.1f s%n",
        requests,
        (System.nanoTime() - started) / 1e9);
    return new Demo(runs, files, requests);
  }

  private static void runLive(Path data, PrintStream out) throws IOException {
    VictorianPipeline victoria = VictorianPipeline.builder(Endpoints.live()).data(data).build();
    out.println("== The Victorian transport pipeline, live");
    victoria
        .disabled()
        .forEach((component, why) -> out.println("disabled " + component + ": " + why));
    printRoutes(victoria.notifications(), out);
    try (Orchestrator orchestrator = victoria.orchestrator().build()) {
      out.println(orchestrator.runOnce().toText());
      orchestrator.awaitNotifications(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    DatasetFiles.of(data).print(out);
  }

  private static void printRoutes(Notifications notifications, PrintStream out) {
    List<String> routes = new ArrayList<>();
    notifications
        .routes()
        .forEach(
            route -> routes.add(route.notifier().name() + " (" + route.minimum() + " and up)"));
    out.println("Alerts go to: " + String.join(", ", routes) + " (see docs/victorian-pipeline.md)");
  }

  private static String day(Instant instant) {
    return instant.atZone(VictorianPipeline.MELBOURNE).format(DAY);
  }

  private static Instant melbourne(LocalDateTime time) {
    return time.atZone(ZoneId.of("Australia/Melbourne")).toInstant();
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

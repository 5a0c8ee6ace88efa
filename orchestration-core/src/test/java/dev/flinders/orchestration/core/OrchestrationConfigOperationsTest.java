package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.ConfigurationException;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.Problem;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.Threshold;
import dev.flinders.orchestration.core.config.OrchestrationConfig;
import dev.flinders.orchestration.core.notify.Notifications;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.notify.Alert;
import dev.flinders.orchestration.notify.AlertKind;
import dev.flinders.orchestration.notify.Notifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations settings of {@code orchestration.json}: thresholds, deferrable components, peak
 * hours and notification routes, applied from the example of docs/configuration.md and checked by
 * what a run does with them.
 */
class OrchestrationConfigOperationsTest {
  static final String EXAMPLE =
      OrchestrationConfigTest.jsonBlock(Path.of("..", "docs", "configuration.md"), 1);

  @TempDir Path directory;

  private final List<Alert> slack = new CopyOnWriteArrayList<>();

  /** Stands in for a Slack notifier created in code: same name, records what it is sent. */
  private final Notifier recorder =
      new Notifier() {
        @Override
        public String name() {
          return "slack";
        }

        @Override
        public void send(Alert alert) {
          slack.add(alert);
        }
      };

  /** In code: critical alerts only to "slack", 1 hour's cool-down, no freshness limits. */
  private Notifications coded() {
    return Notifications.builder().route(recorder, Alert.Severity.CRITICAL).build();
  }

  private static Pipeline pipeline() {
    return Pipeline.builder("victorian-transport")
        .threshold(Threshold.recordsBelow(5))
        .component(
            Component.builder("gtfs-schedule")
                .schedule(Schedule.every(Duration.ofHours(1)))
                .threshold(Threshold.durationAbove(Duration.ofHours(3)))
                .task(
                    context -> {
                      ((ManualClock) context.clock()).advance(Duration.ofMinutes(25));
                      return Outcome.records(1000);
                    })
                .build())
        .build();
  }

  @Test
  void theExample_setsThresholdsPeakHoursAndNotifications() {
    OrchestrationConfig.Applied applied =
        OrchestrationConfig.parse(EXAMPLE, "orchestration.json").applyTo(pipeline(), coded());

    assertThat(applied.pipeline().thresholds())
        .extracting(Threshold::toString)
        .as("replacing the coded records below 5")
        .containsExactly(
            "duration above 1h30m", "duration above 2.0× the median of the last 20 successes");
    Component gtfs = applied.pipeline().component("gtfs-schedule").orElseThrow();
    assertThat(gtfs.deferrable()).isTrue();
    assertThat(gtfs.thresholds())
        .extracting(Threshold::toString)
        .containsExactly(
            "duration above 20m", "heap above 512.0 MiB", "records below 1000 (failing)");
    assertThat(applied.peakHours().orElseThrow().toString())
        .isEqualTo("07:00–09:30, 16:00–19:00 Australia/Melbourne");
    assertThat(applied.peakHours().orElseThrow().grace()).isEqualTo(Duration.ofHours(3));
    Notifications notifications = applied.notifications().orElseThrow();
    assertThat(notifications.routes())
        .extracting(route -> route.notifier().name() + " " + route.minimum())
        .containsExactly("slack WARNING", "log INFO");
    assertThat(notifications.routes().get(0).kinds()).containsExactly(AlertKind.values());
    assertThat(notifications.routes().get(1).kinds())
        .containsExactlyInAnyOrder(AlertKind.THRESHOLD_BREACHED, AlertKind.DATA_STALE);
    assertThat(notifications.routes().get(0).notifier()).isSameAs(recorder);
    assertThat(notifications.coolDown()).isEqualTo(Duration.ofHours(2));
    assertThat(notifications.attempts()).as("kept from code").isEqualTo(3);
    assertThat(notifications.freshness()).containsEntry("gtfs_stops", Duration.ofDays(8));
  }

  @Test
  void aRun_followsTheFile_thresholdsAlertedWhereItRoutes_andDeferredInItsPeaks() throws Exception {
    Path file = directory.resolve("orchestration.json");
    Files.writeString(file, EXAMPLE);
    try (ManualRunner runner =
        ManualRunner.builder(pipeline())
            .startingAt("2026-12-02T06:00:00+11:00")
            .configure(
                orchestrator ->
                    orchestrator
                        .config(file)
                        .notifications(coded())
                        .zone(ZoneId.of("Australia/Melbourne")))
            .build()) {
      ComponentResult first = runner.runDue().result("gtfs-schedule").orElseThrow();
      // 07:25 after the first run; due again at 07:25 + 1h, in the morning peak
      runner.tick(Duration.ofMinutes(65));
      ComponentResult inPeak = runner.runDue().result("gtfs-schedule").orElseThrow();
      assertThat(runner.orchestrator().awaitNotifications(Duration.ofSeconds(5))).isTrue();

      assertThat(first.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(first.breaches())
          .as("the file's 20m, not the coded 3h (and its 512MiB heap, depending on the JVM)")
          .contains("duration above 20m: took 25m, above 20m")
          .allMatch(breach -> breach.startsWith("duration above 20m") || breach.startsWith("heap"));
      assertThat(slack)
          .extracting(Alert::title)
          .as("WARNINGs: routed to slack by the file, which the code sent CRITICAL only")
          .containsExactly(
              "gtfs-schedule breached a threshold in victorian-transport",
              // the file's freshness limit: the test has no dataset sink, so nothing is fresh
              "dataset gtfs_stops is stale in victorian-transport");
      assertThat(inPeak.status()).isEqualTo(Status.SKIPPED);
      assertThat(inPeak.reason().code()).isEqualTo(ReasonCode.DEFERRED);
      assertThat(inPeak.reason().message())
          .contains("in peak hours (07:00–09:30, 16:00–19:00 Australia/Melbourne)")
          .endsWith("it runs when the peak ends at 2026-12-02T09:30+11:00")
          .as("with the coded 2h grace it would run at 09:00; the file's 3h outlasts the peak")
          .doesNotContain("once overdue");
      assertThat(runner.plan().toText())
          .contains(file + " sets peakHours: windows [\"07:00-09:30\",\"16:00-19:00\"]");
    }
  }

  @Test
  void badOperationsSettings_areAllReported_withTheirPathsAndFixes() {
    String json =
        """
        {
          "pipeline": { "thresholds": [ { "durationAbove": "5m", "recordsBelow": 3 }, {} ] },
          "components": {
            "gtfs-schedule": {
              "deferrable": "yes",
              "thresholds": [
                { "durationAboveMedian": 0.5 },
                { "heapAbove": "lots" },
                { "durationAbove": "20m", "of": 5 },
                { "recordsBelow": 0 }
              ]
            }
          },
          "peakHours": { "windows": ["7-9", "10:00-09:00"], "grace": "-PT1H", "zone": "Mars/Olympus" },
          "notifications": {
            "routes": [
              { "notifier": "pager", "minSeverity": "LOUD" },
              { "kinds": ["RUN_EXPLODED"] }
            ],
            "coolDown": "0s",
            "freshness": { "gtfs_stops": "soon" }
          }
        }
        """;

    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () ->
                OrchestrationConfig.parse(json, "orchestration.json").applyTo(pipeline(), coded()));

    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "$.pipeline.thresholds[0]: gives durationAbove and recordsBelow: give one per threshold",
            "$.pipeline.thresholds[1]: says no limit: give one of durationAbove,"
                + " durationAboveMedian, heapAbove or recordsBelow",
            "$.components['gtfs-schedule'].deferrable: must be true or false, was the string"
                + " \"yes\"",
            "$.components['gtfs-schedule'].thresholds[0].durationAboveMedian: factor must be"
                + " above 1, was 0.5",
            "$.components['gtfs-schedule'].thresholds[1].heapAbove: not a size: \"lots\"; write"
                + " whole bytes, or a number with a binary unit such as 512MiB or 1.5GiB (B, KiB, MiB,"
                + " GiB, TiB)",
            "$.components['gtfs-schedule'].thresholds[2].of: only durationAboveMedian looks at"
                + " past runs",
            "$.components['gtfs-schedule'].thresholds[3].recordsBelow: must be a whole number of"
                + " at least 1, was 0",
            "$.peakHours.zone: unknown time zone \"Mars/Olympus\": use a region such as"
                + " Australia/Melbourne",
            "$.peakHours.windows[0]: not a window: \"7-9\"; write it as 07:00-09:30",
            "$.peakHours.windows[1]: a peak window must start before it ends on the same day,"
                + " was 10:00–09:00",
            "$.peakHours.grace: must not be negative, was \"-PT1H\"",
            "$.notifications.routes[0].notifier: no notifier named \"pager\": the notifiers are"
                + " slack, log (those routed in code, and log); notifiers with secrets, such as"
                + " Slack and email, are created in code",
            "$.notifications.routes[0].minSeverity: unknown value \"LOUD\": use one of INFO,"
                + " WARNING, CRITICAL",
            "$.notifications.routes[1].notifier: missing: name the notifier to send to",
            "$.notifications.routes[1].kinds[0]: unknown value \"RUN_EXPLODED\": use one of "
                + String.join(
                    ", ", java.util.Arrays.stream(AlertKind.values()).map(Enum::name).toList()),
            "$.notifications.coolDown: must be positive, was \"0s\"",
            "$.notifications.freshness.gtfs_stops: not a duration: \"soon\"; write a compact"
                + " form such as 90s, 15m, 1h30m or 2d, or ISO-8601 such as PT15M");
  }

  @Test
  void withoutNotificationsInCode_theFileMustRoute_andOnlyToTheLog() {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () ->
                OrchestrationConfig.parse("{\"notifications\": {\"coolDown\": \"1h\"}}", "f.json")
                    .applyTo(pipeline()));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "$.notifications.routes: missing: the orchestrator has no notifications in code, so"
                + " the file must route alerts, e.g. \"routes\": [{\"notifier\": \"log\","
                + " \"minSeverity\": \"WARNING\"}]");

    OrchestrationConfig.Applied applied =
        OrchestrationConfig.parse(
                "{\"notifications\": {\"routes\": [{\"notifier\": \"log\"}]},"
                    + " \"peakHours\": \"none\"}",
                "f.json")
            .applyTo(pipeline());
    assertThat(applied.notifications().orElseThrow().routes())
        .extracting(route -> route.notifier().name() + " " + route.minimum())
        .containsExactly("log INFO");
    assertThat(applied.peakHours().orElseThrow().toString()).isEqualTo("none");
    assertThat(applied.pipeline().thresholds())
        .as("the coded thresholds, the file setting none")
        .extracting(Threshold::toString)
        .containsExactly("records below 5");
  }

  @Test
  void peakHoursNeedTheirZoneAndWindows_andSizesRecordsAndNamesAreChecked() {
    Notifier otherSlack =
        new Notifier() {
          @Override
          public String name() {
            return "slack";
          }

          @Override
          public void send(Alert alert) {}
        };
    Notifications twoSlacks =
        Notifications.builder()
            .route(recorder, Alert.Severity.CRITICAL)
            .route(otherSlack, Alert.Severity.WARNING)
            .build();
    String json =
        """
        {
          "components": {
            "gtfs-schedule": {
              "thresholds": [
                { "durationAboveMedian": 2.0, "of": 2 },
                { "heapAbove": 536870912 },
                { "recordsBelow": 3000000000 }
              ]
            }
          },
          "peakHours": { "grace": "4h" },
          "notifications": {
            "routes": [ { "notifier": "slack" }, { "notifier": "log", "kinds": ["RUN_FAILED", "RUN_FAILED"] } ]
          }
        }
        """;

    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () -> OrchestrationConfig.parse(json, "f.json").applyTo(pipeline(), twoSlacks));

    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "$.components['gtfs-schedule'].thresholds[0].of: must be a whole number of at least 3,"
                + " was 2",
            "$.peakHours.zone: missing: give the zone the windows are in, e.g. \"zone\":"
                + " \"Australia/Melbourne\" (or the file's \"zone\"), so they do not follow the"
                + " server's zone",
            "$.peakHours.windows: missing: give the peak windows, e.g. [\"07:00-09:30\","
                + " \"16:00-19:00\"], or write \"peakHours\": \"none\" for no peak",
            "$.notifications.routes[0].notifier: more than one notifier routed in code is named"
                + " \"slack\": give each a name of its own (Notifier.name()) so the file can tell"
                + " them apart");

    OrchestrationConfig.Applied applied =
        OrchestrationConfig.parse(
                json.replace("\"of\": 2", "\"of\": 3")
                    .replace("{ \"grace\": \"4h\" }", "\"none\"")
                    .replace("{ \"notifier\": \"slack\" }, ", ""),
                "f.json")
            .applyTo(pipeline(), twoSlacks);
    assertThat(applied.pipeline().component("gtfs-schedule").orElseThrow().thresholds())
        .extracting(Threshold::toString)
        .containsExactly(
            "duration above 2.0× the median of the last 3 successes",
            "heap above 512.0 MiB",
            "records below 3000000000");
    assertThat(applied.notifications().orElseThrow().routes().get(0).kinds())
        .containsExactly(AlertKind.RUN_FAILED);
  }
}

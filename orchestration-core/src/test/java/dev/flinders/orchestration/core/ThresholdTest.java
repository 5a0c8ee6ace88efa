package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.Threshold;
import dev.flinders.orchestration.core.notify.Notifications;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.notify.Alert;
import dev.flinders.orchestration.notify.AlertKind;
import dev.flinders.orchestration.notify.Notifier;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Thresholds on successes: absolute and relative to the component's own history (durations injected
 * through the manual clock), reported or failing, and alerted until back within.
 */
class ThresholdTest {
  /** How long the next run of the component takes, in simulated time, and what it reports. */
  private final AtomicReference<Duration> takes = new AtomicReference<>(Duration.ofSeconds(10));

  private final List<Alert> alerts = new CopyOnWriteArrayList<>();

  private ManualRunner runner(Threshold... thresholds) {
    return runner(List.of(thresholds), List.of());
  }

  private ManualRunner runner(List<Threshold> thresholds, List<Threshold> ofPipeline) {
    Component.Builder loader =
        Component.builder("loader")
            .task(
                context -> {
                  ((ManualClock) context.clock()).advance(takes.get());
                  return Outcome.records(3);
                });
    for (Threshold threshold : thresholds) {
      loader.threshold(threshold);
    }
    Pipeline.Builder builder = Pipeline.builder("p");
    ofPipeline.forEach(builder::threshold);
    Pipeline pipeline =
        builder
            .component(loader.build())
            .component(
                Component.builder("report")
                    .dependsOn("loader")
                    .task(context -> Outcome.success())
                    .build())
            .build();
    Notifier recorder = Fixtures.recorder(alerts);
    return ManualRunner.builder(pipeline)
        .configure(
            orchestrator ->
                orchestrator.notifications(
                    Notifications.builder()
                        .route(recorder, Alert.Severity.INFO, AlertKind.THRESHOLD_BREACHED)
                        .build()))
        .build();
  }

  @Test
  void anAbsoluteDuration_isReportedWhenBreached_withoutFailing() throws Exception {
    takes.set(Duration.ofMinutes(10));
    try (ManualRunner runner = runner(Threshold.durationAbove(Duration.ofMinutes(5)))) {
      RunReport report = runner.runDue();
      ComponentResult loader = report.result("loader").orElseThrow();

      assertThat(loader.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(loader.breaches()).containsExactly("duration above 5m: took 10m, above 5m");
      assertThat(report.toText()).contains("\n           breached: duration above 5m: took 10m");
      assertThat(report.status("report")).isEqualTo(Status.SUCCEEDED);
      assertThat(runner.orchestrator().awaitNotifications(Duration.ofSeconds(5))).isTrue();
      assertThat(alerts)
          .extracting(Alert::title)
          .containsExactly("loader breached a threshold in p");
    }
  }

  @Test
  void aRelativeDuration_comparesWithTheMedianOfTheLastSuccesses_andResolves() throws Exception {
    try (ManualRunner runner = runner(Threshold.durationAboveMedian(2.0, 5))) {
      for (long seconds : new long[] {10, 12, 8, 11, 9}) {
        takes.set(Duration.ofSeconds(seconds));
        assertThat(
                runner
                    .tick(Duration.ofMinutes(1))
                    .runDue()
                    .result("loader")
                    .orElseThrow()
                    .breaches())
            .as("%d s, history too short or within", seconds)
            .isEmpty();
      }
      takes.set(Duration.ofSeconds(25));
      ComponentResult slow =
          runner.tick(Duration.ofMinutes(1)).runDue().result("loader").orElseThrow();
      takes.set(Duration.ofSeconds(12));
      ComponentResult normal =
          runner.tick(Duration.ofMinutes(1)).runDue().result("loader").orElseThrow();
      assertThat(runner.orchestrator().awaitNotifications(Duration.ofSeconds(5))).isTrue();

      assertThat(slow.breaches())
          .containsExactly(
              "duration above 2.0× the median of the last 5 successes: took 25s, above 2.0× the"
                  + " median 10s of its last 5 successes");
      assertThat(normal.breaches()).as("25 s is in the history now: median 11 s").isEmpty();
      assertThat(alerts)
          .extracting(alert -> alert.resolved() + " " + alert.title())
          .containsExactly(
              "false loader breached a threshold in p",
              "true loader is within its thresholds again in p");
    }
  }

  @Test
  void aFailingThreshold_failsTheComponent_andBlocksItsDownstreams() {
    try (ManualRunner runner = runner(Threshold.recordsBelow(10).failing())) {
      RunReport report = runner.runDue();
      ComponentResult loader = report.result("loader").orElseThrow();

      assertThat(loader.status()).isEqualTo(Status.FAILED);
      assertThat(loader.reason().code()).isEqualTo(ReasonCode.THRESHOLD_BREACHED);
      assertThat(loader.reason().message())
          .isEqualTo("breached threshold records below 10 (failing): 3 records, below 10");
      assertThat(report.status("report")).isEqualTo(Status.SKIPPED);
    }
  }

  @Test
  void thresholdsSayWhatIsWrongWithThem() {
    assertThatThrownBy(() -> Threshold.durationAboveMedian(0.5, 20))
        .hasMessage("factor must be above 1, was 0.5");
    assertThatThrownBy(() -> Threshold.durationAboveMedian(2, 2))
        .hasMessage("lastSuccesses must be 3 to 100, was 2");
    assertThatThrownBy(() -> Threshold.durationAbove(Duration.ZERO))
        .hasMessage("max must be positive, was PT0S");
    assertThat(Threshold.heapAbove(1L << 30).failing().toString())
        .isEqualTo("heap above 1.0 GiB (failing)");
  }

  @Test
  void aPipelineThreshold_judgesTheWholeRun_andIsAlertedUntilBackWithin() throws Exception {
    takes.set(Duration.ofMinutes(10));
    try (ManualRunner runner =
        runner(List.of(), List.of(Threshold.durationAbove(Duration.ofMinutes(5))))) {
      RunReport slow = runner.runDue();
      takes.set(Duration.ofMinutes(1));
      RunReport fast = runner.tick(Duration.ofHours(1)).runDue();
      assertThat(runner.orchestrator().awaitNotifications(Duration.ofSeconds(5))).isTrue();

      assertThat(slow.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(slow.breaches()).containsExactly("duration above 5m: took 10m, above 5m");
      assertThat(slow.result("loader").orElseThrow().breaches()).isEmpty();
      assertThat(slow.toText()).contains("\nrun breached: duration above 5m: took 10m, above 5m\n");
      assertThat(fast.breaches()).isEmpty();
      assertThat(alerts)
          .extracting(alert -> alert.resolved() + " " + alert.title())
          .containsExactly(
              "false run of p breached a threshold",
              "true runs of p are within their thresholds again");
      // kept in the history
      assertThat(runner.orchestrator().history(10))
          .extracting(RunReport::breaches)
          .containsExactly(List.of(), List.of("duration above 5m: took 10m, above 5m"));
    }
  }

  @Test
  void aFailingPipelineThreshold_failsTheRun_butNotItsComponents() {
    try (ManualRunner runner = runner(List.of(), List.of(Threshold.recordsBelow(10).failing()))) {
      RunReport report = runner.runDue();

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(report.breaches())
          .containsExactly("records below 10 (failing): 3 records, below 10");
      assertThat(report.results())
          .allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.SUCCEEDED));
    }
  }

  @Test
  void aRelativePipelineThreshold_usesTheRunsThatRanSomething_notIdleTicks() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .threshold(Threshold.durationAboveMedian(2.0, 5))
            .threshold(Threshold.recordsBelow(1))
            .component(
                Component.builder("loader")
                    .schedule(dev.flinders.orchestration.Schedule.every(Duration.ofMinutes(10)))
                    .task(
                        context -> {
                          ((ManualClock) context.clock()).advance(takes.get());
                          return Outcome.records(3);
                        })
                    .build())
            .build();
    try (ManualRunner runner = ManualRunner.builder(pipeline).build()) {
      for (long seconds : new long[] {10, 12, 8}) {
        takes.set(Duration.ofSeconds(seconds));
        assertThat(runner.tick(Duration.ofMinutes(10)).runDue().breaches()).isEmpty();
        // a tick where nothing is due: not judged, and not counted in the history of durations
        RunReport idle = runner.tick(Duration.ofMinutes(1)).runDue();
        assertThat(idle.counts()).doesNotContainKey(Status.SUCCEEDED);
        assertThat(idle.breaches()).as("0 records, but nothing ran").isEmpty();
      }
      takes.set(Duration.ofSeconds(25));

      RunReport slow = runner.tick(Duration.ofMinutes(10)).runDue();

      assertThat(slow.breaches())
          .containsExactly(
              "duration above 2.0× the median of the last 5 successes: took 25s, above 2.0× the"
                  + " median 10s of its last 3 successes");
    }
  }

  @Test
  void aRelativePipelineThreshold_comparesRunsOfTheSameComponents() {
    AtomicReference<Duration> daily = new AtomicReference<>(Duration.ofMinutes(20));
    // the median reads the run history, which the store bounds (50 runs in memory by default)
    Pipeline pipeline =
        Pipeline.builder("p")
            .threshold(Threshold.durationAboveMedian(2.0, 5))
            .parallelism(1) // in simulated time, one task's 50 minutes would time out the other
            .component(
                Component.builder("schedule-feed")
                    .schedule(dev.flinders.orchestration.Schedule.every(Duration.ofDays(1)))
                    .timeout(Duration.ofHours(2))
                    .task(
                        context -> {
                          ((ManualClock) context.clock()).advance(daily.get());
                          return Outcome.records(1_000_000);
                        })
                    .build())
            .component(
                Component.builder("realtime")
                    .schedule(dev.flinders.orchestration.Schedule.every(Duration.ofHours(1)))
                    .task(
                        context -> {
                          ((ManualClock) context.clock()).advance(Duration.ofSeconds(5));
                          return Outcome.records(100);
                        })
                    .build())
            .build();
    try (ManualRunner runner = ManualRunner.builder(pipeline).build()) {
      int breached = 0;
      for (int tick = 0; tick < 4 * 4; tick++) { // every 6 hours, for 4 days
        breached += runner.runDue().breaches().size();
        runner.tick(Duration.ofHours(6));
      }
      assertThat(breached).as("hourly runs are not compared with the daily ones").isZero();

      daily.set(Duration.ofMinutes(50));
      RunReport slowDay = null;
      for (int tick = 0; tick < 4 && slowDay == null; tick++) {
        RunReport report = runner.runDue();
        if (report.status("schedule-feed") == Status.SUCCEEDED) {
          slowDay = report;
        }
        runner.tick(Duration.ofHours(6));
      }

      assertThat(slowDay.breaches())
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .startsWith("duration above 2.0× the median of the last 5 successes: took 50m");
    }
  }
}

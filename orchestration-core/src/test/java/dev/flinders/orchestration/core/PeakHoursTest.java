package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.PeakHours;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.testing.ManualRunner;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Deferrable components wait out peak hours, in simulated Melbourne time: deferred with the reason
 * in the plan and the report, run when the peak ends or once overdue by the grace period; others,
 * first runs and forced runs are never deferred.
 */
class PeakHoursTest {
  private ManualRunner runner(UnaryOperator<PeakHours> peaks) {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                Component.builder("weekly-load")
                    .deferrable()
                    .schedule(Schedule.every(Duration.ofHours(1)))
                    .task(context -> Outcome.success())
                    .build())
            .component(
                Component.builder("realtime")
                    .schedule(Schedule.every(Duration.ofHours(1)))
                    .task(context -> Outcome.success())
                    .build())
            .build();
    return ManualRunner.builder(pipeline)
        .startingAt("2026-12-02T06:00:00+11:00")
        .configure(
            orchestrator ->
                orchestrator
                    .peakHours(peaks.apply(PeakHours.melbourne()))
                    .zone(ZoneId.of("Australia/Melbourne")))
        .build();
  }

  private static ComponentResult result(ManualRunner runner, String name) {
    return runner.runDue().result(name).orElseThrow();
  }

  @Test
  void aDeferrableComponent_waitsOutThePeak_andRunsWhenItEnds() {
    try (ManualRunner runner = runner(peaks -> peaks)) {
      assertThat(result(runner, "weekly-load").status())
          .as("06:00, off-peak")
          .isEqualTo(Status.SUCCEEDED);

      runner.tick(Duration.ofMinutes(90)); // 07:30, due since 07:00, in the morning peak
      assertThat(runner.plan().step("weekly-load").orElseThrow().reason().code())
          .isEqualTo(ReasonCode.DEFERRED);
      dev.flinders.orchestration.RunReport at0730 = runner.runDue();
      ComponentResult deferred = at0730.result("weekly-load").orElseThrow();
      assertThat(deferred.status()).isEqualTo(Status.SKIPPED);
      assertThat(deferred.reason().message())
          .isEqualTo(
              "deferred: due since 2026-12-02T07:00+11:00, but deferrable and in peak hours"
                  + " (07:00–09:30, 16:00–19:00 Australia/Melbourne); it runs when the peak ends"
                  + " at 2026-12-02T09:30+11:00, or at 2026-12-02T09:00+11:00 once overdue by the"
                  + " grace of 2h");
      assertThat(at0730.status("realtime"))
          .as("not deferrable: runs in the peak")
          .isIn(Status.SUCCEEDED, Status.UNCHANGED);

      runner.tick(Duration.ofMinutes(95)); // 09:05: overdue by more than the grace
      assertThat(result(runner, "weekly-load").status()).isEqualTo(Status.SUCCEEDED);
    }
  }

  @Test
  void withAGraceLongerThanThePeak_itRunsWhenThePeakEnds() {
    try (ManualRunner runner = runner(peaks -> peaks.grace(Duration.ofHours(6)))) {
      runner.runDue();
      runner.tick(Duration.ofMinutes(150)); // 08:30
      assertThat(result(runner, "weekly-load").reason().message())
          .endsWith("it runs when the peak ends at 2026-12-02T09:30+11:00");
      runner.tick(Duration.ofMinutes(61)); // 09:31, off-peak
      assertThat(result(runner, "weekly-load").status()).isEqualTo(Status.SUCCEEDED);
    }
  }

  @Test
  void firstRunsForcedRunsAndNoPeak_areNotDeferred() {
    try (ManualRunner runner =
        ManualRunner.builder(
                Pipeline.builder("p")
                    .component(
                        Component.builder("weekly-load")
                            .deferrable()
                            .schedule(Schedule.every(Duration.ofHours(1)))
                            .task(context -> Outcome.success())
                            .build())
                    .build())
            .startingAt("2026-12-02T08:00:00+11:00") // in the peak
            .build()) {
      assertThat(result(runner, "weekly-load").reason().code()).isEqualTo(ReasonCode.FIRST_RUN);
      runner.tick(Duration.ofHours(1)); // 09:00, due, in the peak
      assertThat(
              runner
                  .run(RunRequest.builder().force("weekly-load").build())
                  .result("weekly-load")
                  .orElseThrow()
                  .reason()
                  .code())
          .isEqualTo(ReasonCode.FORCED);
    }
    try (ManualRunner runner = runner(peaks -> PeakHours.none())) {
      runner.runDue();
      runner.tick(Duration.ofMinutes(90));
      assertThat(result(runner, "weekly-load").status()).isEqualTo(Status.SUCCEEDED);
    }
  }

  @Test
  void peakHours_knowTheirWindows_andRefuseBadOnes() {
    PeakHours peaks = PeakHours.melbourne();
    assertThat(peaks.peakEnd(Instant.parse("2026-12-01T21:00:00Z"))) // 08:00 in Melbourne
        .contains(Instant.parse("2026-12-01T22:30:00Z"));
    assertThat(peaks.peakEnd(Instant.parse("2026-12-02T00:00:00Z"))).isEmpty(); // 11:00
    assertThat(PeakHours.none().toString()).isEqualTo("none");
    assertThatThrownBy(
            () -> PeakHours.of(ZoneId.of("UTC")).window(LocalTime.of(19, 0), LocalTime.of(7, 0)))
        .hasMessage("a peak window must start before it ends on the same day, was 19:00–07:00");
  }
}

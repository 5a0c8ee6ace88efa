package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.TriggerRule;
import dev.flinders.orchestration.core.testing.ManualRunner;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What {@code plan()} says matches what the run then does, for components that wait for news. */
class PlanTest {
  private static Pipeline pipeline() {
    return Pipeline.builder("p")
        .component(
            Component.builder("daily")
                .task(context -> Outcome.success())
                .schedule(Schedule.daily().at(6, 0).in(Fixtures.MELBOURNE))
                .build())
        .component(
            Component.builder("extract")
                .task(context -> Outcome.success())
                .dependsOn("daily")
                .trigger(TriggerRule.ANY_CHANGED)
                .build())
        .component(
            Component.builder("publish")
                .task(context -> Outcome.success())
                .dependsOn("extract")
                .trigger(TriggerRule.ANY_CHANGED)
                .build())
        .build();
  }

  @Test
  void aComponentWaitingForNews_fromUpstreamsThatDoNotRun_isPlannedAsTheRunWillSkipIt() {
    try (ManualRunner runner =
        ManualRunner.builder(pipeline()).startingAt("2026-11-25T06:30:00+11:00").build()) {
      runner.runDue();
      runner.tick(Duration.ofHours(1)); // "daily" is not due again until tomorrow

      RunPlan plan = runner.plan();
      RunReport run = runner.runDue();

      assertThat(plan.step("extract").orElseThrow().action()).isEqualTo(RunPlan.Action.SKIP);
      assertThat(plan.step("extract").orElseThrow().reason().toString())
          .isEqualTo("NO_UPSTREAM_CHANGED: no upstream brought new data: daily SKIPPED (NOT_DUE)");
      assertThat(plan.step("publish").orElseThrow().reason().toString())
          .isEqualTo(
              "NO_UPSTREAM_CHANGED: no upstream brought new data: extract SKIPPED"
                  + " (NO_UPSTREAM_CHANGED)");
      for (String name : new String[] {"daily", "extract", "publish"}) {
        assertThat(run.result(name).orElseThrow().reason())
            .as(name + ": the run does as planned")
            .isEqualTo(plan.step(name).orElseThrow().reason());
      }
    }
  }

  @Test
  void aComponentWaitingForNews_fromAnUpstreamThatRuns_saysSoInThePlan() {
    try (ManualRunner runner =
        ManualRunner.builder(pipeline()).startingAt("2026-11-25T06:30:00+11:00").build()) {
      RunPlan plan = runner.plan();

      assertThat(plan.step("extract").orElseThrow().dependence())
          .isEqualTo("after daily; only if it brings new data");
      assertThat(plan.toText())
          .contains(
              "extract    RUN     FIRST_RUN: first run: it has never run (schedule every run)"
                  + " (after daily; only if it brings new data)");
      assertThat(runner.runDue().result("extract").orElseThrow().attempts()).isEqualTo(1);
    }
  }
}

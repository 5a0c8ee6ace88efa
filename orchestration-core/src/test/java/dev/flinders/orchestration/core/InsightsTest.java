package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.core.insight.Insight;
import dev.flinders.orchestration.core.insight.Insights;
import dev.flinders.orchestration.core.internal.InsightFinder;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.quota.QuotaUse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Insights over a history made in simulated time: the slowest components and their trend, the
 * critical path, a regression, a source that rarely changes, slot waiting, quota headroom; each
 * with its numbers.
 */
class InsightsTest {
  @Test
  void aHistory_saysWhatIsSlowWhatRegressedWhatRarelyChangesAndWhatWaits() {
    AtomicInteger run = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.builder("victorian-transport")
            .parallelism(1)
            .component(
                Component.builder("download")
                    .task(
                        context -> {
                          // 60 s a run, 100 s from the 5th, 300 s in the 10th
                          int n = run.incrementAndGet();
                          long seconds = n == 10 ? 300 : n >= 5 ? 100 : 60;
                          ((ManualClock) context.clock()).advance(Duration.ofSeconds(seconds));
                          return Outcome.records(1);
                        })
                    .build())
            .component(
                Component.builder("transform")
                    .dependsOn("download")
                    .task(
                        context -> {
                          ((ManualClock) context.clock()).advance(Duration.ofSeconds(20));
                          return Outcome.records(1);
                        })
                    .build())
            .component(
                Component.builder("catalog")
                    .priority(-1)
                    .task(context -> Outcome.unchanged("the catalog is the same"))
                    .build())
            .build();
    try (ManualRunner runner = ManualRunner.builder(pipeline).build()) {
      for (int i = 0; i < 10; i++) {
        runner.runDue();
        runner.tick(Duration.ofHours(1));
      }
      Insights insights = runner.orchestrator().insights();

      assertThat(insights.runs()).isEqualTo(10);
      Insight slowest = insights.of(Insight.Kind.SLOWEST).get(0);
      assertThat(slowest.component()).isEqualTo("download");
      assertThat(slowest.text())
          .isEqualTo(
              "download is among the slowest: 1m44s on average over 10 successes; its newer half"
                  + " took 2m20s on average against 1m8s before (+106 %)");
      assertThat(slowest.numbers()).containsEntry("mean_seconds", 104.0);
      assertThat(insights.of(Insight.Kind.CRITICAL_PATH))
          .singleElement()
          .extracting(Insight::text)
          .asString()
          .contains("took 5m20s of its")
          .endsWith(": download (5m) → transform (20s)");
      assertThat(insights.of(Insight.Kind.REGRESSION))
          .singleElement()
          .extracting(Insight::text)
          .isEqualTo(
              "download took 5m in its latest success, more than twice its median of 1m40s over"
                  + " the 9 before");
      assertThat(insights.of(Insight.Kind.MOSTLY_UNCHANGED))
          .singleElement()
          .extracting(Insight::component)
          .isEqualTo("catalog");
      assertThat(insights.of(Insight.Kind.SLOT_WAITING))
          .extracting(Insight::component)
          .as("catalog waits behind download and transform every run, with one slot")
          .contains("catalog");
      assertThat(insights.toText())
          .startsWith("Insights for victorian-transport from its last 10 runs:\n- ");
    }
  }

  @Test
  void quotaHeadroom_comesFromTheLastRun() {
    RunReport last =
        new RunReport(
            "p",
            "20261202T000000.000Z-001",
            dev.flinders.orchestration.RunStatus.SUCCEEDED,
            Instant.EPOCH,
            Instant.EPOCH.plusSeconds(1),
            false,
            List.of(),
            List.of(new QuotaUse("ptv", 3, "2026-12-02", 812, 1000)),
            java.time.ZoneOffset.UTC,
            List.of());

    Insights insights =
        InsightFinder.find(
            Pipeline.builder("p")
                .component(Component.builder("c").task(context -> Outcome.success()).build())
                .build(),
            List.of(last),
            2,
            Instant.EPOCH);

    assertThat(insights.of(Insight.Kind.QUOTA_HEADROOM))
        .singleElement()
        .extracting(Insight::text)
        .isEqualTo("quota ptv: 812 of 1000 calls used on 2026-12-02 (81 %), 188 left");
  }
}

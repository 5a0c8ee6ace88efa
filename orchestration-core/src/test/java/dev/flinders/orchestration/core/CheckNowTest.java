package dev.flinders.orchestration.core;

import static dev.flinders.orchestration.core.Fixtures.clock;
import static dev.flinders.orchestration.core.Fixtures.orchestrator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.change.ChangeDetector;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Check now, run only if changed": a request that probes a component's source whatever its
 * schedule, runs it only if the source changed, and then its downstreams.
 */
class CheckNowTest {
  private final ManualClock clock = clock();
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final AtomicLong records = new AtomicLong(100);
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final Pipeline pipeline =
      Pipeline.builder("p")
          .component(
              task("feed")
                  .schedule(Schedule.daily().in(Fixtures.MELBOURNE))
                  .changeDetector(ChangeDetector.recordCount("the feed", context -> records.get()))
                  .build())
          .component(
              task("report")
                  .schedule(Schedule.daily().in(Fixtures.MELBOURNE))
                  .dependsOn("feed")
                  .build())
          .component(task("other").schedule(Schedule.daily().in(Fixtures.MELBOURNE)).build())
          .build();

  @TempDir Path directory;

  @BeforeEach
  void firstRunAndAnHourLater() {
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      orchestrator.runOnce();
    }
    ran.clear();
    clock.advance(Duration.ofHours(1)); // nothing is due now
  }

  @Test
  void anUnchangedSource_isProbedNow_andNothingRuns() {
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      RunReport report = orchestrator.run(RunRequest.checkNow("feed"));

      assertThat(ran).isEmpty();
      ComponentResult feed = report.result("feed").orElseThrow();
      assertThat(feed.status()).isEqualTo(Status.UNCHANGED);
      assertThat(feed.reason().code()).isEqualTo(ReasonCode.SOURCE_UNCHANGED);
      assertThat(feed.reason().message()).startsWith("unchanged: the feed has 100 records");
      assertThat(report.result("report").orElseThrow().reason().toString())
          .isEqualTo("NO_UPSTREAM_CHANGED: no upstream brought new data: feed UNCHANGED");
      assertThat(report.result("other").orElseThrow().reason().code())
          .isEqualTo(ReasonCode.NOT_DUE);
    }
  }

  @Test
  void aChangedSource_runs_andSoDoItsDownstreams_butNotTheRest() {
    records.set(101);
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      RunPlan plan = orchestrator.plan(RunRequest.checkNow("feed"));
      assertThat(plan.step("feed").orElseThrow().reason().toString())
          .isEqualTo("CHECKED: checked now by the run request: it runs only if its source changed");
      assertThat(plan.step("report").orElseThrow().reason().message())
          .startsWith(
              "downstream of checked \"feed\": it runs only if an upstream brings new data (not"
                  + " due: daily");

      RunReport report = orchestrator.run(RunRequest.checkNow("feed"));

      assertThat(ran).containsExactly("feed", "report");
      assertThat(report.status("feed")).isEqualTo(Status.SUCCEEDED);
      assertThat(report.result("feed").orElseThrow().reason().message())
          .startsWith("checked now by the run request: it runs only if its source changed;")
          .contains("the feed has 101 records");
      assertThat(report.status("report")).isEqualTo(Status.SUCCEEDED);
      assertThat(report.status("other")).isEqualTo(Status.SKIPPED);
    }
  }

  @Test
  void aHeldBackComponentBelowADueOne_belowTheCheckedOne_runsToo() {
    // feed (checked) -> every-run (due anyway) -> daily (not due): daily runs if new data came
    Pipeline chain =
        Pipeline.builder("chain")
            .component(
                task("feed")
                    .schedule(Schedule.daily().in(Fixtures.MELBOURNE))
                    .changeDetector(
                        ChangeDetector.recordCount("the feed", context -> records.get()))
                    .build())
            .component(task("every-run").dependsOn("feed").build())
            .component(
                task("daily")
                    .schedule(Schedule.daily().in(Fixtures.MELBOURNE))
                    .dependsOn("every-run")
                    .build())
            .build();
    try (Orchestrator orchestrator = orchestrator(chain, clock, store)) {
      orchestrator.runOnce();
      clock.advance(Duration.ofHours(1));
      records.set(150);
      ran.clear();

      RunReport report = orchestrator.run(RunRequest.checkNow("feed"));

      assertThat(ran).containsExactly("feed", "every-run", "daily");
      assertThat(report.result("daily").orElseThrow().reason().message())
          .startsWith(
              "downstream of checked \"feed\": it runs only if an upstream brings new data");
    }
  }

  @Test
  void theConfigurationFile_canCheckAComponentAtEveryRun() throws Exception {
    Path config = directory.resolve("orchestration.json");
    Files.writeString(config, "{\"components\": {\"feed\": {\"check\": true}}}");
    records.set(102);
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline).timeSource(clock).stateStore(store).config(config).build()) {
      RunReport report = orchestrator.runOnce();

      assertThat(report.result("feed").orElseThrow().reason().message())
          .startsWith("checked by the configuration file (\"check\": true): it runs only if its");
      assertThat(ran).containsExactly("feed", "report");
      ran.clear();

      assertThat(orchestrator.runOnce().status("feed")).isEqualTo(Status.UNCHANGED);
      assertThat(ran).isEmpty();
    }
  }

  @Test
  void checkingEverything_andUnknownNames() {
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      // all: the components with a detector, and their downstreams if they changed
      RunReport all = orchestrator.run(RunRequest.builder().checkAllNow().build());
      assertThat(ran).isEmpty();
      assertThat(all.status("feed")).isEqualTo(Status.UNCHANGED);
      assertThat(all.result("other").orElseThrow().reason().code()).isEqualTo(ReasonCode.NOT_DUE);

      // named: also a component without a detector, which then runs
      RunReport named = orchestrator.run(RunRequest.checkNow("other"));
      assertThat(ran).containsExactly("other");
      assertThat(named.result("other").orElseThrow().reason().message())
          .isEqualTo("checked now by the run request: it has no change detector, so it runs");
      assertThatThrownBy(() -> orchestrator.run(RunRequest.checkNow("nope")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("does not have: nope");
    }
  }

  private Component.Builder task(String name) {
    return Component.builder(name)
        .task(
            context -> {
              ran.add(name);
              return Outcome.success();
            });
  }
}

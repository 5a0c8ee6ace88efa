package dev.flinders.orchestration.core;

import static dev.flinders.orchestration.core.Fixtures.await;
import static dev.flinders.orchestration.core.Fixtures.awaitTimer;
import static dev.flinders.orchestration.core.Fixtures.clock;
import static dev.flinders.orchestration.core.Fixtures.component;
import static dev.flinders.orchestration.core.Fixtures.inBackground;
import static dev.flinders.orchestration.core.Fixtures.orchestrator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.TriggerRule;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class OrchestratorTest {
  private final ManualClock clock = clock();
  private final InMemoryStateStore store = new InMemoryStateStore();

  @Test
  void runOnce_runsEveryComponentAfterItsUpstreams_andSaysWhy() {
    List<String> order = new CopyOnWriteArrayList<>();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(record("report", order).dependsOn("trains", "trams").build())
            .component(record("trams", order).dependsOn("stops").build())
            .component(record("trains", order).dependsOn("stops").build())
            .component(record("stops", order).build())
            .parallelism(1)
            .build();

    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      RunReport report = orchestrator.runOnce();

      assertThat(order).containsExactly("stops", "trams", "trains", "report");
      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(report.results())
          .extracting(ComponentResult::component)
          .containsExactly("stops", "trams", "trains", "report");
      assertThat(report.results())
          .allSatisfy(
              result -> {
                assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
                assertThat(result.reason().code()).isEqualTo(ReasonCode.FIRST_RUN);
                assertThat(result.reason().message())
                    .isEqualTo("first run: it has never run (schedule every run)");
                assertThat(result.attempts()).isEqualTo(1);
              });
      assertThat(orchestrator.history(10)).containsExactly(report);
    }
  }

  @Test
  void notDue_saysTheSchedule_theLastSuccess_andWhenItIsDueNext() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("timetable")
                    .schedule(Schedule.daily().at(6, 0).in(Fixtures.MELBOURNE))
                    .build())
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      assertThat(orchestrator.runOnce().status("timetable")).isEqualTo(Status.SUCCEEDED);

      clock.advance(Duration.ofHours(6));
      RunReport later = orchestrator.runOnce();

      ComponentResult result = later.result("timetable").orElseThrow();
      assertThat(result.status()).isEqualTo(Status.SKIPPED);
      assertThat(result.reason().code()).isEqualTo(ReasonCode.NOT_DUE);
      assertThat(result.reason().message())
          .isEqualTo(
              "not due: daily at 06:00 Australia/Melbourne, last succeeded 2026-11-25T06:00+11:00,"
                  + " next due 2026-11-26T06:00+11:00");

      clock.advance(Duration.ofHours(18));
      ComponentResult due = orchestrator.runOnce().result("timetable").orElseThrow();
      assertThat(due.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(due.reason().message())
          .isEqualTo(
              "due: daily at 06:00 Australia/Melbourne, last succeeded 2026-11-25T06:00+11:00,"
                  + " due since 2026-11-26T06:00+11:00");
    }
  }

  @Test
  void force_overridesTheSchedule_andManualComponentsRunOnlyWhenForced() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("weekly").schedule(Schedule.weekly().in(Fixtures.MELBOURNE)).build())
            .component(component("by-hand").schedule(Schedule.manual()).build())
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      RunReport first = orchestrator.runOnce();
      assertThat(first.status("weekly")).isEqualTo(Status.SUCCEEDED);
      assertThat(first.result("by-hand").orElseThrow().reason().toString())
          .isEqualTo("MANUAL_ONLY: manual schedule: it runs only when forced");

      RunReport forced = orchestrator.run(RunRequest.force("weekly", "by-hand"));

      assertThat(forced.results())
          .allSatisfy(
              result -> {
                assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
                assertThat(result.reason().toString())
                    .isEqualTo("FORCED: forced by the run request");
              });
    }
  }

  @Test
  void aFailure_skipsItsDescendants_namingIt_whileOtherBranchesRun() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("gtfs")
                    .task(
                        context -> {
                          throw new IOException("HTTP 503 from the feed");
                        })
                    .build())
            .component(component("timetable").dependsOn("gtfs").build())
            .component(component("dashboard").dependsOn("timetable").build())
            .component(component("cleanup").dependsOn("gtfs").trigger(TriggerRule.ALWAYS).build())
            .component(component("patronage").build())
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      RunReport report = orchestrator.runOnce();

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      ComponentResult gtfs = report.result("gtfs").orElseThrow();
      assertThat(gtfs.status()).isEqualTo(Status.FAILED);
      assertThat(gtfs.reason().toString())
          .isEqualTo("TASK_FAILED: failed on attempt 1 of 1: IOException: HTTP 503 from the feed");
      assertThat(gtfs.error()).isEqualTo("IOException: HTTP 503 from the feed");
      assertThat(report.result("timetable").orElseThrow().reason().toString())
          .isEqualTo("UPSTREAM_FAILED: upstream \"gtfs\" FAILED");
      assertThat(report.result("dashboard").orElseThrow().reason().toString())
          .isEqualTo("UPSTREAM_FAILED: upstream \"timetable\" was skipped because \"gtfs\" FAILED");
      assertThat(report.status("cleanup")).isEqualTo(Status.SUCCEEDED);
      assertThat(report.status("patronage")).isEqualTo(Status.SUCCEEDED);
      assertThat(report.toText()).contains("timetable  SKIPPED", "upstream \"gtfs\" FAILED");
    }
  }

  @Test
  void disabledAndNotDueUpstreams_doNotStopTheirDownstreams() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(component("off").enabled(false).build())
            .component(
                component("rarely").schedule(Schedule.annually().in(Fixtures.MELBOURNE)).build())
            .component(component("downstream").dependsOn("off", "rarely").build())
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      orchestrator.runOnce();
      clock.advance(Duration.ofHours(1));
      RunReport report = orchestrator.runOnce();

      assertThat(report.result("off").orElseThrow().reason().toString())
          .isEqualTo("DISABLED: disabled");
      assertThat(report.result("rarely").orElseThrow().reason().code())
          .isEqualTo(ReasonCode.NOT_DUE);
      assertThat(report.status("downstream")).isEqualTo(Status.SUCCEEDED);
    }
  }

  @Test
  void anyChangedTrigger_runsOnlyWhenAnUpstreamBroughtNewData_unlessForced() {
    AtomicReference<Outcome> feed = new AtomicReference<>(Outcome.unchanged());
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(component("feed").task(context -> feed.get()).build())
            .component(
                component("extract").dependsOn("feed").trigger(TriggerRule.ANY_CHANGED).build())
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      RunReport unchanged = orchestrator.runOnce();
      assertThat(unchanged.result("feed").orElseThrow().reason().toString())
          .isEqualTo("SOURCE_UNCHANGED: unchanged: the task reported no new data");
      assertThat(unchanged.status("feed")).isEqualTo(Status.UNCHANGED);
      assertThat(unchanged.result("extract").orElseThrow().reason().toString())
          .isEqualTo("NO_UPSTREAM_CHANGED: no upstream brought new data: feed UNCHANGED");

      assertThat(orchestrator.run(RunRequest.force("extract")).status("extract"))
          .isEqualTo(Status.SUCCEEDED);

      feed.set(Outcome.records(12));
      assertThat(orchestrator.runOnce().status("extract")).isEqualTo(Status.SUCCEEDED);
    }
  }

  @Test
  void retries_waitWithBackoff_withoutHoldingAWorkerSlot() {
    AtomicInteger calls = new AtomicInteger();
    List<String> events = new CopyOnWriteArrayList<>();
    CountDownLatch otherDone = new CountDownLatch(1);
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("flaky")
                    .task(
                        context -> {
                          events.add("flaky attempt " + context.attempt());
                          if (calls.incrementAndGet() < 3) {
                            throw new IOException("connection reset");
                          }
                          return Outcome.records(5);
                        })
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .initialDelay(Duration.ofSeconds(10))
                            .jitter(0)
                            .build())
                    .build())
            .component(
                component("other")
                    .task(
                        context -> {
                          events.add("other");
                          otherDone.countDown();
                          return Outcome.success();
                        })
                    .build())
            .parallelism(1)
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      Instant start = clock.instant();
      CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);

      awaitTimer(clock, start.plusSeconds(10));
      await(otherDone, "the other component to run while flaky waits for its retry");
      clock.advance(Duration.ofSeconds(10));
      awaitTimer(clock, start.plusSeconds(30));
      clock.advance(Duration.ofSeconds(20));
      RunReport report = await(run);

      assertThat(events)
          .containsExactly("flaky attempt 1", "other", "flaky attempt 2", "flaky attempt 3");
      ComponentResult flaky = report.result("flaky").orElseThrow();
      assertThat(flaky.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(flaky.attempts()).isEqualTo(3);
      assertThat(flaky.duration()).isEqualTo(Duration.ofSeconds(30));
      assertThat(flaky.reason().message())
          .isEqualTo(
              "first run: it has never run (schedule every run); succeeded on attempt 3 after:"
                  + " IOException: connection reset");
      assertThat(flaky.outcome().records()).isEqualTo(5);
    }
  }

  @Test
  void aRetryThatWouldStartAfterTheRunsTimeout_isNotScheduled() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("slow-to-recover")
                    .task(
                        context -> {
                          throw new IOException("connection reset");
                        })
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .initialDelay(Duration.ofMinutes(120)) // the run's timeout
                            .maxDelay(Duration.ofMinutes(120))
                            .jitter(0)
                            .build())
                    .build())
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      // no retry timer to wait for, so the run ends without the clock moving
      RunReport report = await(inBackground(orchestrator::runOnce));

      ComponentResult result = report.result("slow-to-recover").orElseThrow();
      assertThat(result.status()).isEqualTo(Status.FAILED);
      assertThat(result.attempts()).isEqualTo(1);
      assertThat(result.reason().message())
          .isEqualTo(
              "failed on attempt 1 of 3; not retried: the next attempt would start after the"
                  + " run's timeout: IOException: connection reset");
    }
  }

  @Test
  void retriesExhausted_orNotRetryable_failWithTheAttemptCount() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("always-down")
                    .task(
                        context -> {
                          throw new IOException("boom");
                        })
                    .retry(RetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ZERO).build())
                    .build())
            .component(
                component("bad-request")
                    .task(
                        context -> {
                          throw new IllegalArgumentException("resource id is not a UUID");
                        })
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .abortOn(IllegalArgumentException.class)
                            .build())
                    .build())
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      RunReport report = orchestrator.runOnce();

      assertThat(report.result("always-down").orElseThrow().reason().message())
          .isEqualTo("failed on attempt 2 of 2: IOException: boom");
      assertThat(report.result("always-down").orElseThrow().attempts()).isEqualTo(2);
      assertThat(report.result("bad-request").orElseThrow().reason().message())
          .isEqualTo(
              "failed on attempt 1 of 3 with a failure that is not retried: IllegalArgumentException: resource id is not a UUID");
    }
  }

  @Test
  void componentState_isKeptWhenTheTaskSucceeds_andDiscardedWhenItFails() {
    AtomicInteger run = new AtomicInteger();
    List<String> seen = new CopyOnWriteArrayList<>();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("cursor")
                    .task(
                        context -> {
                          seen.add(context.state().get("watermark").orElse("none"));
                          int number = run.incrementAndGet();
                          context.state().put("watermark", "w" + number);
                          if (number == 2) {
                            throw new IOException("failed after moving the watermark");
                          }
                          return Outcome.success();
                        })
                    .build())
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      orchestrator.runOnce();
      orchestrator.runOnce();
      orchestrator.runOnce();
    }
    assertThat(seen).containsExactly("none", "w1", "w1");
    assertThat(store.component("p", "cursor").orElseThrow().state())
        .containsEntry("watermark", "w3");
  }

  @Test
  void componentState_rejectsKeysAndSizesOverItsLimits_namingThem() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("greedy")
                    .task(
                        context -> {
                          context.state().put("x".repeat(64 * 1024), "too much");
                          return Outcome.success();
                        })
                    .build())
            .component(
                component("long-key")
                    .task(
                        context -> {
                          context.state().put("k".repeat(201), "v");
                          return Outcome.success();
                        })
                    .build())
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      RunReport report = orchestrator.runOnce();

      assertThat(report.result("greedy").orElseThrow().error())
          .isEqualTo(
              "IllegalArgumentException: state key of component \"greedy\" must be 1 to 200"
                  + " characters, was 65536");
      assertThat(report.result("long-key").orElseThrow().error())
          .isEqualTo(
              "IllegalArgumentException: state key of component \"long-key\" must be 1 to 200"
                  + " characters, was 201");
    }
  }

  @Test
  void componentState_overItsTotalSize_isRejected() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("greedy")
                    .task(
                        context -> {
                          context.state().put("big", "v".repeat(64 * 1024));
                          return Outcome.success();
                        })
                    .build())
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      assertThat(orchestrator.runOnce().result("greedy").orElseThrow().error())
          .isEqualTo(
              "IllegalArgumentException: state of component \"greedy\" would hold 65539"
                  + " characters, over the limit of 65536: keep cursors and watermarks here, and"
                  + " data in datasets");
    }
  }

  @Test
  void theContext_showsUpstreamOutcomes_identity_deadline_andTheMdc() {
    AtomicReference<String> seen = new AtomicReference<>();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(component("stops").task(context -> Outcome.records(42)).build())
            .component(
                component("report")
                    .dependsOn("stops")
                    .timeout(Duration.ofMinutes(5))
                    .task(
                        context -> {
                          ComponentContext c = context;
                          seen.set(
                              c.pipelineName()
                                  + " "
                                  + c.componentName()
                                  + " attempt "
                                  + c.attempt()
                                  + " upstream records "
                                  + c.upstreams().get("stops").outcome().records()
                                  + " deadline "
                                  + c.deadline()
                                  + " remaining "
                                  + c.remaining()
                                  + " mdc "
                                  + MDC.get("flinders.component")
                                  + "/"
                                  + (MDC.get("flinders.run").equals(c.runId()))
                                  + " cancelled "
                                  + c.isCancelled());
                          c.logger().log(System.Logger.Level.INFO, "working on {0}", "report");
                          c.throwIfCancelled();
                          return Outcome.success();
                        })
                    .build())
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      orchestrator.runOnce();
    }
    assertThat(seen.get())
        .isEqualTo(
            "p report attempt 1 upstream records 42 deadline 2026-11-24T19:05:00Z remaining PT5M"
                + " mdc report/true cancelled false");
  }

  @Test
  void listeners_seeEveryEvent_inOrder_andAFailingListenerDoesNotFailTheRun() {
    List<String> events = new CopyOnWriteArrayList<>();
    RunListener recording =
        new RunListener() {
          @Override
          public void runStarted(RunReport run) {
            events.add("started " + run.status());
          }

          @Override
          public void componentStarted(String runId, String component, int attempt) {
            events.add("start " + component + " #" + attempt);
          }

          @Override
          public void componentFinished(String runId, ComponentResult result) {
            events.add("finish " + result.component() + " " + result.status());
          }

          @Override
          public void runFinished(RunReport report) {
            events.add("finished " + report.status());
          }
        };
    RunListener failing =
        new RunListener() {
          @Override
          public void componentFinished(String runId, ComponentResult result) {
            throw new IllegalStateException("listener bug");
          }
        };
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(component("a").build())
            .component(component("b").dependsOn("a").build())
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .timeSource(clock)
            .stateStore(store)
            .listener(failing)
            .listener(recording)
            .build()) {
      assertThat(orchestrator.runOnce().status()).isEqualTo(RunStatus.SUCCEEDED);
    }
    assertThat(events)
        .containsExactly(
            "started RUNNING",
            "start a #1",
            "finish a SUCCEEDED",
            "start b #1",
            "finish b SUCCEEDED",
            "finished SUCCEEDED");
  }

  @Test
  void selection_withUpstreamsOrDownstreams_skipsTheRestAsNotSelected() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(component("a").build())
            .component(component("b").dependsOn("a").build())
            .component(component("c").dependsOn("b").build())
            .component(component("other").build())
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      RunReport up = orchestrator.run(RunRequest.builder().select("b").withUpstreams().build());
      assertThat(ran(up)).containsExactly("a", "b");
      assertThat(up.result("c").orElseThrow().reason().toString())
          .isEqualTo("NOT_SELECTED: not selected: the run request selected \"b\"");

      RunReport down = orchestrator.run(RunRequest.builder().select("b").withDownstreams().build());
      assertThat(ran(down)).containsExactly("b", "c");
    }
  }

  @Test
  void planAndDryRun_executeNothing_andExplainEveryComponent() {
    AtomicInteger executed = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("a")
                    .task(
                        context -> {
                          executed.incrementAndGet();
                          return Outcome.success();
                        })
                    .build())
            .component(component("b").dependsOn("a").build())
            .component(component("off").enabled(false).build())
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      RunPlan plan = orchestrator.plan();
      RunReport dryRun = orchestrator.run(RunRequest.builder().dryRun().build());

      assertThat(executed).hasValue(0);
      assertThat(plan.toRun()).containsExactly("a", "b");
      assertThat(plan.step("b").orElseThrow().after()).containsExactly("a");
      assertThat(plan.toText())
          .contains(
              "b          RUN     FIRST_RUN: first run: it has never run (schedule every run) (after a)");
      assertThat(plan).isEqualTo(orchestrator.plan());
      assertThat(dryRun.dryRun()).isTrue();
      assertThat(dryRun.result("b").orElseThrow().reason().toString())
          .isEqualTo(
              "DRY_RUN: would run: first run: it has never run (schedule every run), after a");
      assertThat(dryRun.result("off").orElseThrow().reason().code()).isEqualTo(ReasonCode.DISABLED);
      assertThat(orchestrator.history(10)).as("dry runs are not recorded").isEmpty();
    }
  }

  @Test
  void readyComponents_startByPriority() {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(record("low", order).build())
            .component(record("high", order).priority(10).build())
            .component(record("mid", order).priority(5).build())
            .parallelism(1)
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      orchestrator.runOnce();
    }
    assertThat(order).containsExactly("high", "mid", "low");
  }

  @Test
  void badRequests_andClosedOrchestrators_areRejectedClearly() {
    Pipeline pipeline = Pipeline.builder("p").component(component("a").build()).build();
    Orchestrator orchestrator = orchestrator(pipeline, clock, store);
    assertThatThrownBy(() -> orchestrator.run(RunRequest.force("gtfs")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the run request names components that pipeline \"p\" does not have: gtfs; its components are a");
    orchestrator.close();
    assertThatThrownBy(orchestrator::runOnce)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("orchestrator of pipeline \"p\" is closed");
    assertThatThrownBy(
            () ->
                Orchestrator.builder(pipeline)
                    .stateStore(store)
                    .stateDirectory(java.nio.file.Path.of("x"))
                    .build())
        .hasMessage("set either stateStore(...) or stateDirectory(...), not both");
  }

  @Test
  void aTaskReturningNull_fails_sayingWhatToReturn() {
    Pipeline pipeline =
        Pipeline.builder("p").component(component("a").task(context -> null).build()).build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      assertThat(orchestrator.runOnce().result("a").orElseThrow().error())
          .isEqualTo(
              "NullPointerException: the task returned null; return Outcome.success() instead");
    }
  }

  @Test
  void runIds_increase_evenWhenTheClockStandsStill() {
    Pipeline pipeline = Pipeline.builder("p").component(component("a").build()).build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      String first = orchestrator.runOnce().runId();
      String second = orchestrator.runOnce().runId();
      assertThat(first).isEqualTo("20261124T190000.000Z-001");
      assertThat(second).isEqualTo("20261124T190000.000Z-002");
      assertThat(orchestrator.history(10))
          .extracting(RunReport::runId)
          .containsExactly(second, first);
    }
  }

  @Test
  void aSecondOrchestratorOnALockedPipeline_isToldWhichProcessOnWhichHostHoldsIt()
      throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("slow")
                    .task(
                        context -> {
                          running.countDown();
                          finish.await();
                          return Outcome.success();
                        })
                    .build())
            .build();
    try (Orchestrator first = orchestrator(pipeline, clock, store);
        Orchestrator second = orchestrator(pipeline, clock, store)) {
      CompletableFuture<RunReport> run = inBackground(first::runOnce);
      await(running, "the first run to start");

      assertThatThrownBy(second::runOnce)
          .isInstanceOf(dev.flinders.orchestration.PipelineLockedException.class)
          .hasMessageContaining(
              "pid "
                  + ProcessHandle.current().pid()
                  + " on "
                  + java.net.InetAddress.getLocalHost().getHostName()
                  + ", since ");
      finish.countDown();
      assertThat(await(run).status()).isEqualTo(RunStatus.SUCCEEDED);
    }
  }

  private static List<String> ran(RunReport report) {
    return report.results().stream()
        .filter(r -> r.status() == Status.SUCCEEDED)
        .map(ComponentResult::component)
        .toList();
  }

  private static dev.flinders.orchestration.Component.Builder record(
      String name, List<String> order) {
    return component(name)
        .task(
            context -> {
              order.add(context.componentName());
              return Outcome.success();
            });
  }
}

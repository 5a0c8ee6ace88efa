package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.core.testing.ManualRunner;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The single-threaded, simulated-time run mode: configure, tick, run what is due, assert. Every
 * task runs on the test's thread and retry delays pass at once, so each test is a plain sequence.
 */
class ManualRunnerTest {
  private static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  @Test
  void retries_waitInSimulatedTime_onTheCallersThread() {
    // given: a source that fails twice, retried after 30 s then 60 s, no jitter
    AtomicInteger calls = new AtomicInteger();
    List<String> threads = new ArrayList<>();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                Component.builder("flaky")
                    .task(
                        context -> {
                          threads.add(Thread.currentThread().getName());
                          if (calls.incrementAndGet() < 3) {
                            throw new IOException("connection reset");
                          }
                          return Outcome.success();
                        })
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .initialDelay(Duration.ofSeconds(30))
                            .jitter(0)
                            .build())
                    .build())
            .build();
    try (ManualRunner runner =
        ManualRunner.builder(pipeline).startingAt("2026-11-25T06:00:00+11:00").build()) {
      // when
      RunReport report = runner.runDue();

      // then: three attempts 90 s apart in simulated time, all on this thread
      ComponentResult flaky = report.result("flaky").orElseThrow();
      assertThat(flaky.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(flaky.attempts()).isEqualTo(3);
      assertThat(flaky.duration()).isEqualTo(Duration.ofSeconds(90));
      assertThat(flaky.reason().message())
          .endsWith("succeeded on attempt 3 after: IOException: connection reset");
      assertThat(threads).containsOnly(Thread.currentThread().getName()).hasSize(3);
      assertThat(runner.clock().instant())
          .isEqualTo(Instant.parse("2026-11-24T19:01:30Z")); // 06:01:30 in Melbourne
    }
  }

  @Test
  void aTaskTakingSimulatedTime_timesOutAtItsDeadline_andIsRetried() {
    // given: the first attempt takes 10 simulated minutes against a timeout of 5
    AtomicInteger calls = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                Component.builder("slow")
                    .timeout(Duration.ofMinutes(5))
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(2)
                            .initialDelay(Duration.ofMinutes(1))
                            .jitter(0)
                            .build())
                    .task(
                        context -> {
                          if (calls.incrementAndGet() == 1) {
                            ((ManualClock) context.clock()).advance(Duration.ofMinutes(10));
                            context.throwIfCancelled();
                          }
                          return Outcome.success();
                        })
                    .build())
            .build();
    try (ManualRunner runner = ManualRunner.builder(pipeline).build()) {
      // when
      RunReport report = runner.runDue();

      // then: the timeout fired inside the task, the retry ran a minute after it
      ComponentResult slow = report.result("slow").orElseThrow();
      assertThat(slow.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(slow.attempts()).isEqualTo(2);
      assertThat(slow.reason().message())
          .contains("succeeded on attempt 2 after: component \"slow\" exceeded its timeout of 5m");
      // the retry was due at 6 minutes; with one thread it starts when the stopped task returns,
      // at 10, the time that task moved the clock to
      assertThat(slow.duration()).isEqualTo(Duration.ofMinutes(10));
    }
  }

  @Test
  void aRetryThatWouldOutliveTheRun_isNotMade() {
    // given: a run timeout of 10 minutes and a retry delay of 15
    Pipeline pipeline =
        Pipeline.builder("p")
            .timeout(Duration.ofMinutes(10))
            .component(
                Component.builder("down")
                    .task(
                        context -> {
                          throw new IOException("503");
                        })
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .initialDelay(Duration.ofMinutes(15))
                            .maxDelay(Duration.ofMinutes(30))
                            .jitter(0)
                            .build())
                    .build())
            .build();
    try (ManualRunner runner = ManualRunner.builder(pipeline).build()) {
      RunReport report = runner.runDue();

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(report.result("down").orElseThrow().reason().message())
          .isEqualTo(
              "failed on attempt 1 of 3; not retried: the next attempt would start after the"
                  + " run's timeout: IOException: 503");
    }
  }

  @Test
  void schedules_configureTickRunAssert() {
    // given: a daily component at 06:00 and one every run, downstream of it
    List<String> ran = new ArrayList<>();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                Component.builder("daily")
                    .schedule(Schedule.daily().at(6, 0).in(MELBOURNE))
                    .task(
                        context -> {
                          ran.add("daily");
                          return Outcome.success();
                        })
                    .build())
            .component(
                Component.builder("report")
                    .dependsOn("daily")
                    .trigger(dev.flinders.orchestration.TriggerRule.ANY_CHANGED)
                    .task(
                        context -> {
                          ran.add("report");
                          return Outcome.success();
                        })
                    .build())
            .build();
    try (ManualRunner runner =
        ManualRunner.builder(pipeline).startingAt("2026-11-25T06:30:00+11:00").build()) {
      // first run: both
      assertThat(runner.runDue().status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(ran).containsExactly("daily", "report");

      // an hour later: daily is not due, so report has no new upstream data
      RunReport later = runner.tick(Duration.ofHours(1)).runDue();
      assertThat(later.result("daily").orElseThrow().reason().code()).isEqualTo(ReasonCode.NOT_DUE);
      assertThat(later.result("report").orElseThrow().reason().code())
          .isEqualTo(ReasonCode.NO_UPSTREAM_CHANGED);

      // the next morning: both again
      runner.tick(Duration.ofDays(1));
      assertThat(runner.plan().toRun()).containsExactly("daily", "report");
      runner.runDue();
      assertThat(ran).containsExactly("daily", "report", "daily", "report");
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(60) // it hung, waiting for a timer no one would fire
  void aCallWaitingForARateLimitPermit_movesTheClockToIt() throws IOException {
    // given: 3 calls per minute, a task that makes 4 against a local server
    try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.start();
      for (int i = 0; i < 4; i++) {
        server.enqueue(new mockwebserver3.MockResponse.Builder().body("ok").build());
      }
      List<Instant> sentAt = new ArrayList<>();
      Pipeline pipeline =
          Pipeline.builder("p")
              .component(
                  Component.builder("departures")
                      .quota("ptv")
                      .task(
                          context -> {
                            for (int i = 0; i < 4; i++) {
                              context.http().get(server.url("/departures").toString()).text();
                              sentAt.add(context.clock().instant());
                            }
                            return Outcome.success();
                          })
                      .build())
              .build();
      try (ManualRunner runner =
          ManualRunner.builder(pipeline)
              .startingAt("2026-11-25T06:00:00+11:00")
              .configure(
                  orchestrator ->
                      orchestrator.quota(
                          dev.flinders.orchestration.quota.QuotaPolicy.builder("ptv")
                              .rateLimit(3, Duration.ofMinutes(1))
                              .build()))
              .build()) {
        // when
        RunReport report = runner.runDue();

        // then: the fourth call went a minute after the first, in simulated time
        assertThat(report.status("departures")).isEqualTo(Status.SUCCEEDED);
        assertThat(server.getRequestCount()).isEqualTo(4);
        assertThat(Duration.between(sentAt.get(0), sentAt.get(3))).isEqualTo(Duration.ofMinutes(1));
      }
    }
  }

  @Test
  void tasksRunOneAtATime_inTheEnginesOrder_whateverTheParallelism() {
    // given: a diamond with two branches, parallelism 4
    List<String> order = new ArrayList<>();
    Pipeline.Builder builder = Pipeline.builder("p").parallelism(4);
    for (String spec : List.of("a", "b<a", "c<a", "d<b,c")) {
      String[] parts = spec.split("<");
      Component.Builder component =
          Component.builder(parts[0])
              .task(
                  context -> {
                    order.add(context.componentName());
                    return Outcome.success();
                  });
      if (parts.length > 1) {
        component.dependsOn(parts[1].split(","));
      }
      builder.component(component.build());
    }
    try (ManualRunner runner = ManualRunner.builder(builder.build()).build()) {
      for (int run = 0; run < 3; run++) {
        runner.runDue();
      }
      assertThat(order).containsExactly("a", "b", "c", "d", "a", "b", "c", "d", "a", "b", "c", "d");
    }
  }
}

package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ResourceUse;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.core.report.RunReportJson;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.core.testing.NoDelayServerSockets;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import dev.flinders.orchestration.quota.QuotaPolicy;
import java.io.IOException;
import java.time.Duration;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What each component used, as the engine measures it: its worker thread's CPU time and
 * allocations, the heap after it, and its waits for a worker slot and for quota; in the result, the
 * text report when notable, the JSON report; nothing when switched off.
 */
class ResourceUseTest {
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    server.setServerSocketFactory(new NoDelayServerSockets());
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder().body("ok").build();
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Spins until the thread has used {@code nanos} of CPU, allocating as it goes. */
  private static Outcome burn(long nanos) {
    long until =
        java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() + nanos;
    long sink = 0;
    while (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
        < until) {
      byte[] garbage = new byte[64 << 10];
      sink += garbage.length;
    }
    return Outcome.records(sink > 0 ? 1 : 0);
  }

  @Test
  void cpuAndAllocation_ofTheWorkerThread_areMeasured_andShownWhenNotable() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(Component.builder("busy").task(context -> burn(150_000_000L)).build())
            .component(Component.builder("idle").task(context -> Outcome.success()).build())
            .build();
    try (ManualRunner runner = ManualRunner.builder(pipeline).build()) {
      RunReport report = runner.runDue();

      ResourceUse busy = report.result("busy").orElseThrow().resources();
      assertThat(busy.cpu()).isBetween(Duration.ofMillis(150), Duration.ofSeconds(10));
      assertThat(busy.allocatedBytes()).isGreaterThan(64L << 10);
      assertThat(busy.heapUsedAfter()).isPositive();
      assertThat(busy.slotWait()).isZero();
      assertThat(busy.quotaWait()).isZero();
      ResourceUse idle = report.result("idle").orElseThrow().resources();
      assertThat(idle.cpu()).isLessThan(Duration.ofMillis(100));

      String text = report.toText();
      assertThat(text)
          .containsPattern("\\n +used: cpu [0-9.]+m?s, allocated [0-9.]+ [KMG]iB, heap ");
      assertThat(text.lines().filter(line -> line.contains("used: ")))
          .as("only the busy one")
          .hasSize(1);
      assertThat(RunReportJson.toJson(report))
          .contains("\"resources\"")
          .contains("\"allocatedBytes\"");
    }
  }

  @Test
  void waitsForASlotAndForQuota_areMeasuredInTheEnginesTime() {
    String url = server.url("/x").toString();
    Pipeline pipeline =
        Pipeline.builder("p")
            .parallelism(1)
            .component(
                Component.builder("first")
                    .priority(10)
                    .task(
                        context -> {
                          ((ManualClock) context.clock()).advance(Duration.ofSeconds(5));
                          return Outcome.success();
                        })
                    .build())
            .component(
                Component.builder("second")
                    .quota("api")
                    .task(
                        context -> {
                          for (int call = 0; call < 2; call++) {
                            try (HttpResponse response =
                                context.http().send(HttpRequest.get(url).build())) {
                              response.text();
                            }
                          }
                          return Outcome.success();
                        })
                    .build())
            .build();
    try (ManualRunner runner =
        ManualRunner.builder(pipeline)
            .configure(
                orchestrator ->
                    orchestrator.quota(
                        QuotaPolicy.builder("api").rateLimit(1, Duration.ofSeconds(60)).build()))
            .build()) {
      ComponentResult second = runner.runDue().result("second").orElseThrow();

      assertThat(second.resources().slotWait())
          .as("ready at the start, it waited for the only slot while first took 5 s")
          .isEqualTo(Duration.ofSeconds(5));
      assertThat(second.resources().quotaWait())
          .as("the second call waited for the next permit")
          .isEqualTo(Duration.ofSeconds(60));
      assertThat(second.http().calls()).isEqualTo(2);
    }
  }

  @Test
  void aComponentWhoseLastRunWasShort_hasOnlyItsWaitsMeasured() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(Component.builder("idle").task(context -> Outcome.success()).build())
            .build();
    try (ManualRunner runner = ManualRunner.builder(pipeline).build()) {
      ResourceUse first = runner.runDue().result("idle").orElseThrow().resources();
      ResourceUse second =
          runner.tick(Duration.ofMinutes(1)).runDue().result("idle").orElseThrow().resources();

      assertThat(first.cpu()).as("a first run is measured").isNotNull();
      assertThat(second.cpu()).as("its last run took under 1 ms").isNull();
      assertThat(second.allocatedBytes()).isEqualTo(-1);
      assertThat(second.heapUsedAfter()).isEqualTo(-1);
      assertThat(second.slotWait()).isZero();
      assertThat(second.toString()).isEmpty();
    }
  }

  @Test
  void switchedOff_nothingIsMeasured() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(Component.builder("busy").task(context -> burn(1_000_000L)).build())
            .build();
    try (ManualRunner runner =
        ManualRunner.builder(pipeline)
            .configure(orchestrator -> orchestrator.measureResources(false))
            .build()) {
      assertThat(runner.runDue().result("busy").orElseThrow().resources()).isNull();
    }
  }
}

package dev.flinders.orchestration.ptv.timetable;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.RunRequest;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.InMemoryDatasetSink;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.ptv.TaskFailures;
import java.io.IOException;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A local PTV ({@link FakePtv} on a MockWebServer, checking every signature) and an orchestrator
 * around it: state in memory, datasets in memory, a manual clock. Nothing reaches the internet.
 */
abstract class PtvTestSupport {
  final MockWebServer server = new MockWebServer();
  final FakePtv ptv = new FakePtv();
  final ManualClock clock = ManualClock.at("2026-12-02T08:00:00+11:00");
  final InMemoryStateStore store = new InMemoryStateStore();
  final InMemoryDatasetSink curated = new InMemoryDatasetSink("curated");
  final InMemoryDatasetSink quarantine = new InMemoryDatasetSink("quarantine");
  final OkHttpClient http = new OkHttpClient();

  @BeforeEach
  void startPtv() throws IOException {
    server.setDispatcher(ptv);
    server.start();
  }

  @AfterEach
  void stopPtv() {
    server.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  String baseUrl() {
    return server.url("/").toString();
  }

  PtvClient client() {
    return PtvClient.builder(Secret.of(FakePtv.DEVID), Secret.of(FakePtv.KEY))
        .baseUrl(baseUrl())
        .build();
  }

  Orchestrator orchestrator(Pipeline pipeline) {
    return Orchestrator.builder(pipeline)
        .timeSource(clock)
        .stateStore(store)
        .httpClient(http)
        .datasets(curated, quarantine)
        .build();
  }

  RunReport run(Component component) {
    return run(component, RunRequest.scheduled());
  }

  RunReport run(Component component, RunRequest request) {
    try (Orchestrator orchestrator =
        orchestrator(Pipeline.builder("ptv").component(component).build())) {
      return orchestrator.run(request);
    }
  }

  /**
   * The component as shipped, but due at every run and without retries (they wait on the clock).
   */
  static Component everyRun(Component.Builder component) {
    return component.schedule(Schedule.everyRun()).retry(RetryPolicy.none()).build();
  }

  /** Runs a task once, without retries, and returns what it threw. */
  Throwable failureOf(Task task) {
    return TaskFailures.of("task", task, this::run);
  }

  static ComponentResult result(RunReport report, String component) {
    return report.result(component).orElseThrow();
  }
}

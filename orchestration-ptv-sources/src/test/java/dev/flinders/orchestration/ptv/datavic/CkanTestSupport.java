package dev.flinders.orchestration.ptv.datavic;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.RunRequest;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.InMemoryDatasetSink;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.core.testing.NoDelayServerSockets;
import dev.flinders.orchestration.ptv.TaskFailures;
import dev.flinders.orchestration.quota.QuotaPolicy;
import java.io.IOException;
import java.util.Map;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A local CKAN ({@link FakeCkan} on a MockWebServer) and an orchestrator around it: state in
 * memory, datasets in memory, a manual clock. Nothing reaches the internet.
 */
abstract class CkanTestSupport {
  static final String ANNUAL_CSV = "annual_metropolitan_train_station_entries_fy_2024_2025.csv";
  static final String MONTHLY_CSV = "monthly_average_patronage_by_day_type_and_by_mode.csv";

  /** The CKAN types Data.vic gives the annual station entries' fields. */
  static final Map<String, String> ANNUAL_TYPES =
      Map.ofEntries(
          Map.entry("Fin_year", "text"),
          Map.entry("Stop_ID", "int4"),
          Map.entry("Stop_name", "text"),
          Map.entry("Stop_lat", "numeric"),
          Map.entry("Stop_long", "numeric"),
          Map.entry("Pax_annual", "int4"),
          Map.entry("Pax_weekday", "int4"),
          Map.entry("Pax_norm_weekday", "int4"),
          Map.entry("Pax_sch_hol_weekday", "int4"),
          Map.entry("Pax_Saturday", "int4"),
          Map.entry("Pax_Sunday", "int4"),
          Map.entry("Pax_pre_AM_peak", "int4"),
          Map.entry("Pax_AM_peak", "int4"),
          Map.entry("Pax_interpeak", "int4"),
          Map.entry("Pax_PM_peak", "int4"),
          Map.entry("Pax_PM_late", "int4"));

  static final Map<String, String> MONTHLY_TYPES =
      Map.of("Year", "int4", "Month", "int4", "Pax_daily", "numeric");

  final MockWebServer server = new MockWebServer();
  final FakeCkan ckan = new FakeCkan();
  final ManualClock clock = ManualClock.at("2026-11-25T06:00:00+11:00");
  final InMemoryStateStore store = new InMemoryStateStore();
  final InMemoryDatasetSink curated = new InMemoryDatasetSink("curated");
  final InMemoryDatasetSink quarantine = new InMemoryDatasetSink("quarantine");
  final OkHttpClient http = new OkHttpClient();

  @BeforeEach
  void startCkan() throws IOException {
    server.setDispatcher(ckan);
    server.setServerSocketFactory(new NoDelayServerSockets()); // 45 ms a call without
    server.start();
    ckan.fileBase(server.url("/files/").toString());
  }

  @AfterEach
  void stopCkan() {
    server.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  String baseUrl() {
    return server.url("/api/3/action").toString();
  }

  CkanClient client() {
    return CkanClient.builder().baseUrl(baseUrl()).build();
  }

  Orchestrator orchestrator(Pipeline pipeline, QuotaPolicy... quotas) {
    Orchestrator.Builder builder =
        Orchestrator.builder(pipeline)
            .timeSource(clock)
            .stateStore(store)
            .httpClient(http)
            .datasets(curated, quarantine);
    for (QuotaPolicy quota : quotas) {
      builder.quota(quota);
    }
    return builder.build();
  }

  RunReport run(Component component) {
    return run(component, RunRequest.scheduled());
  }

  RunReport run(Component component, RunRequest request) {
    try (Orchestrator orchestrator =
        orchestrator(Pipeline.builder("datavic").component(component).build())) {
      return orchestrator.run(request);
    }
  }

  /** Runs a task once, without retries, and returns what it threw. */
  Throwable failureOf(Task task) {
    return TaskFailures.of("probe-" + Math.abs(task.hashCode()), task, this::run);
  }

  static ComponentResult result(RunReport report, String component) {
    return report.result(component).orElseThrow();
  }
}

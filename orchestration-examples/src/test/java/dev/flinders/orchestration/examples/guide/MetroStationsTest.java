package dev.flinders.orchestration.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.RunRequest;
import dev.flinders.orchestration.core.report.RunReportJson;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.InMemoryDatasetSink;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.core.testing.NoDelayServerSockets;
import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.quota.QuotaPolicy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MetroStations} against a local stand-in for its API ({@link FakeStationsApi} on a
 * MockWebServer, serving real station data), in simulated time with {@link ManualRunner}: nothing
 * reaches the internet and nothing sleeps. Also checks that docs/writing-a-source.md shows this
 * code and the source's as they are.
 */
class MetroStationsTest {
  // docs: begin
  private static final String STATIONS = "metro-stations";
  private static final String KEY = "test-key-7c41e9";

  private final MockWebServer server = new MockWebServer();
  private final FakeStationsApi api = new FakeStationsApi(KEY);
  private final InMemoryDatasetSink curated = new InMemoryDatasetSink("curated");
  private final InMemoryDatasetSink quarantine = new InMemoryDatasetSink("quarantine");

  @BeforeEach
  void startTheApi() throws IOException {
    server.setServerSocketFactory(new NoDelayServerSockets());
    server.setDispatcher(api);
    server.start();
  }

  @AfterEach
  void stopTheApi() {
    server.close();
  }

  private MetroStations source(String key) {
    return MetroStations.of(server.url("/").toString(), Secret.of(key));
  }

  private ManualRunner runner(Component component, QuotaPolicy quota) {
    return ManualRunner.builder(Pipeline.builder("stations").component(component).build())
        .startingAt("2026-12-01T05:30:00+11:00")
        .configure(
            orchestrator ->
                orchestrator
                    .quota(quota)
                    .datasets(curated, quarantine)
                    .zone(MetroStations.MELBOURNE))
        .build();
  }

  @Test
  void aNewAnswer_isStored_anUnchangedOne_costsOneConditionalHead() {
    try (ManualRunner runner = runner(source(KEY).component().build(), MetroStations.quota())) {
      RunReport first = runner.runDue();

      assertThat(first.status(STATIONS)).as(first.toText()).isEqualTo(Status.SUCCEEDED);
      assertThat(curated.latestRows("metro_stations").orElseThrow())
          .hasSize(226)
          .first()
          .isEqualTo(
              new Object[] {
                "vic:rail:ACF",
                "Aircraft Railway Station",
                -37.86660595,
                144.76080944,
                1,
                3,
                Instant.parse("2026-11-30T18:30:00Z") // context.clock(): the run's time
              });
      assertThat(api.calls()).containsExactly("HEAD /v1/metro/stations", "GET /v1/metro/stations");

      RunReport second = runner.tick(Duration.ofDays(1)).runDue();

      assertThat(second.status(STATIONS)).isEqualTo(Status.UNCHANGED);
      assertThat(second.result(STATIONS).orElseThrow().reason().message())
          .isEqualTo("unchanged: ETag \"2025-12-12\" same as on 2026-12-01T05:30+11:00");
      assertThat(api.calls())
          .endsWith("HEAD /v1/metro/stations If-None-Match \"2025-12-12\"")
          .hasSize(3);
    }
  }

  // docs: end

  @Test
  void rowsThatBreakARule_areQuarantined_withTheRule_theOthersStored() {
    String withBadRows =
        FakeStationsApi.STATIONS.replace(
            "\n  ]\n",
            ",\n"
                + "    {\"id\": \"vic:rail:ACF\", \"name\": \"Aircraft again\", \"lat\": -37.9,"
                + " \"lon\": 144.8, \"wheelchair_boarding\": 1, \"platforms\": 2},\n"
                + "    {\"id\": \"vic:rail:XXX\", \"name\": \"Null Island\", \"lat\": 0.0,"
                + " \"lon\": 0.0, \"wheelchair_boarding\": 1, \"platforms\": 1},\n"
                + "    {\"id\": \"vic:rail:YYY\", \"name\": \"Somewhere\", \"lat\": -37.8,"
                + " \"lon\": 145.0, \"wheelchair_boarding\": \"yes\", \"platforms\": 0}\n  ]\n");
    api.publish(withBadRows, "\"v2\"");
    try (ManualRunner runner = runner(source(KEY).component().build(), MetroStations.quota())) {
      RunReport report = runner.runDue();

      assertThat(report.status(STATIONS)).as(report.toText()).isEqualTo(Status.SUCCEEDED);
      DatasetSummary summary = report.result(STATIONS).orElseThrow().datasets().get(0);
      assertThat(summary.rowsIn()).isEqualTo(229);
      assertThat(summary.written()).isEqualTo(226);
      assertThat(summary.quarantinedByRule())
          .isEqualTo(Map.of("unique(station_id)", 1L, "range(lat,-39.2,-33.9)", 1L, "type", 1L));
      List<Object[]> quarantined = quarantine.latestRows("metro_stations").orElseThrow();
      assertThat(quarantined)
          .extracting(row -> row[0])
          .containsExactly("vic:rail:ACF", "vic:rail:XXX", "vic:rail:YYY");
      assertThat(report.result(STATIONS).orElseThrow().outcome().notes())
          .containsExactly("229 stations, 227 with step-free access");
    }
  }

  @Test
  void anEmptyAnswer_failsTheDataset_andTheStoredOneStands_untilTheNextChange() {
    try (ManualRunner runner = runner(source(KEY).component().build(), MetroStations.quota())) {
      runner.runDue();
      api.publish("{\"generated\": \"2025-12-13\", \"stations\": []}", "\"empty\"");

      RunReport empty = runner.tick(Duration.ofDays(1)).runDue();

      ComponentResult result = empty.result(STATIONS).orElseThrow();
      assertThat(result.status()).isEqualTo(Status.FAILED);
      assertThat(result.attempts()).as("a rule that fails is not retried").isEqualTo(1);
      assertThat(result.error()).contains("row_count(100,1000)");
      assertThat(curated.versions("metro_stations")).hasSize(1);
      assertThat(curated.latestRows("metro_stations").orElseThrow()).hasSize(226);

      api.publish(FakeStationsApi.STATIONS, "\"2025-12-14\"");
      RunReport next = runner.tick(Duration.ofDays(1)).runDue();
      assertThat(next.status(STATIONS)).isEqualTo(Status.SUCCEEDED);
      assertThat(next.result(STATIONS).orElseThrow().reason().message())
          .contains("source changed: ETag \"2025-12-14\", was ETag \"2025-12-12\"");
    }
  }

  @Test
  void malformedJson_isRetried_thenFailsNamingTheCall_andKeepsTheStoredVersion() {
    try (ManualRunner runner = runner(source(KEY).component().build(), MetroStations.quota())) {
      runner.runDue();
      String cut = FakeStationsApi.STATIONS.substring(0, 300);
      api.publish(cut, "\"cut\"");

      RunReport report = runner.tick(Duration.ofDays(1)).runDue();

      ComponentResult result = report.result(STATIONS).orElseThrow();
      assertThat(result.status()).isEqualTo(Status.FAILED);
      assertThat(result.attempts()).isEqualTo(3);
      assertThat(result.error())
          .startsWith(
              "HttpException: GET "
                  + server.url(FakeStationsApi.PATH)
                  + " answered malformed JSON: Unexpected end-of-input");
      assertThat(curated.versions("metro_stations")).hasSize(1);
    }
  }

  @Test
  void aRefusedKey_failsAtOnce_andTheKeyIsInNoReport() {
    String wrong = "wrong-key-0b22d4";
    try (ManualRunner runner = runner(source(wrong).component().build(), MetroStations.quota())) {
      RunReport report = runner.runDue();

      ComponentResult result = report.result(STATIONS).orElseThrow();
      assertThat(result.status()).isEqualTo(Status.FAILED);
      assertThat(result.attempts()).as("a 4xx other than 429 is not retried").isEqualTo(1);
      assertThat(result.errorDetail().httpStatus()).isEqualTo(401);
      assertThat(result.error())
          .isEqualTo(
              "HttpStatusException: HEAD "
                  + server.url(FakeStationsApi.PATH)
                  + " answered HTTP 401");
      assertThat(report.toText() + RunReportJson.toJson(report)).doesNotContain(wrong);
    }
  }

  @Test
  void theDailyBudget_holds_aRunWithoutQuotaIsSkipped_notHalfCalled() {
    QuotaPolicy twoCalls =
        QuotaPolicy.builder(MetroStations.PROVIDER).dailyBudget(2, MetroStations.MELBOURNE).build();
    try (ManualRunner runner = runner(source(KEY).component().build(), twoCalls)) {
      assertThat(runner.runDue().status(STATIONS)).isEqualTo(Status.SUCCEEDED);

      RunReport forced = runner.run(RunRequest.force(STATIONS));

      ComponentResult result = forced.result(STATIONS).orElseThrow();
      assertThat(result.status()).isEqualTo(Status.SKIPPED);
      assertThat(result.reason().code()).isEqualTo(ReasonCode.QUOTA_EXHAUSTED);
      assertThat(api.calls()).as("the probe and the download, nothing after").hasSize(2);
    }
  }

  /** Threads and a socket that never answers: the engine's timeout cuts the call off. */
  @Test
  void aStalledAnswer_isCutOffAtTheTimeout() throws Exception {
    api.scriptGet(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    ManualClock clock = ManualClock.at("2026-12-01T05:30:00+11:00");
    Component component = source(KEY).component().retry(RetryPolicy.none()).build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(Pipeline.builder("stations").component(component).build())
            .timeSource(clock)
            .stateStore(new InMemoryStateStore())
            .quota(MetroStations.quota())
            .datasets(curated, quarantine)
            .build()) {
      CompletableFuture<RunReport> run = CompletableFuture.supplyAsync(orchestrator::runOnce);
      assertThat(server.takeRequest(30, TimeUnit.SECONDS)).isNotNull(); // HEAD
      assertThat(server.takeRequest(30, TimeUnit.SECONDS)).isNotNull(); // GET, never answered
      assertThat(
              clock.awaitTimerAt(clock.instant().plus(component.timeout()), Duration.ofSeconds(30)))
          .isTrue();
      clock.advance(component.timeout());

      RunReport report = run.get(30, TimeUnit.SECONDS);
      ComponentResult result = report.result(STATIONS).orElseThrow();
      assertThat(result.status()).isEqualTo(Status.TIMED_OUT);
      assertThat(result.error()).contains("GET " + server.url(FakeStationsApi.PATH) + " in flight");
      assertThat(curated.versions("metro_stations")).isEmpty();
    }
  }

  @Test
  void thePage_showsTheCompiledCode() {
    ShownCode.assertPageShows(
        "writing-a-source.md",
        ShownCode.MAIN.resolve("examples/guide/MetroStations.java"),
        ShownCode.TEST.resolve("examples/guide/MetroStationsTest.java"));
  }
}

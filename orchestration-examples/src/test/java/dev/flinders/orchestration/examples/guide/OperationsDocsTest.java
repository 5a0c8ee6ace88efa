package dev.flinders.orchestration.examples.guide;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.StateStoreException;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.DocsPage;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.RunPlan;
import dev.flinders.orchestration.core.RunRequest;
import dev.flinders.orchestration.core.state.JsonFileStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.core.testing.NoDelayServerSockets;
import dev.flinders.orchestration.http.HttpResponse;
import dev.flinders.orchestration.quota.QuotaPolicy;
import dev.flinders.orchestration.spi.ComponentRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/operations.md, kept true: the state directory it lists is the one a run leaves, the record
 * it shows (as the first version of Flinders wrote it) is read by this one with the defaults it
 * lists, and its code is {@link Operations}'s.
 */
class OperationsDocsTest {
  private static final DocsPage PAGE = DocsPage.of(Path.of("..", "docs", "operations.md"));
  private static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  @TempDir Path data;

  @Test
  void thePage_showsTheCompiledCode() {
    ShownCode.assertPageShows(
        "operations.md", ShownCode.MAIN.resolve("examples/guide/Operations.java"));
  }

  @Test
  void theStateDirectory_holdsTheFilesThePageLists() throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      server.setServerSocketFactory(new NoDelayServerSockets());
      server.enqueue(new MockResponse.Builder().body("feed").build());
      server.start();
      String feed = server.url("/gtfs.zip").toString();
      Pipeline pipeline =
          Pipeline.builder("victorian-transport")
              .component(
                  Component.builder("gtfs-schedule")
                      .quota("ptv")
                      .task(
                          context -> {
                            try (HttpResponse response = context.http().get(feed)) {
                              return Outcome.records(response.bytes().length);
                            }
                          })
                      .build())
              .component(
                  Component.builder("patronage-monthly")
                      .dependsOn("gtfs-schedule")
                      .task(context -> Outcome.records(400))
                      .build())
              .build();
      try (Orchestrator orchestrator =
          Orchestrator.builder(pipeline)
              .timeSource(ManualClock.at("2026-12-01T06:00:00+11:00"))
              .stateDirectory(data.resolve("state"))
              .quota(QuotaPolicy.builder("ptv").dailyBudget(1_000, MELBOURNE).build())
              .build()) {
        assertThat(orchestrator.runOnce().status()).isEqualTo(RunStatus.SUCCEEDED);
      }
    }

    assertThat(PAGE.block("text", 0)).isEqualTo(GettingStartedTest.files(data));
  }

  @Test
  void aRecordAsTheFirstVersionWroteIt_isRead_withDefaultsForLaterFields() throws IOException {
    Path components = Files.createDirectories(data.resolve("victorian-transport/components"));
    Files.writeString(components.resolve("gtfs-schedule.json"), PAGE.block("json", 0), UTF_8);

    try (JsonFileStateStore store = JsonFileStateStore.open(data)) {
      ComponentRecord record =
          store.component("victorian-transport", "gtfs-schedule").orElseThrow();
      assertThat(record.state()).isEqualTo(Map.of("cursor", "4200"));
      assertThat(record.fingerprint()).isNull();
      assertThat(record.fingerprintAt()).isNull();
      assertThat(record.unchangedProbes()).isZero();
      assertThat(record.recentDurations()).isEmpty();
      assertThat(record.changes()).isEmpty();
      ComponentResult last = record.lastResult();
      assertThat(last.errorDetail()).isNull();
      assertThat(last.http()).isNull();
      assertThat(last.resources()).isNull();
      assertThat(last.datasets()).isEmpty();
      assertThat(last.breaches()).isEmpty();
      assertThat(last.outcome().notes()).isEmpty();
    }

    Pipeline pipeline =
        Pipeline.builder("victorian-transport")
            .component(
                Component.builder("gtfs-schedule")
                    .schedule(Schedule.daily().at(6, 0).in(MELBOURNE))
                    .task(
                        context ->
                            Outcome.records(Long.parseLong(context.state().get("cursor").get())))
                    .build())
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .timeSource(ManualClock.at("2026-12-01T10:00:00+11:00"))
            .zone(MELBOURNE)
            .stateDirectory(data)
            .build()) {
      RunPlan plan = orchestrator.plan();
      assertThat(plan.step("gtfs-schedule").orElseThrow().reason().message())
          .startsWith(
              "not due: daily at 06:00 Australia/Melbourne, last succeeded 2026-12-01T06:00");
      RunReport forced = orchestrator.run(RunRequest.force("gtfs-schedule"));
      assertThat(forced.result("gtfs-schedule").orElseThrow().outcome().records()).isEqualTo(4200);
    }
  }

  @Test
  void aRunRecordWithoutLaterFields_readsWithTheirDefaults() throws IOException {
    Path runs = Files.createDirectories(data.resolve("victorian-transport/runs"));
    Files.writeString(
        runs.resolve("20261130T190000.000Z-001.json"),
        "{\"pipeline\": \"victorian-transport\", \"runId\": \"20261130T190000.000Z-001\","
            + " \"status\": \"SUCCEEDED\", \"startedAt\": \"2026-11-30T19:00:00Z\","
            + " \"endedAt\": \"2026-11-30T19:00:02Z\", \"dryRun\": false, \"results\": []}",
        UTF_8);

    try (JsonFileStateStore store = JsonFileStateStore.open(data)) {
      RunReport run = store.runs("victorian-transport", 1).get(0);
      assertThat(run.zone()).isEqualTo(ZoneOffset.UTC);
      assertThat(run.quotas()).isEmpty();
      assertThat(run.configuration()).isEmpty();
      assertThat(run.breaches()).isEmpty();
    }
  }

  @Test
  void unknownFields_areIgnored_butAValueThisVersionDoesNotKnow_stopsNamingTheFile()
      throws IOException {
    Path components = Files.createDirectories(data.resolve("victorian-transport/components"));
    String record = PAGE.block("json", 0);
    Files.writeString(
        components.resolve("gtfs-schedule.json"),
        record.replaceFirst("\\{", "{\n  \"addedByALaterVersion\" : [ 1, 2 ],"),
        UTF_8);
    Files.writeString(
        components.resolve("patronage-monthly.json"),
        record.replace("gtfs-schedule", "patronage-monthly").replace("\"SUCCEEDED\"", "\"PAUSED\""),
        UTF_8);

    try (JsonFileStateStore store = JsonFileStateStore.open(data)) {
      assertThat(store.component("victorian-transport", "gtfs-schedule")).isPresent();
      StateStoreException refused =
          catchThrowableOfType(
              StateStoreException.class,
              () -> store.component("victorian-transport", "patronage-monthly"));
      assertThat(refused)
          .hasMessageContaining(components.resolve("patronage-monthly.json").toString())
          .hasMessageContaining("restore it from a backup or delete it");
    }
  }

  @Test
  void retentionSettings_and_theHealthCheck() {
    Operations.LastRun health = new Operations.LastRun();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(Component.builder("a").task(context -> Outcome.records(1)).build())
            .build();

    RunReport report = Operations.runWithRetention(pipeline, data);
    health.runFinished(report);

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.status("a")).isEqualTo(Status.SUCCEEDED);
    assertThat(data.resolve("reports/latest.html")).isRegularFile();
    assertThat(health.healthy(report.endedAt(), Duration.ofHours(1))).isTrue();
    assertThat(health.healthy(report.endedAt().plus(Duration.ofHours(2)), Duration.ofHours(1)))
        .isFalse();
    assertThat(new Operations.LastRun().healthy(report.endedAt(), Duration.ofHours(1))).isFalse();
    assertThat(report.result("a").orElseThrow().reason().code()).isEqualTo(ReasonCode.FIRST_RUN);
  }
}

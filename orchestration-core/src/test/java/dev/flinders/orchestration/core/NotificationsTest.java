package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.notify.LogNotifier;
import dev.flinders.orchestration.core.notify.Notifications;
import dev.flinders.orchestration.core.notify.SlackNotifier;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.core.testing.NoDelayServerSockets;
import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.notify.Alert;
import dev.flinders.orchestration.notify.AlertKind;
import dev.flinders.orchestration.notify.Notifier;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts: one per incident within the cool-down, one "resolved" when it clears, kept across a
 * restart; delivered to a real Slack webhook peer as Block Kit JSON, off the run's thread, retried
 * a bounded number of times and never failing or holding up a run; routed by severity and kind.
 */
class NotificationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockWebServer slack = new MockWebServer();
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final AtomicBoolean failing = new AtomicBoolean(true);
  private final List<Alert> logged = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    slack.setServerSocketFactory(new NoDelayServerSockets());
    slack.start();
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  private Secret webhook() {
    return Secret.of(slack.url("/services/T000/B000/s3cretHookPart").toString());
  }

  /** A recording notifier, for routing. */
  private Notifier recorder() {
    return Fixtures.recorder(logged);
  }

  private ManualRunner runner(Notifications notifications) {
    Pipeline pipeline =
        Pipeline.builder("victorian-transport")
            .component(
                Component.builder("gtfs-schedule")
                    .retry(RetryPolicy.none())
                    .task(
                        context -> {
                          if (failing.get()) {
                            throw new IOException("feed unreachable");
                          }
                          return Outcome.success();
                        })
                    .build())
            .build();
    return ManualRunner.builder(pipeline)
        .startingAt("2026-12-02T07:00:00+11:00")
        .stateStore(store)
        .configure(orchestrator -> orchestrator.notifications(notifications))
        .build();
  }

  private Notifications slackAndRecorder() {
    return Notifications.builder()
        .route(SlackNotifier.of(webhook()), Alert.Severity.WARNING)
        .route(recorder(), Alert.Severity.INFO, AlertKind.COMPONENT_FAILED)
        .coolDown(Duration.ofHours(1))
        .build();
  }

  private static void await(ManualRunner runner) throws InterruptedException {
    assertThat(runner.orchestrator().awaitNotifications(Duration.ofSeconds(10)))
        .as("every alert sent or dropped")
        .isTrue();
  }

  @Test
  void aFlappingFailure_alertsOncePerCoolDown_thenOnceResolved_acrossARestart() throws Exception {
    for (int i = 0; i < 10; i++) {
      slack.enqueue(new MockResponse.Builder().body("ok").build());
    }
    try (ManualRunner runner = runner(slackAndRecorder())) {
      runner.runDue(); // fails: the incident opens, one alert per route (run and component)
      await(runner);
      runner.tick(Duration.ofMinutes(15)).runDue(); // fails again within the cool-down: quiet
      await(runner);
    }
    assertThat(logged)
        .extracting(Alert::title)
        .containsExactly("gtfs-schedule FAILED in victorian-transport");
    assertThat(slack.getRequestCount()).as("the component's alert and the run's").isEqualTo(2);

    try (ManualRunner restarted = runner(slackAndRecorder())) { // a new process, the same store
      restarted.tick(Duration.ofMinutes(30)).runDue(); // still within the cool-down: quiet
      await(restarted);
      assertThat(logged).hasSize(1);
      restarted.tick(Duration.ofMinutes(30)).runDue(); // past the cool-down: alerted again
      await(restarted);
      assertThat(logged).hasSize(2);
      failing.set(false);
      RunReport recovered = restarted.tick(Duration.ofMinutes(15)).runDue();
      await(restarted);
      restarted.tick(Duration.ofMinutes(15)).runDue(); // still fine: nothing more
      await(restarted);

      assertThat(recovered.status("gtfs-schedule")).isEqualTo(Status.SUCCEEDED);
    }
    assertThat(logged)
        .extracting(alert -> alert.resolved() + " " + alert.title())
        .containsExactly(
            "false gtfs-schedule FAILED in victorian-transport",
            "false gtfs-schedule FAILED in victorian-transport",
            "true gtfs-schedule recovered in victorian-transport");
    assertThat(slack.getRequestCount()).as("2 alerts, 2 again, 2 resolved").isEqualTo(6);

    RecordedRequest first = slack.takeRequest();
    assertThat(first.getUrl().encodedPath()).isEqualTo("/services/T000/B000/s3cretHookPart");
    assertThat(first.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode message = JSON.readTree(first.getBody().utf8());
    assertThat(message.get("text").asText())
        .endsWith("gtfs-schedule FAILED in victorian-transport");
    assertThat(message.get("blocks").get(0).get("type").asText()).isEqualTo("header");
    assertThat(message.get("blocks").get(1).get("text").get("text").asText())
        .contains("IOException: feed unreachable");
    assertThat(message.get("blocks").get(2).get("elements").get(0).get("text").asText())
        .contains("pipeline *victorian-transport*")
        .contains("critical");
  }

  @Test
  void aFailingWebhook_isRetriedABoundedNumberOfTimes_andNeverFailsTheRun() throws Exception {
    for (int i = 0; i < 6; i++) {
      slack.enqueue(new MockResponse.Builder().code(500).body("no_service").build());
    }
    Notifications notifications =
        Notifications.builder()
            .route(SlackNotifier.of(webhook()), Alert.Severity.WARNING, AlertKind.RUN_FAILED)
            .attempts(3)
            .retryDelay(Duration.ofSeconds(30))
            .build();
    try (ManualRunner runner = runner(notifications)) {
      RunReport report = runner.runDue();
      assertThat(report.status("gtfs-schedule")).isEqualTo(Status.FAILED); // its own failure only
      // each retry waits 30 s on the engine's clock: move it on until the next attempt arrives
      // (the failed attempt schedules its retry on the notifications' thread, after it returns)
      int attempts = 0;
      for (int tick = 0; tick < 100 && attempts < 3; tick++) {
        if (slack.takeRequest(100, TimeUnit.MILLISECONDS) != null) {
          attempts++;
        }
        runner.tick(Duration.ofSeconds(30));
      }
      await(runner);
      assertThat(attempts).isEqualTo(3);
      runner.tick(Duration.ofMinutes(5));
      assertThat(slack.takeRequest(300, TimeUnit.MILLISECONDS)).as("no fourth attempt").isNull();
    }
    assertThat(slack.getRequestCount()).as("3 attempts, then dropped").isEqualTo(3);
  }

  @Test
  void aHangingWebhook_timesOut_withoutHoldingUpTheRun() throws Exception {
    slack.enqueue(new MockResponse.Builder().body("ok").headersDelay(30, TimeUnit.SECONDS).build());
    Notifications notifications =
        Notifications.builder()
            .route(SlackNotifier.of(webhook()), Alert.Severity.WARNING, AlertKind.RUN_FAILED)
            .attempts(1)
            .timeout(Duration.ofMillis(300))
            .build();
    try (ManualRunner runner = runner(notifications)) {
      long began = System.nanoTime();
      runner.runDue();
      long runNanos = System.nanoTime() - began;
      await(runner);

      assertThat(Duration.ofNanos(runNanos))
          .as("the run returned before the webhook answered")
          .isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void aStaleDataset_isAlertedOnARunWhereItsComponentIsNotDue_andResolvedWhenFresh()
      throws Exception {
    dev.flinders.orchestration.dataset.DatasetSpec stops =
        dev.flinders.orchestration.dataset.DatasetSpec.of(
            "stops",
            dev.flinders.orchestration.dataset.DatasetSchema.builder()
                .required("stop_id", dev.flinders.orchestration.dataset.ColumnType.STRING)
                .build());
    Pipeline pipeline =
        Pipeline.builder("victorian-transport")
            .component(
                Component.builder("stops")
                    .schedule(dev.flinders.orchestration.Schedule.every(Duration.ofHours(6)))
                    .task(
                        context -> {
                          context.dataset(stops).write("19843");
                          return Outcome.records(1);
                        })
                    .build())
            .component(Component.builder("heartbeat").task(context -> Outcome.success()).build())
            .build();
    Notifications notifications =
        Notifications.builder()
            .route(recorder(), Alert.Severity.INFO, AlertKind.DATA_STALE)
            .freshness("stops", Duration.ofHours(2))
            .build();
    try (ManualRunner runner =
        ManualRunner.builder(pipeline)
            .startingAt("2026-12-02T06:00:00+11:00")
            .configure(
                orchestrator ->
                    orchestrator
                        .notifications(notifications)
                        .datasets(
                            new dev.flinders.orchestration.core.testing.InMemoryDatasetSink("c"),
                            new dev.flinders.orchestration.core.testing.InMemoryDatasetSink("q")))
            .build()) {
      runner.runDue(); // 06:00: written
      runner.tick(Duration.ofHours(1)).runDue(); // 07:00: 1 h old
      await(runner);
      assertThat(logged).isEmpty();

      RunReport at0900 = runner.tick(Duration.ofHours(2)).runDue(); // 09:00: 3 h old
      await(runner);
      assertThat(at0900.status("stops"))
          .as("not due: checked all the same")
          .isEqualTo(Status.SKIPPED);
      assertThat(logged)
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.title())
                    .isEqualTo("dataset stops is stale in victorian-transport");
                assertThat(alert.text())
                    .startsWith(
                        "its newest file was written at 2026-12-01T19:00:00Z, 3h ago, over its"
                            + " limit of 2h");
              });

      runner.tick(Duration.ofHours(3)).runDue(); // 12:00: due again, written
      await(runner);
      assertThat(logged)
          .extracting(alert -> alert.resolved() + " " + alert.title())
          .containsExactly(
              "false dataset stops is stale in victorian-transport",
              "true dataset stops is fresh again in victorian-transport");
    }
  }

  @Test
  void theWebhookUrl_isInNoMessage() throws Exception {
    SlackNotifier notifier = SlackNotifier.of(webhook());
    slack.enqueue(
        new MockResponse.Builder().code(404).body("no such hook: " + webhook().reveal()).build());
    Alert alert =
        new Alert(
            "run p",
            AlertKind.RUN_FAILED,
            Alert.Severity.CRITICAL,
            "p",
            null,
            "run of p FAILED",
            "details",
            java.time.Instant.EPOCH,
            false);

    assertThatThrownBy(() -> notifier.send(alert))
        .hasMessageContaining("Slack answered HTTP 404")
        .hasMessageNotContaining("s3cretHookPart");
    slack.close();
    assertThatThrownBy(() -> notifier.send(alert))
        .hasMessageStartingWith("cannot post to the Slack webhook")
        .hasMessageNotContaining("s3cretHookPart");
    assertThat(notifier.toString()).doesNotContain("s3cretHookPart");
  }

  @Test
  void routes_takeTheirSeverityAndKinds() {
    Notifications.Route warnings =
        new Notifications.Route(new LogNotifier(), Alert.Severity.WARNING, java.util.Set.of());
    Alert timedOut =
        new Alert(
            "c",
            AlertKind.COMPONENT_TIMED_OUT,
            Alert.Severity.WARNING,
            "p",
            "c",
            "t",
            "x",
            java.time.Instant.EPOCH,
            false);
    Alert info =
        new Alert(
            "q",
            AlertKind.QUOTA_NEARLY_EXHAUSTED,
            Alert.Severity.INFO,
            "p",
            null,
            "t",
            "x",
            java.time.Instant.EPOCH,
            false);

    assertThat(warnings.takes(timedOut)).isTrue();
    assertThat(warnings.takes(info)).isFalse();
    assertThat(
            new Notifications.Route(
                    new LogNotifier(), Alert.Severity.INFO, java.util.Set.of(AlertKind.RUN_FAILED))
                .takes(timedOut))
        .isFalse();
    assertThatThrownBy(() -> Notifications.builder().build())
        .hasMessageContaining("add route(notifier, severity)");
  }
}

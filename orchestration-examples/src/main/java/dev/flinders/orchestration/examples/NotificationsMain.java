package dev.flinders.orchestration.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.notify.Notifications;
import dev.flinders.orchestration.examples.victoria.EnvironmentNotifications;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Notifications, offline: the alert routes come from environment variables as the Victorian
 * pipeline reads them ({@code FLINDERS_SLACK_WEBHOOK_URL}, here a local server playing Slack's
 * incoming webhook), and a feed is down for two runs, then back. The first failure sends one alert
 * (the component's and the run's), the second stays quiet within the cool-down, and the recovery
 * sends one "resolved" each. The log gets them all too. See docs/notifications.md.
 *
 * <p>Run it with {@code mvn -q -B -DskipTests package exec:java -pl orchestration-examples -am
 * -Dexec.mainClass=dev.flinders.orchestration.examples.NotificationsMain}.
 */
public final class NotificationsMain {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOOK = "/services/T0000/B0000/demo";

  private NotificationsMain() {}

  public static void main(String[] args) throws Exception {
    run(Files.createTempDirectory("flinders-notifications"), System.out);
  }

  /** What Slack received, in order: each message's fallback text. */
  static List<String> run(Path state, PrintStream out) throws Exception {
    List<String> slack = new CopyOnWriteArrayList<>();
    AtomicBoolean down = new AtomicBoolean(true);
    try (LocalHttp local =
        LocalHttp.start()
            .route(
                HOOK,
                exchange -> {
                  slack.add(JSON.readTree(exchange.getRequestBody()).path("text").asText());
                  LocalHttp.send(exchange, 200, "ok");
                })
            .route(
                "/disruptions",
                exchange ->
                    LocalHttp.send(
                        exchange,
                        down.get() ? 404 : 200,
                        down.get() ? "the feed moved" : "{\"disruptions\":{}}"))) {
      Map<String, String> environment =
          Map.of(EnvironmentNotifications.SLACK_WEBHOOK, local.url(HOOK));
      Notifications notifications =
          EnvironmentNotifications.from(environment).coolDown(Duration.ofHours(1)).build();
      out.println(
          "Alert routes from the environment: "
              + notifications.routes().stream()
                  .map(route -> route.notifier().name() + " (" + route.minimum() + " and up)")
                  .toList());
      String feed = local.url("/disruptions");
      try (Orchestrator orchestrator =
          Orchestrator.builder(pipeline(feed))
              .stateDirectory(state)
              .notifications(notifications)
              .build()) {
        for (int run = 1; run <= 3; run++) {
          down.set(run < 3);
          RunReport report = orchestrator.runOnce();
          orchestrator.awaitNotifications(Duration.ofSeconds(10));
          out.println(
              "== Run "
                  + run
                  + ": the feed is "
                  + (down.get() ? "down" : "back")
                  + "; "
                  + report.status()
                  + "; Slack has "
                  + slack.size()
                  + " message(s)");
        }
      }
    }
    out.println("Slack received:");
    slack.forEach(message -> out.println("  " + message));
    return slack;
  }

  static Pipeline pipeline(String feed) {
    return Pipeline.builder("notifications")
        .component(
            Component.builder("disruptions")
                .task(
                    context -> {
                      try (HttpResponse response =
                          context.http().send(HttpRequest.get(feed).build())) {
                        return Outcome.records(response.bytes().length);
                      }
                    })
                .timeout(Duration.ofSeconds(30))
                .build())
        .build();
  }
}

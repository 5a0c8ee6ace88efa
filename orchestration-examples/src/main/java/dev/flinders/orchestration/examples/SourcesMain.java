package dev.flinders.orchestration.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.TriggerRule;
import dev.flinders.orchestration.change.ChangeDetector;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.quota.QuotaPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Talking to sources, offline: a local HTTP server stands in for a public API that sends an ETag
 * and wants a key. The pipeline probes it with a conditional request, downloads only when it
 * changed, counts every call against the provider's quota, and never prints the key. The second run
 * finds the feed unchanged: one 304, no download, and the downstream is skipped.
 *
 * <p>Run it with {@code mvn -q -B -DskipTests package exec:java -pl orchestration-examples -am
 * -Dexec.mainClass=dev.flinders.orchestration.examples.SourcesMain}.
 */
public final class SourcesMain {
  private static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");
  static final String KEY = "demo-key-6f1d2c";
  private static final String ETAG = "\"feed-v1\"";
  private static final byte[] FEED =
      "route_id,route_short_name\n1,Alamein\n2,Belgrave\n".getBytes(StandardCharsets.UTF_8);

  private SourcesMain() {}

  public static void main(String[] args) throws IOException {
    Path state = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("flinders-sources");
    HttpServer server = feedServer();
    server.start();
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline(baseUrl(server)))
            .stateDirectory(state)
            .zone(MELBOURNE)
            .quota(quota())
            .build()) {
      RunReport first = orchestrator.runOnce();
      System.out.println(first.toText());
      RunReport second = orchestrator.runOnce();
      System.out.println(second.toText());
      System.out.println(orchestrator.plan().toText());
    } finally {
      server.stop(0);
    }
  }

  /** The provider's limits: 5 calls a second and 100 a day, 20 % kept for priority calls. */
  static QuotaPolicy quota() {
    return QuotaPolicy.builder("local-api")
        .rateLimit(5, Duration.ofSeconds(1))
        .dailyBudget(100, MELBOURNE, 0.2)
        .build();
  }

  static Pipeline pipeline(String baseUrl) {
    String feedUrl = baseUrl + "/routes.csv";
    Secret key = Secret.of(KEY);
    HttpRequest probe = HttpRequest.head(feedUrl).header("KeyId", key).build();
    return Pipeline.builder("sources")
        .component(
            Component.builder("routes")
                .changeDetector(ChangeDetector.httpValidators(probe))
                .quota("local-api")
                .timeout(Duration.ofSeconds(30))
                .task(
                    context -> {
                      HttpRequest download = HttpRequest.get(feedUrl).header("KeyId", key).build();
                      try (HttpResponse response = context.http().send(download)) {
                        long rows = response.text().lines().count() - 1;
                        return Outcome.records(rows);
                      }
                    })
                .build())
        .component(
            Component.builder("routes-summary")
                .dependsOn("routes")
                .trigger(TriggerRule.ANY_CHANGED)
                .task(context -> Outcome.success())
                .build())
        .build();
  }

  /** Serves one CSV with an ETag, answers 304 to a matching If-None-Match, wants the key. */
  static HttpServer feedServer() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/routes.csv",
        exchange -> {
          try (exchange) {
            respond(exchange);
          }
        });
    return server;
  }

  private static void respond(HttpExchange exchange) throws IOException {
    if (!KEY.equals(exchange.getRequestHeaders().getFirst("KeyId"))) {
      byte[] body = "{\"message\":\"missing or wrong KeyId\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(403, body.length);
      exchange.getResponseBody().write(body);
      return;
    }
    exchange.getResponseHeaders().set("ETag", ETAG);
    if (ETAG.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
      exchange.sendResponseHeaders(304, -1);
      return;
    }
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(200, head ? -1 : FEED.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(FEED);
      }
    }
  }

  static String baseUrl(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }
}

package dev.flinders.orchestration.examples;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Retries, offline: a local server plays a CKAN portal that answers {@code 503} twice while it
 * restarts, then the data; the component retries with exponential backoff (0.2 s, then 0.4 s) and
 * succeeds on its third attempt. A second component asks for a resource that is gone ({@code 404}):
 * a client error is never retried, whatever the policy, so it fails at once with the server's
 * message. See docs/concepts.md#retries.
 *
 * <p>Run it with {@code mvn -q -B -DskipTests package exec:java -pl orchestration-examples -am
 * -Dexec.mainClass=dev.flinders.orchestration.examples.RetriesMain}.
 */
public final class RetriesMain {
  /** Up to 4 attempts, 0.2 s before the second, doubling, at most 2 s. */
  static final RetryPolicy RETRY =
      RetryPolicy.builder()
          .maxAttempts(4)
          .initialDelay(Duration.ofMillis(200))
          .multiplier(2)
          .maxDelay(Duration.ofSeconds(2))
          .build();

  private RetriesMain() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** One run of both components; prints and returns its report. */
  static RunReport run(PrintStream out) {
    AtomicInteger calls = new AtomicInteger();
    try (LocalHttp portal =
        LocalHttp.start()
            .route(
                "/patronage.csv",
                exchange -> {
                  if (calls.incrementAndGet() <= 2) {
                    LocalHttp.send(exchange, 503, "Service Unavailable: the portal is restarting");
                  } else {
                    LocalHttp.send(exchange, 200, "Year,Month,Pax_daily\n2025,9,512300\n");
                  }
                })
            .route(
                "/retired.csv",
                exchange ->
                    LocalHttp.send(exchange, 404, "Not found: this resource was retired"))) {
      Pipeline pipeline =
          Pipeline.builder("retries")
              .component(download("patronage", portal.url("/patronage.csv")))
              .component(download("retired-dataset", portal.url("/retired.csv")))
              .build();
      try (Orchestrator orchestrator =
          Orchestrator.builder(pipeline).stateStore(new InMemoryStateStore()).build()) {
        RunReport report = orchestrator.runOnce();
        out.println(report.toText());
        out.println(
            "The portal had "
                + portal.requests("/patronage.csv")
                + " requests for patronage.csv and "
                + portal.requests("/retired.csv")
                + " for retired.csv.");
        return report;
      }
    }
  }

  private static Component download(String name, String url) {
    return Component.builder(name)
        .task(
            context -> {
              try (HttpResponse response = context.http().send(HttpRequest.get(url).build())) {
                return Outcome.records(response.text().lines().count() - 1);
              }
            })
        .retry(RETRY)
        .timeout(Duration.ofSeconds(30))
        .build();
  }
}

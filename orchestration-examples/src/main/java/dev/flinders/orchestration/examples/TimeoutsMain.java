package dev.flinders.orchestration.examples;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Timeouts that really stop work, offline: a local server plays a feed that accepts the request and
 * never answers; the component's timeout of 0.5 s cancels the call in flight, the component is
 * {@code TIMED_OUT} and its downstream is skipped. A CPU-bound task that checks for cancellation
 * stops at its timeout of 0.3 s too. The whole run ends in about half a second, not when the feed
 * would have answered. See docs/concurrency.md#stopping-tasks.
 *
 * <p>Run it with {@code mvn -q -B -DskipTests package exec:java -pl orchestration-examples -am
 * -Dexec.mainClass=dev.flinders.orchestration.examples.TimeoutsMain}.
 */
public final class TimeoutsMain {
  private TimeoutsMain() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** One run; prints and returns its report. */
  static RunReport run(PrintStream out) {
    CountDownLatch released = new CountDownLatch(1);
    try (LocalHttp feed =
        LocalHttp.start()
            .route(
                "/vehicle-positions",
                exchange -> {
                  try {
                    released.await(); // holds the response until the example ends
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                })) {
      String url = feed.url("/vehicle-positions");
      Pipeline pipeline =
          Pipeline.builder("timeouts")
              .component(
                  Component.builder("stuck-feed")
                      .task(
                          context -> {
                            try (HttpResponse response =
                                context.http().send(HttpRequest.get(url).build())) {
                              return Outcome.records(response.bytes().length);
                            }
                          })
                      .timeout(Duration.ofMillis(500))
                      .build())
              .component(
                  Component.builder("feed-summary")
                      .task(context -> Outcome.success())
                      .dependsOn("stuck-feed")
                      .build())
              .component(
                  Component.builder("busy-task")
                      .task(
                          context -> {
                            long sum = 0;
                            while (true) {
                              context.throwIfCancelled();
                              for (int i = 0; i < 100_000; i++) {
                                sum += i ^ sum;
                              }
                            }
                          })
                      .timeout(Duration.ofMillis(300))
                      .build())
              .timeout(Duration.ofMinutes(1))
              .build();
      try (Orchestrator orchestrator =
          Orchestrator.builder(pipeline).stateStore(new InMemoryStateStore()).build()) {
        RunReport report = orchestrator.runOnce();
        out.println(report.toText());
        return report;
      } finally {
        released.countDown();
      }
    }
  }
}

package dev.flinders.orchestration.examples;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.TriggerRule;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.RunPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small offline pipeline that shows the engine at work: dependency order, parallel branches, a
 * flaky source retried with backoff, a component that only runs when its upstream changed, and the
 * second run skipping what is not due. Prints the plan and both run reports.
 *
 * <p>Run it with {@code mvn -q -B -DskipTests package exec:java -pl orchestration-examples -am}.
 * The state directory is a fresh temporary one unless a path is given as the first argument.
 */
public final class QuickstartMain {
  private static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  private QuickstartMain() {}

  public static void main(String[] args) throws IOException {
    Path state =
        args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("flinders-quickstart");
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline()).stateDirectory(state).zone(MELBOURNE).build()) {
      RunPlan plan = orchestrator.plan();
      System.out.println(plan.toText());
      RunReport first = orchestrator.runOnce();
      System.out.println(first.toText());
      RunReport second = orchestrator.runOnce();
      System.out.println(second.toText());
      System.out.println("State and history are in " + state.toAbsolutePath());
    }
  }

  /** The example pipeline; its tasks simulate work without touching the network. */
  static Pipeline pipeline() {
    AtomicInteger flakyCalls = new AtomicInteger();
    return Pipeline.builder("quickstart")
        .component(
            Component.builder("stops")
                .task(context -> Outcome.records(simulate(context.componentName(), 1_200)))
                .schedule(Schedule.weekly().at(5, 0).in(MELBOURNE))
                .build())
        .component(
            Component.builder("timetable")
                .task(context -> Outcome.records(simulate(context.componentName(), 45_000)))
                .dependsOn("stops")
                .schedule(Schedule.daily().at(6, 0).in(MELBOURNE))
                .build())
        .component(
            Component.builder("patronage")
                .task(
                    context -> {
                      if (flakyCalls.incrementAndGet() == 1) {
                        throw new IOException("connection reset by the simulated server");
                      }
                      return Outcome.records(simulate(context.componentName(), 4_032));
                    })
                .schedule(Schedule.monthly().at(7, 0).in(MELBOURNE))
                .retry(
                    RetryPolicy.builder()
                        .maxAttempts(3)
                        .initialDelay(Duration.ofMillis(50))
                        .maxDelay(Duration.ofSeconds(1))
                        .build())
                .build())
        .component(
            Component.builder("dashboard-extract")
                .task(context -> Outcome.records(context.upstreams().size()))
                .dependsOn("timetable", "patronage")
                .trigger(TriggerRule.ANY_CHANGED)
                .build())
        .parallelism(2)
        .build();
  }

  private static long simulate(String name, long rows) {
    long checksum = 0;
    for (long i = 0; i < rows; i++) {
      checksum += (i * 31) ^ name.hashCode();
    }
    if (checksum == Long.MIN_VALUE) {
      throw new UncheckedIOException(new IOException("impossible checksum"));
    }
    return rows;
  }
}

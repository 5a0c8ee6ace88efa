package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.core.Orchestrator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first example of README.md, compiled and run so that it cannot rot. */
class ReadmeExampleTest {
  @TempDir Path data;

  @Test
  void theReadmeExample_runsBothComponentsInOrder() {
    Task gtfs = context -> Outcome.records(1_200);
    Task patronage = context -> Outcome.records(context.upstreams().size());
    Path state = data.resolve("state");

    // --- as in README.md (with Path.of("data/state") replaced by a temporary directory) ---
    Pipeline pipeline =
        Pipeline.builder("victorian-transport")
            .component(
                Component.builder("gtfs-schedule").task(gtfs).schedule(Schedule.weekly()).build())
            .component(
                Component.builder("patronage").task(patronage).dependsOn("gtfs-schedule").build())
            .build();
    RunReport report;
    try (Orchestrator orchestrator = Orchestrator.builder(pipeline).stateDirectory(state).build()) {
      report = orchestrator.runOnce();
      System.out.println(report.toText());
    }
    // --- end of the README example ---

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.result("gtfs-schedule").orElseThrow().outcome().records()).isEqualTo(1_200);
    assertThat(report.result("patronage").orElseThrow().outcome().records()).isEqualTo(1);
    assertThat(state.resolve("victorian-transport/runs")).isDirectory();
  }
}

package dev.flinders.orchestration.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.core.testing.InMemoryDatasetSink;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.dataset.DatasetWriter;
import dev.flinders.orchestration.quality.Rule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A real pipeline's runs and components, as meters of a registry. */
class FlindersMetricsTest {
  private static final DatasetSpec STOPS =
      DatasetSpec.builder(
              "stops",
              DatasetSchema.builder()
                  .required("stop_id", ColumnType.STRING)
                  .optional("lat", ColumnType.DOUBLE)
                  .build())
          .rule(Rule.range("lat", -90, 90))
          .build();

  @Test
  void runsComponentsAndDatasets_becomeMeters_taggedByPipelineComponentAndStatus() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Pipeline pipeline =
        Pipeline.builder("victorian-transport")
            .component(
                Component.builder("stops")
                    .task(
                        context -> {
                          ((ManualClock) context.clock()).advance(Duration.ofSeconds(3));
                          DatasetWriter writer = context.dataset(STOPS);
                          writer.write("19843", -37.8);
                          writer.write("19844", 123.0); // quarantined
                          return Outcome.records(writer.rows());
                        })
                    .build())
            .component(
                Component.builder("patronage")
                    .retry(RetryPolicy.exponential(2, Duration.ofSeconds(1)))
                    .task(
                        context -> {
                          throw new IOException("unreachable");
                        })
                    .build())
            .build();
    try (ManualRunner runner =
        ManualRunner.builder(pipeline)
            .configure(
                orchestrator ->
                    orchestrator
                        .listener(new FlindersMetrics(registry))
                        .datasets(
                            new InMemoryDatasetSink("curated"),
                            new InMemoryDatasetSink("quarantine")))
            .build()) {
      runner.runDue();
    }

    assertThat(
            registry
                .get("flinders.component")
                .tags(
                    "pipeline", "victorian-transport", "component", "stops", "status", "SUCCEEDED")
                .timer()
                .totalTime(TimeUnit.SECONDS))
        .isEqualTo(3.0);
    assertThat(
            registry
                .get("flinders.component")
                .tags("component", "patronage", "status", "FAILED")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("flinders.component.attempts")
                .tags("component", "patronage")
                .counter()
                .count())
        .isEqualTo(2);
    assertThat(
            registry.get("flinders.component.records").tags("component", "stops").counter().count())
        .as("the rows the task wrote, as its outcome says")
        .isEqualTo(2);
    assertThat(
            registry
                .get("flinders.dataset.rows")
                .tags("dataset", "stops", "outcome", "quarantined")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("flinders.component.cpu").tags("component", "stops").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("flinders.run").tags("status", "FAILED").timer().count()).isEqualTo(1);
  }
}

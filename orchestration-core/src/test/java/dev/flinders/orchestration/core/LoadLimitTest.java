package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Load-aware parallelism with an injected load reading: above the limit, fewer components start at
 * once; below it, the pipeline's parallelism again. Counted by the tasks themselves.
 */
class LoadLimitTest {
  private final AtomicReference<Double> load = new AtomicReference<>(0.2);
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger most = new AtomicInteger();

  /** Four independent tasks; each waits for a second one to run beside it, at most 300 ms. */
  private RunReport run() {
    CountDownLatch pair = new CountDownLatch(2);
    Pipeline.Builder pipeline = Pipeline.builder("p").parallelism(2);
    for (int i = 0; i < 4; i++) {
      pipeline.component(
          Component.builder("c" + i)
              .task(
                  context -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    pair.countDown();
                    pair.await(300, TimeUnit.MILLISECONDS);
                    running.decrementAndGet();
                    return Outcome.success();
                  })
              .build());
    }
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline.build())
            .stateStore(new InMemoryStateStore())
            .loadLimit(0.8, 1, load::get)
            .build()) {
      return orchestrator.runOnce();
    }
  }

  @Test
  void underTheLimit_thePipelinesParallelismHolds() {
    RunReport report = run();

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(most.get()).isEqualTo(2);
    assertThat(report.results()).allSatisfy(r -> assertThat(r.resources().loadLimit()).isNull());
  }

  @Test
  void aboveTheLimit_oneComponentAtATime() {
    load.set(0.95);

    RunReport report = run();

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(most.get()).isEqualTo(1);
    // the reason is recorded with each component started while it held
    assertThat(report.results())
        .allSatisfy(
            result ->
                assertThat(result.resources().loadLimit())
                    .isEqualTo("parallelism lowered to 1 of 2: system load 0.95 above 0.80"));
    assertThat(report.toText())
        .contains("started with parallelism lowered to 1 of 2: system load 0.95 above 0.80");
  }

  @Test
  void aLimitThatLowersNothing_isNotReportedAsLowering() {
    load.set(0.95);
    Pipeline pipeline =
        Pipeline.builder("p")
            .parallelism(2)
            .component(Component.builder("c").task(context -> Outcome.success()).build())
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .stateStore(new InMemoryStateStore())
            .loadLimit(0.8, 4, load::get)
            .build()) {
      assertThat(orchestrator.runOnce().result("c").orElseThrow().resources().loadLimit())
          .as("4 of 2 lowers nothing")
          .isNull();
    }
  }

  @Test
  void badLimits_areRefused() {
    Orchestrator.Builder builder =
        Orchestrator.builder(
            Pipeline.builder("p")
                .component(Component.builder("c").task(context -> Outcome.success()).build())
                .build());
    assertThatThrownBy(() -> builder.loadLimit(0, 1, () -> 0))
        .hasMessage("maxLoad must be positive, was 0.0");
    assertThatThrownBy(() -> builder.loadLimit(0.8, 0, () -> 0))
        .hasMessage("parallelism must be at least 1, was 0");
    assertThat(Orchestrator.Builder.systemCpuLoad().getAsDouble()).isBetween(0.0, 1.0);
  }
}

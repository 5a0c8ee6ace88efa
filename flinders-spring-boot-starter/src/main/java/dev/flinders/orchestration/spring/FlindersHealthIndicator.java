package dev.flinders.orchestration.spring;

import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spring.internal.PipelineHealth;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The pipeline's health, as {@code flinders} under the actuator's {@code /health}: DOWN when more
 * components than {@code flinders.health.max-failing-components} failed or timed out at their last
 * run, when a dataset is older than its {@code flinders.datasets.freshness} limit, or when the
 * background ticker should run but does not (stopped, or no run started for two ticks and a run
 * timeout); UP otherwise. Its details: the pipeline, the store, whether the ticker runs, the last
 * run (id, status, start and end), the failing components with their reasons and the stale
 * datasets. Never a secret: the engine masks them in every reason it records. Thread-safe.
 */
public final class FlindersHealthIndicator implements HealthIndicator {
  private final Orchestrator orchestrator;
  private final @Nullable FlindersLifecycle lifecycle;
  private final @Nullable DatasetSink curated;
  private final Map<String, Duration> freshness;
  private final int maxFailingComponents;

  /**
   * @param lifecycle the lifecycle running the orchestrator's ticker, or null if none
   * @param curated the sink of curated datasets, to check their freshness, or null
   * @param freshness how old each dataset may be
   * @param maxFailingComponents how many failing components are tolerated
   */
  public FlindersHealthIndicator(
      Orchestrator orchestrator,
      @Nullable FlindersLifecycle lifecycle,
      @Nullable DatasetSink curated,
      Map<String, Duration> freshness,
      int maxFailingComponents) {
    this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
    this.lifecycle = lifecycle;
    this.curated = curated;
    this.freshness = Map.copyOf(freshness);
    this.maxFailingComponents = maxFailingComponents;
  }

  @Override
  public Health health() {
    PipelineHealth state = PipelineHealth.read(orchestrator, lifecycle, curated, freshness);
    Health.Builder health = state.up(maxFailingComponents) ? Health.up() : Health.down();
    health
        .withDetail("pipeline", orchestrator.pipeline().name())
        .withDetail("store", orchestrator.stateStore().toString())
        .withDetail("ticker", orchestrator.isStarted() ? "running" : "stopped");
    RunReport last = state.lastRun();
    if (last != null) {
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("id", last.runId());
      run.put("status", last.status().name());
      run.put("startedAt", last.startedAt().toString());
      if (last.endedAt() != null) {
        run.put("endedAt", last.endedAt().toString());
      }
      health.withDetail("lastRun", run);
    }
    health.withDetail("failingComponents", state.failing());
    health.withDetail("staleDatasets", state.stale());
    if (state.tickerProblem() != null) {
      health.withDetail("tickerProblem", state.tickerProblem());
    }
    return health.build();
  }
}

package dev.flinders.orchestration.spring.internal;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.cli.StatusPage;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spring.FlindersLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a pipeline is doing, read from the orchestrator's history and plan: its last run, the
 * components whose last outcome failed or timed out, the datasets older than their freshness limit,
 * and whether the background ticker runs as it should. For the health indicator and the endpoint.
 *
 * @param now the orchestrator's time now
 * @param lastRun the newest run recorded, or null if none
 * @param failing the components whose last outcome is FAILED or TIMED_OUT, with the reason
 * @param stale the datasets older than their limit, with how old they are
 * @param tickerProblem what is wrong with the background ticker, or null if nothing
 */
public record PipelineHealth(
    Instant now,
    @Nullable RunReport lastRun,
    Map<String, String> failing,
    Map<String, String> stale,
    @Nullable String tickerProblem) {

  /**
   * Reads the orchestrator's state now.
   *
   * @param lifecycle the lifecycle that runs its ticker, or null if none does
   * @param curated the sink of curated datasets, or null if not known
   * @param freshness how old each dataset may be
   */
  public static PipelineHealth read(
      Orchestrator orchestrator,
      @Nullable FlindersLifecycle lifecycle,
      @Nullable DatasetSink curated,
      Map<String, Duration> freshness) {
    Instant now = orchestrator.plan().at();
    List<RunReport> runs = orchestrator.history(StatusPage.HISTORY);
    RunReport lastRun = runs.isEmpty() ? null : runs.get(0);
    Map<String, Map.Entry<RunReport, ComponentResult>> last = StatusPage.lastOutcomes(runs);
    Map<String, String> failing = new LinkedHashMap<>();
    for (var component : orchestrator.pipeline().components()) {
      Map.Entry<RunReport, ComponentResult> outcome = last.get(component.name());
      if (outcome != null
          && (outcome.getValue().status() == Status.FAILED
              || outcome.getValue().status() == Status.TIMED_OUT)) {
        failing.put(
            component.name(),
            outcome.getValue().status()
                + " in run "
                + outcome.getKey().runId()
                + ": "
                + outcome.getValue().reason().message());
      }
    }
    Map<String, String> stale = new LinkedHashMap<>();
    for (Map.Entry<String, Duration> limit : freshness.entrySet()) {
      Optional<Instant> committed =
          curated == null ? Optional.empty() : curated.lastCommitted(limit.getKey());
      if (committed.isEmpty()) {
        stale.put(limit.getKey(), "no file committed yet (limit " + format(limit.getValue()) + ")");
      } else {
        Duration age = Duration.between(committed.get(), now);
        if (age.compareTo(limit.getValue()) > 0) {
          stale.put(
              limit.getKey(),
              "newest file " + format(age) + " old, limit " + format(limit.getValue()));
        }
      }
    }
    return new PipelineHealth(
        now, lastRun, failing, stale, tickerProblem(orchestrator, lifecycle, lastRun, now));
  }

  private static @Nullable String tickerProblem(
      Orchestrator orchestrator,
      @Nullable FlindersLifecycle lifecycle,
      @Nullable RunReport lastRun,
      Instant now) {
    if (lifecycle == null || !lifecycle.ticks()) {
      return null;
    }
    if (!orchestrator.isStarted()) {
      return "the background ticker is not running although the application is";
    }
    // a tick may wait for a run as long as the run timeout, and another instance may hold the
    // pipeline: a run is overdue when none started in two ticks and a run timeout
    Duration overdue = lifecycle.tick().multipliedBy(2).plus(orchestrator.runTimeout());
    if (lastRun != null && Duration.between(lastRun.startedAt(), now).compareTo(overdue) > 0) {
      return "no run started since "
          + lastRun.startedAt()
          + ", more than "
          + format(overdue)
          + " ago: the ticker seems stuck";
    }
    return null;
  }

  /** Whether the pipeline is healthy, given how many failing components are tolerated. */
  public boolean up(int maxFailingComponents) {
    return failing.size() <= maxFailingComponents && stale.isEmpty() && tickerProblem == null;
  }

  private static String format(Duration duration) {
    return Durations.format(duration.withNanos(0));
  }
}

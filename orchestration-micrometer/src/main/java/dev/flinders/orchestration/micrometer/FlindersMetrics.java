package dev.flinders.orchestration.micrometer;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.ResourceUse;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.http.HttpUsage;
import dev.flinders.orchestration.quota.QuotaUse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flinders' runs and components as Micrometer meters in the host's registry, so that a backend that
 * already exports Prometheus or OpenTelemetry sees them. Add it to an orchestrator as a listener:
 *
 * <pre>{@code
 * Orchestrator.builder(pipeline).listener(new FlindersMetrics(meterRegistry)).build();
 * }</pre>
 *
 * <table>
 *   <caption>Meters (all tagged {@code pipeline})</caption>
 *   <tr><th>meter</th><th>type</th><th>more tags</th></tr>
 *   <tr><td>{@code flinders.run}</td><td>timer: each run's duration</td><td>{@code status}</td></tr>
 *   <tr><td>{@code flinders.component}</td><td>timer: each component's duration, retries
 *   included</td><td>{@code component}, {@code status}</td></tr>
 *   <tr><td>{@code flinders.component.attempts}</td><td>counter</td><td>{@code component}</td></tr>
 *   <tr><td>{@code flinders.component.records}</td><td>counter: the records its outcomes
 *   report</td><td>{@code component}</td></tr>
 *   <tr><td>{@code flinders.component.cpu}</td><td>timer: CPU time of its worker thread, where
 *   measured</td><td>{@code component}</td></tr>
 *   <tr><td>{@code flinders.component.allocated}</td><td>counter: bytes its worker thread
 *   allocated, where measured</td><td>{@code component}</td></tr>
 *   <tr><td>{@code flinders.component.wait}</td><td>timer: waits for a worker slot or for quota
 *   </td><td>{@code component}, {@code for} ({@code slot}, {@code quota})</td></tr>
 *   <tr><td>{@code flinders.http.calls}, {@code flinders.http.failures}, {@code
 *   flinders.http.bytes}</td><td>counters</td><td>{@code component}</td></tr>
 *   <tr><td>{@code flinders.dataset.rows}</td><td>counter</td><td>{@code dataset}, {@code outcome}
 *   ({@code written}, {@code quarantined})</td></tr>
 *   <tr><td>{@code flinders.quota.alerts}</td><td>counter</td><td>{@code provider}</td></tr>
 * </table>
 *
 * <p>Thread-safe; a listener never fails a run (the engine catches what it throws).
 */
public final class FlindersMetrics implements RunListener {
  private final MeterRegistry registry;

  /** The pipeline of each run in progress, from its start: components are reported by run id. */
  private final Map<String, String> pipelines = new ConcurrentHashMap<>();

  public FlindersMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void runStarted(RunReport run) {
    pipelines.put(run.runId(), run.pipeline());
  }

  @Override
  public void componentFinished(String runId, ComponentResult result) {
    String pipeline = pipelines.getOrDefault(runId, "unknown");
    Tags tags = Tags.of("pipeline", pipeline, "component", result.component());
    Timer.builder("flinders.component")
        .description("components' durations, retries included")
        .tags(tags.and("status", result.status().toString()))
        .register(registry)
        .record(result.duration());
    if (result.attempts() > 0) {
      registry.counter("flinders.component.attempts", tags).increment(result.attempts());
    }
    if (result.outcome() != null && result.outcome().records() > 0) {
      registry.counter("flinders.component.records", tags).increment(result.outcome().records());
    }
    ResourceUse used = result.resources();
    if (used != null) {
      if (used.cpu() != null) {
        registry.timer("flinders.component.cpu", tags).record(used.cpu());
      }
      if (used.allocatedBytes() >= 0) {
        registry.counter("flinders.component.allocated", tags).increment(used.allocatedBytes());
      }
      registry.timer("flinders.component.wait", tags.and("for", "slot")).record(used.slotWait());
      registry.timer("flinders.component.wait", tags.and("for", "quota")).record(used.quotaWait());
    }
    HttpUsage http = result.http();
    if (http != null) {
      registry.counter("flinders.http.calls", tags).increment(http.calls());
      registry.counter("flinders.http.failures", tags).increment(http.failures());
      registry.counter("flinders.http.bytes", tags).increment(http.bytes());
    }
    for (DatasetSummary dataset : result.datasets()) {
      if (dataset.committed()) {
        Tags rows = Tags.of("pipeline", pipeline, "dataset", dataset.dataset());
        registry
            .counter("flinders.dataset.rows", rows.and("outcome", "written"))
            .increment(dataset.written());
        registry
            .counter("flinders.dataset.rows", rows.and("outcome", "quarantined"))
            .increment(dataset.quarantined());
      }
    }
  }

  @Override
  public void runFinished(RunReport report) {
    pipelines.remove(report.runId());
    Timer.builder("flinders.run")
        .description("runs' durations")
        .tags("pipeline", report.pipeline(), "status", report.status().toString())
        .register(registry)
        .record(report.duration());
  }

  @Override
  public void quotaAlert(QuotaUse use) {
    Counter.builder("flinders.quota.alerts")
        .tags("provider", use.provider())
        .register(registry)
        .increment();
  }
}

package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.spi.ComponentRecord;
import java.time.Instant;
import java.time.ZoneId;

/**
 * One run as its parts see it: the orchestrator's {@link Engine}, the run's id and plan, the
 * records it started from, its clock and deadline, its HTTP meters and dataset sinks, and its
 * results so far. Made when the run starts; the run loop, the component runner, the change tracker
 * and every attempt read it. Immutable but for {@link #results}, written under the run lock (see
 * docs/concurrency.md).
 */
public final class RunContext {
  final Engine engine;
  final DagIndex dag;
  final String runId;
  final Planner.Decision[] decisions;

  /** Each component's record as the run found it. */
  final ComponentRecord[] records;

  final RunClock clock;

  /** The run's deadline as a monotonic reading. */
  final long deadlineNanos;

  /**
   * The run's results by position; an upstream's is final before any attempt of its downstreams
   * exists.
   */
  final ComponentResult[] results;

  final HttpTransport.Meters http;
  final RunDatasets datasets;

  private RunContext(
      Engine engine,
      String runId,
      Planner.Decision[] decisions,
      ComponentRecord[] records,
      RunClock clock) {
    this.engine = engine;
    this.dag = engine.dag();
    this.runId = runId;
    this.decisions = decisions;
    this.records = records;
    this.clock = clock;
    this.deadlineNanos = clock.startedAtNanos() + RunClock.nanos(engine.runTimeout());
    this.results = new ComponentResult[dag.size()];
    this.http = engine.http().meters(dag);
    this.datasets =
        new RunDatasets(engine.curatedSink(), engine.quarantineSink(), clock.startedAt());
  }

  /** A run starting now, as {@code decisions} plan it from {@code records}. */
  public static RunContext start(
      Engine engine, String runId, Planner.Decision[] decisions, ComponentRecord[] records) {
    Instant startedAt = engine.time().clock().instant();
    return new RunContext(
        engine, runId, decisions, records, new RunClock(startedAt, engine.time().nanoTime()));
  }

  String pipeline() {
    return dag.pipelineName();
  }

  /** Whether the component at {@code position} is forced in this run. */
  boolean forced(int position) {
    return decisions[position].forced();
  }

  /** The zone in which reasons give times. */
  ZoneId zone() {
    return engine.zone();
  }

  /** Now, on the run's clock; see {@link RunClock}. */
  Instant now() {
    return clock.at(engine.time().nanoTime());
  }
}

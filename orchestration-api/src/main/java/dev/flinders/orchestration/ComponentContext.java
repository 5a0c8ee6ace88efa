package dev.flinders.orchestration;

import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.dataset.DatasetWriter;
import dev.flinders.orchestration.http.Http;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What the engine gives a task for one attempt: who and where it is, how long it may take, how to
 * notice cancellation, a logger, what its upstreams did, and state kept between runs.
 *
 * <p>A context belongs to one attempt. Its methods may be called from any thread, but {@link
 * #state()} is meant for the task's own thread.
 */
public interface ComponentContext {
  /** The pipeline's name. */
  String pipelineName();

  /** The component's name. */
  String componentName();

  /** The run's id, as in the {@link RunReport}. */
  String runId();

  /** The attempt number, starting at 1. */
  int attempt();

  /** Whether this component was forced to run regardless of its schedule. */
  boolean forced();

  /** The engine's clock: use it instead of reading the system clock, so tests can move time. */
  Clock clock();

  /**
   * When this attempt will be stopped: the earlier of the component's timeout and the run's
   * timeout.
   */
  Instant deadline();

  /** Time left until {@link #deadline()}; zero once it has passed. */
  Duration remaining();

  /** Whether the engine has cancelled this attempt (timeout, run timeout, or shutdown). */
  boolean isCancelled();

  /**
   * Throws {@link ComponentCancelledException} if this attempt was cancelled. Long loops call it
   * between units of work.
   */
  void throwIfCancelled();

  /**
   * Registers a resource to close when this attempt is cancelled, so that a thread blocked reading
   * it wakes up. Resources are not closed when the attempt completes normally: the task owns them.
   * If the attempt is already cancelled, the resource is closed at once.
   */
  void closeOnCancel(AutoCloseable resource);

  /**
   * A logger for this component. While the task runs, the SLF4J MDC of its thread holds {@code
   * flinders.pipeline}, {@code flinders.run}, {@code flinders.component} and {@code
   * flinders.attempt}, so any logger the task uses is tagged with them.
   */
  System.Logger logger();

  /**
   * How each direct upstream ended in this run, by name. An upstream that was not run (not due,
   * disabled) is present with status {@link Status#SKIPPED} and its reason.
   */
  Map<String, ComponentResult> upstreams();

  /**
   * HTTP through the orchestrator's shared client, bound to this attempt: calls end by its
   * deadline, are cancelled with it, are limited in size and are counted in the run report. See
   * {@link Http}.
   */
  Http http();

  /**
   * Opens a dataset for this attempt: rows written to it are checked against its rules and streamed
   * to a temporary curated file (and a quarantine file), committed when the task succeeds and
   * discarded if it fails. Opening the same dataset twice in one attempt returns the same writer.
   *
   * @throws IllegalStateException if the orchestrator has no dataset sinks (see {@code
   *     Orchestrator.Builder.datasets})
   */
  DatasetWriter dataset(DatasetSpec spec);

  /** State kept for this component between runs. */
  ComponentState state();
}

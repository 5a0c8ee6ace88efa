package dev.flinders.orchestration;

import dev.flinders.orchestration.quota.QuotaUse;

/**
 * Receives events as a run progresses, e.g. to feed notifications or metrics. Methods are called
 * from the engine's run thread, one at a time, in order; they must return quickly. An exception
 * thrown by a listener is logged and otherwise ignored: a listener never fails a run.
 */
public interface RunListener {
  /** A run started; {@code run} has status {@link RunStatus#RUNNING} and no results yet. */
  default void runStarted(RunReport run) {}

  /** An attempt of a component started. */
  default void componentStarted(String runId, String component, int attempt) {}

  /** A component reached its final status in this run. */
  default void componentFinished(String runId, ComponentResult result) {}

  /** A run finished; {@code report} is final. */
  default void runFinished(RunReport report) {}

  /**
   * A provider's daily budget has just reached {@code QuotaPolicy.alertAt()} of its calls: called
   * once per provider and day, by the call that crossed it (also across processes sharing the state
   * store), on that call's thread.
   */
  default void quotaAlert(QuotaUse use) {}
}

package dev.flinders.orchestration;

/**
 * Why the engine decided what it did about a component: a stable, machine-readable code. Each
 * {@link Reason} pairs one with a sentence for people.
 */
public enum ReasonCode {
  /** Ran: it had never completed before. */
  FIRST_RUN,
  /** Ran: its schedule was due. */
  DUE,
  /** Ran: forced by the run request or the configuration file, whatever its schedule. */
  FORCED,
  /**
   * Ran because a "check now" request (or {@code "check": true} in the configuration file) asked,
   * whatever its schedule: it probed its source and ran only if that changed (else it is {@code
   * UNCHANGED}); or, as a downstream of such a component, ran because an upstream brought new data.
   */
  CHECKED,
  /** Skipped: its schedule is not due yet; the sentence says when it will be. */
  NOT_DUE,
  /**
   * Skipped: due, but deferrable and in peak hours ({@link PeakHours}); the sentence says when the
   * peak ends and when the grace period would let it run.
   */
  DEFERRED,
  /** Skipped: its schedule is manual; it runs only when forced. */
  MANUAL_ONLY,
  /** Skipped: disabled in the definition or the configuration file. */
  DISABLED,
  /** Skipped: the run request selected other components. */
  NOT_SELECTED,
  /** Skipped: an upstream failed, timed out or was cancelled; the sentence names it. */
  UPSTREAM_FAILED,
  /** Skipped: its trigger asks for a changed upstream and none changed in this run. */
  NO_UPSTREAM_CHANGED,
  /**
   * Unchanged: its change detector found the source as at its last success (the task did not run),
   * or the task reported that the source had nothing new; the sentence says which.
   */
  SOURCE_UNCHANGED,
  /**
   * Skipped: its source stayed unchanged for several probes, so adaptive polling probes it less
   * often; the sentence says for how many and when it is probed next.
   */
  POLLING_BACKED_OFF,
  /**
   * Skipped: a call to an API provider could not get quota (the day's budget is used, or the next
   * rate-limit permit comes after the deadline); the sentence names the provider and the limit.
   */
  QUOTA_EXHAUSTED,
  /** Failed: the task threw on its last allowed attempt, or threw something not retryable. */
  TASK_FAILED,
  /** Failed: the task succeeded, but breached a failing {@link Threshold}. */
  THRESHOLD_BREACHED,
  /** Timed out: an attempt exceeded the component's timeout. */
  TIMED_OUT,
  /** Timed out or skipped: the run's own timeout passed. */
  RUN_TIMED_OUT,
  /** Cancelled or skipped: the orchestrator was closed during the run. */
  CANCELLED,
  /** Cancelled: the process running it stopped before the run finished. */
  ABANDONED,
  /** Not executed: the run was a dry run; the sentence says what would have happened. */
  DRY_RUN
}

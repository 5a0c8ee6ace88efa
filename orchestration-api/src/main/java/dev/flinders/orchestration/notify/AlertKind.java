package dev.flinders.orchestration.notify;

/** What an {@link Alert} is about. */
public enum AlertKind {
  /** A run ended FAILED. */
  RUN_FAILED,
  /** A component ended FAILED. */
  COMPONENT_FAILED,
  /** A component ended TIMED_OUT. */
  COMPONENT_TIMED_OUT,
  /** A component's success breached one of its thresholds. */
  THRESHOLD_BREACHED,
  /** A dataset's newest file is older than its freshness limit. */
  DATA_STALE,
  /** A quota's daily use reached its alert share. */
  QUOTA_NEARLY_EXHAUSTED,
  /**
   * A run stopped because its instance lost the pipeline's lease to another instance (a pause
   * longer than the lease, or a cut from the shared store); sent by the instance that lost it.
   */
  LEASE_LOST
}

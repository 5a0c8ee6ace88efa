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
  QUOTA_NEARLY_EXHAUSTED
}

package dev.flinders.orchestration;

/** When a component runs, given how its upstreams ended in the same run. */
public enum TriggerRule {
  /**
   * The default: run unless an upstream failed, timed out or was cancelled (or was skipped because
   * of such an upstream). An upstream that was not due, disabled or unchanged does not stop it: its
   * previous output still stands.
   */
  ALL_SUCCEEDED,
  /**
   * Run only when at least one upstream brought new data in this run ({@link Status#SUCCEEDED} with
   * a change). Failed upstreams still stop it. Forcing the component overrides the change check.
   * Needs at least one dependency.
   */
  ANY_CHANGED,
  /** Run once every upstream has finished, however they ended. */
  ALWAYS
}

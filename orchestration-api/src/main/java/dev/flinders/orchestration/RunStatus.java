package dev.flinders.orchestration;

/** How a whole run ended, or {@link #RUNNING} while it is in progress. */
public enum RunStatus {
  /**
   * In progress. A run found in this state by a new process had crashed: see {@link #ABANDONED}.
   */
  RUNNING,
  /** Every component that was due completed; none failed or timed out. */
  SUCCEEDED,
  /** At least one component failed. */
  FAILED,
  /** The run's own timeout passed; components still running were stopped. */
  TIMED_OUT,
  /** The orchestrator was closed during the run. */
  CANCELLED,
  /** The process running it stopped (crashed or was killed) before the run finished. */
  ABANDONED,
  /**
   * The instance running it lost the pipeline's lease (another instance took the pipeline over, or
   * the lease could not be renewed in time): nothing new started, running components were stopped,
   * and the store refused the run's writes from then on. The new holder runs what is due.
   */
  LEASE_LOST
}

package dev.flinders.orchestration;

/** How a component ended in a run, or {@link #RUNNING} while it is in flight. */
public enum Status {
  /** Started and not yet finished; only seen while a run is in progress. */
  RUNNING,
  /** The task completed and reported new data. */
  SUCCEEDED,
  /** The source had nothing new: the task reported it, or it was not run because of that. */
  UNCHANGED,
  /** Not run; the {@link Reason} says why (not due, disabled, upstream failed, ...). */
  SKIPPED,
  /** The task failed on its last allowed attempt. */
  FAILED,
  /** The task exceeded its own timeout or the run's timeout and was stopped. */
  TIMED_OUT,
  /** The run was cancelled (the orchestrator was closed) while the task was running. */
  CANCELLED;

  /** Whether this status means the component did not produce what its downstreams expect. */
  public boolean isFailure() {
    return this == FAILED || this == TIMED_OUT || this == CANCELLED;
  }

  /** Whether the component's task completed normally (with or without new data). */
  public boolean isSuccess() {
    return this == SUCCEEDED || this == UNCHANGED;
  }
}

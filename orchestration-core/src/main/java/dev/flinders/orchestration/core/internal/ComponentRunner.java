package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Reason;
import dev.flinders.orchestration.Status;
import org.jspecify.annotations.Nullable;

/**
 * Runs one attempt of a component on a worker thread: binds the thread to the attempt, probes the
 * source first, runs the task, then settles how the attempt ended. A success's datasets are
 * committed and its result built and recorded here, outside the run lock, so that workers do not
 * wait for each other's store writes; a failure is handed to the run loop, which decides on a
 * retry. See docs/concurrency.md.
 */
final class ComponentRunner {
  private final RunContext run;
  private final AttemptHistory history;
  private final ChangeTracker changes;

  ComponentRunner(RunContext run, AttemptHistory history, ChangeTracker changes) {
    this.run = run;
    this.history = history;
    this.changes = changes;
  }

  /** Runs the attempt's probe and task on the calling thread; says how it ended. */
  RunLoop.Event run(Attempt attempt) {
    if (!attempt.bind(Thread.currentThread())) {
      return ended(attempt, null, new IllegalStateException("cancelled before it started"));
    }
    LogTags tags =
        LogTags.about(run.pipeline(), run.runId, attempt.componentName(), attempt.number);
    try {
      if (!changes.mustRun(attempt)) {
        return ended(attempt, Outcome.unchanged(), null); // the source is as at the last success
      }
      Outcome outcome = run.dag.task(attempt.position).run(attempt);
      if (outcome == null) {
        return ended(
            attempt,
            null,
            new NullPointerException("the task returned null; return Outcome.success() instead"));
      }
      return ended(attempt, outcome, null);
    } catch (Throwable t) {
      return ended(attempt, null, t);
    } finally {
      attempt.closeDownloads();
      attempt.unbind();
      tags.close();
    }
  }

  /**
   * Settles the attempt once its task returned (or could not be run) and says what to report. If
   * the run settled it first (it timed out or the run stopped), the result is already reported and
   * only the slot given back is news.
   */
  RunLoop.Event ended(Attempt attempt, @Nullable Outcome outcome, @Nullable Throwable error) {
    if (!attempt.settle()) {
      attempt.discardDatasets(attempt.stoppedBecause());
      return RunLoop.Signal.SLOT_FREED;
    }
    if (error != null || outcome == null) {
      Throwable failure = error == null ? new NullPointerException("no outcome") : error;
      attempt.discardDatasets("the attempt failed: " + ErrorText.summarize(failure, attempt::mask));
      history.datasetsOf(attempt);
      return new RunLoop.Failed(attempt, failure);
    }
    try {
      attempt.commitDatasets();
    } catch (RuntimeException e) {
      history.datasetsOf(attempt);
      return new RunLoop.Failed(attempt, e);
    }
    history.datasetsOf(attempt);
    int p = attempt.position;
    boolean changed = outcome.changed();
    AttemptDecisions.Failure failedBefore = history.lastFailure(p); // set before this attempt
    Reason reason =
        AttemptDecisions.success(
            run.decisions[p].reason(),
            attempt.probe,
            run.forced(p),
            changed,
            changed || outcome.notes().isEmpty() ? null : outcome.notes().get(0),
            attempt.number,
            failedBefore == null ? null : failedBefore.summary());
    ComponentResult result =
        history.result(
            p, changed ? Status.SUCCEEDED : Status.UNCHANGED, reason, outcome, null, null);
    changes.record(p, result, attempt);
    return new RunLoop.Succeeded(attempt, result);
  }
}

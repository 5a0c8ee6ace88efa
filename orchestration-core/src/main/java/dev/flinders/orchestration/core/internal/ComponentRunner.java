package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Reason;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.Threshold;
import java.util.ArrayList;
import java.util.List;
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
    if (run.engine.measureResources() && worthReadingCounters(attempt.position)) {
      attempt.beginMeasuring();
    }
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
      ended(attempt);
      return new RunLoop.Failed(attempt, failure);
    }
    try {
      attempt.commitDatasets();
    } catch (RuntimeException e) {
      ended(attempt);
      return new RunLoop.Failed(attempt, e);
    }
    ended(attempt);
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
        checkThresholds(
            p,
            history.result(
                p, changed ? Status.SUCCEEDED : Status.UNCHANGED, reason, outcome, null, null));
    changes.record(p, result, attempt);
    return new RunLoop.Succeeded(attempt, result);
  }

  /**
   * Whether to read the worker thread's CPU time and allocation for the component: on its first
   * run, and when its last run took {@link #COUNTERS_FROM} or more. Reading a thread's CPU time is
   * a system call (about 1.8 µs on this project's machines), as much as the engine spends on a
   * no-op component; for components that short, the figures would mostly measure the reading.
   */
  private boolean worthReadingCounters(int position) {
    ComponentResult last = run.records[position].lastResult();
    return last == null || last.duration().compareTo(COUNTERS_FROM) >= 0;
  }

  /** The shortest last run for which a component's thread counters are read. */
  static final java.time.Duration COUNTERS_FROM = java.time.Duration.ofMillis(1);

  /**
   * The result with the thresholds its success breached; FAILED ({@link
   * ReasonCode#THRESHOLD_BREACHED}) if one of them fails the component. Its datasets stay
   * committed.
   */
  private ComponentResult checkThresholds(int p, ComponentResult result) {
    List<Threshold> thresholds = run.dag.component(p).thresholds();
    if (thresholds.isEmpty()) {
      return result;
    }
    List<String> breaches = new ArrayList<>();
    String failing = null;
    for (Threshold threshold : thresholds) {
      String breach =
          threshold.check(
              result.duration(),
              result.resources(),
              result.outcome(),
              run.records[p].recentDurations());
      if (breach != null) {
        breaches.add(threshold + ": " + breach);
        if (threshold.fails() && failing == null) {
          failing = threshold + ": " + breach;
        }
      }
    }
    if (breaches.isEmpty()) {
      return result;
    }
    ComponentResult.Builder breached = result.toBuilder().breaches(breaches);
    if (failing != null) {
      breached
          .status(Status.FAILED)
          .reason(new Reason(ReasonCode.THRESHOLD_BREACHED, "breached threshold " + failing))
          .error("breached threshold " + failing, null);
    }
    return breached.build();
  }

  /** What the attempt wrote and used, recorded before its end is reported. */
  private void ended(Attempt attempt) {
    history.datasetsOf(attempt);
    if (run.engine.measureResources()) {
      history.used(attempt);
    }
  }
}

package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.ResourceUse;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.Threshold;
import dev.flinders.orchestration.spi.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's thresholds, checked against a run as a whole: its duration, the highest heap in
 * use after any component, the records of all its components, and its duration against the median
 * of the last successful runs in the history. Only runs in which a component ran its task are
 * checked: a tick where nothing was due says nothing about the pipeline's speed or yield.
 */
final class RunThresholds {
  private static final Logger LOG = LoggerFactory.getLogger(RunThresholds.class);

  private RunThresholds() {}

  /** The components that ran their tasks in the run (and succeeded). */
  private static java.util.Set<String> ran(RunReport report) {
    java.util.Set<String> ran = new java.util.HashSet<>();
    for (ComponentResult result : report.results()) {
      if (result.status() == Status.SUCCEEDED) {
        ran.add(result.component());
      }
    }
    return ran;
  }

  /**
   * Whether the pipeline's thresholds judge this run: it succeeded and a component ran its task.
   */
  static boolean judged(RunReport report) {
    if (report.status() != RunStatus.SUCCEEDED || report.dryRun() || report.endedAt() == null) {
      return false;
    }
    for (ComponentResult result : report.results()) {
      if (result.status() == Status.SUCCEEDED) {
        return true;
      }
    }
    return false;
  }

  /** The report with the thresholds it breached, FAILED if one of them fails the run. */
  static RunReport check(RunReport report, List<Threshold> thresholds, StateStore store) {
    if (thresholds.isEmpty() || !judged(report)) {
      return report;
    }
    long records = 0;
    long heap = -1;
    int history = 0;
    for (ComponentResult result : report.results()) {
      if (result.status().isSuccess() && result.outcome() != null) {
        records += result.outcome().records();
      }
      if (result.resources() != null) {
        heap = Math.max(heap, result.resources().heapUsedAfter());
      }
    }
    for (Threshold threshold : thresholds) {
      history = Math.max(history, threshold.history());
    }
    ResourceUse used =
        heap < 0 ? null : new ResourceUse(null, -1, heap, Duration.ZERO, Duration.ZERO);
    Outcome outcome = Outcome.records(records);
    List<Duration> recent = history == 0 ? List.of() : recentDurations(report, history, store);
    List<String> breaches = new ArrayList<>();
    boolean fails = false;
    for (Threshold threshold : thresholds) {
      String breach = threshold.check(report.duration(), used, outcome, recent);
      if (breach != null) {
        breaches.add(threshold + ": " + breach);
        fails |= threshold.fails();
      }
    }
    if (breaches.isEmpty()) {
      return report;
    }
    LOG.warn(
        "run {} of {} breached {}: {}",
        report.runId(),
        report.pipeline(),
        breaches.size() == 1 ? "a threshold" : breaches.size() + " thresholds",
        String.join("; ", breaches));
    return report.breached(fails ? RunStatus.FAILED : report.status(), breaches);
  }

  /**
   * The durations of the last {@code count} judged runs before this one in which the same
   * components ran their tasks (an hourly run is not compared with the daily one that also loads
   * the big feed), oldest first: read from the newest {@code 4 × count} runs of the history, then
   * from up to {@code 25 × count} if other runs left too few among them.
   */
  private static List<Duration> recentDurations(RunReport report, int count, StateStore store) {
    java.util.Set<String> ran = ran(report);
    List<Duration> durations = new ArrayList<>(count);
    for (int read : new int[] {4 * count + 1, 25 * count + 1}) {
      List<RunReport> runs;
      try {
        runs = store.runs(report.pipeline(), read);
      } catch (RuntimeException e) {
        LOG.warn("cannot read the history of {} for its thresholds", report.pipeline(), e);
        return List.of();
      }
      durations.clear();
      for (RunReport run : runs) { // newest first
        if (durations.size() < count
            && !run.runId().equals(report.runId())
            && judged(run)
            && ran(run).equals(ran)) {
          durations.add(0, run.duration());
        }
      }
      if (durations.size() == count || runs.size() < read) {
        break; // enough, or the whole history was read
      }
    }
    return durations;
  }
}

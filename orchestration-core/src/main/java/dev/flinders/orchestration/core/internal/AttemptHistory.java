package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.ErrorDetail;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Reason;
import dev.flinders.orchestration.ResourceUse;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.dataset.DatasetSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What each component's attempts have done so far in one run: how many started, when the first did,
 * the attempt in hand, the last failure (for the reason of a later result), and the datasets of
 * every attempt. Builds each component's {@link ComponentResult} from them. Arrays by position: the
 * run loop reads them under its lock for every component. Guarded by the run lock, except {@link
 * #datasetsOf}, which the worker of an attempt calls before it reports the attempt's end.
 */
final class AttemptHistory {
  private final RunContext run;
  private final int[] made;
  private final long[] firstStartNanos;
  private final @Nullable Attempt[] current;
  private final AttemptDecisions.@Nullable Failure[] lastFailure;

  /**
   * Per component, what its ended attempts used (see {@link ResourceUse}); CPU and allocation -1
   * where not measured. Written by the attempt's worker before it reports the end, like the
   * datasets; slot waits under the run lock.
   */
  private final long[] cpuNanos;

  private final long[] allocatedBytes;
  private final long[] heapAfter;
  private final long[] slotWaitNanos;
  private final long[] quotaWaitNanos;
  private final boolean[] countersRead;

  /**
   * Per component, why parallelism was lowered when its last attempt started; null if it was not.
   */
  private final @Nullable String[] loadLimits;

  /** Per component, what happened to the datasets of its last attempt; written by its worker. */
  private final @Nullable List<DatasetSummary>[] datasetSummaries;

  /** Per component, the attempt {@link #datasetSummaries} describe; written with them. */
  private final int[] datasetsOfAttempt;

  /**
   * Per component, the datasets of its earlier attempts, discarded when they failed or timed out,
   * each summary's reason starting with its attempt: reported before those of the last attempt.
   */
  private final @Nullable List<DatasetSummary>[] earlierDatasets;

  @SuppressWarnings("unchecked")
  AttemptHistory(RunContext run) {
    this.run = run;
    int n = run.dag.size();
    this.made = new int[n];
    this.firstStartNanos = new long[n];
    this.current = new Attempt[n];
    this.lastFailure = new AttemptDecisions.Failure[n];
    this.datasetSummaries = new List[n];
    this.datasetsOfAttempt = new int[n];
    this.earlierDatasets = new List[n];
    this.cpuNanos = new long[n];
    this.allocatedBytes = new long[n];
    this.heapAfter = new long[n];
    Arrays.fill(heapAfter, -1);
    this.slotWaitNanos = new long[n];
    this.quotaWaitNanos = new long[n];
    this.countersRead = new boolean[n];
    this.loadLimits = new String[n];
  }

  /**
   * Under the run lock: the component at {@code position} waited this long for a slot, and started
   * with parallelism lowered for this reason (null if it was not).
   */
  void waitedForSlot(int position, long nanos, @Nullable String loadLimit) {
    slotWaitNanos[position] += Math.max(0, nanos);
    loadLimits[position] = loadLimit; // the last attempt's start is the one reported
  }

  /**
   * On the attempt's worker, as it ends, before it reports: what the attempt used. A counter the
   * JVM cannot read stays -1 for the component.
   */
  void used(Attempt attempt) {
    int p = attempt.position;
    quotaWaitNanos[p] += attempt.quotaWaitNanos();
    if (!attempt.countersRead()) {
      return; // a short component: its counters are not read (see ComponentRunner)
    }
    countersRead[p] = true;
    long cpu = attempt.cpuNanosSinceStart();
    cpuNanos[p] = cpu < 0 || cpuNanos[p] < 0 ? -1 : cpuNanos[p] + cpu;
    long allocated = attempt.allocatedSinceStart();
    allocatedBytes[p] = allocated < 0 || allocatedBytes[p] < 0 ? -1 : allocatedBytes[p] + allocated;
    heapAfter[p] = ThreadMeter.heapUsed();
  }

  private @Nullable ResourceUse resources(int p) {
    if (!run.engine.measureResources()) {
      return null;
    }
    boolean read = countersRead[p];
    return new ResourceUse(
        !read || cpuNanos[p] < 0 ? null : Duration.ofNanos(cpuNanos[p]),
        read ? allocatedBytes[p] : -1,
        read ? heapAfter[p] : -1,
        Duration.ofNanos(slotWaitNanos[p]),
        Duration.ofNanos(quotaWaitNanos[p]),
        loadLimits[p]);
  }

  /**
   * Starts the next attempt of the component at {@code position} at monotonic time {@code nanos},
   * to end by {@code deadlineNanos}. Under the run lock: it touches arrays, not the component.
   */
  Attempt start(int position, long nanos, long deadlineNanos) {
    int number = ++made[position];
    if (number == 1) {
      firstStartNanos[position] = nanos;
    }
    Attempt attempt = new Attempt(run, position, number, deadlineNanos);
    current[position] = attempt;
    return attempt;
  }

  /** The current attempt of a component never begun by a worker: it did not count. */
  void neverBegun(int position) {
    made[position]--;
  }

  /** How many attempts of the component at {@code position} have started. */
  int made(int position) {
    return made[position];
  }

  /** The component's latest attempt, or null if none started. */
  @Nullable Attempt current(int position) {
    return current[position];
  }

  /** The component's latest attempt failed or timed out and will be retried. */
  void retrying(int position, AttemptDecisions.Failure failure) {
    lastFailure[position] = failure;
    int failedAttempt = made[position];
    if (datasetsOfAttempt[position] == failedAttempt) { // its worker reported its datasets
      keepAsEarlier(position, failedAttempt, datasetSummaries[position]);
      datasetSummaries[position] = null;
    }
  }

  /** The failure of the component's previous attempt, or null if none failed. */
  AttemptDecisions.@Nullable Failure lastFailure(int position) {
    return lastFailure[position];
  }

  /** On the attempt's worker, once its datasets were committed or discarded. */
  void datasetsOf(Attempt attempt) {
    datasetSummaries[attempt.position] = attempt.datasetSummaries();
    datasetsOfAttempt[attempt.position] = attempt.number;
  }

  /**
   * The component's result for a verdict about its latest attempt, with its attempts' times, HTTP
   * calls and datasets.
   */
  ComponentResult result(int position, AttemptDecisions.Final verdict) {
    return result(
        position, verdict.status(), verdict.reason(), null, verdict.error(), verdict.detail());
  }

  ComponentResult result(
      int position,
      Status status,
      Reason reason,
      @Nullable Outcome outcome,
      @Nullable String error,
      @Nullable ErrorDetail detail) {
    ComponentResult.Builder result =
        ComponentResult.builder(run.dag.name(position), status, reason)
            .outcome(outcome)
            .error(error, detail);
    if (made[position] == 0) {
      return result.build();
    }
    long nanos = run.engine.time().nanoTime();
    return result
        .attempts(made[position], run.clock.at(firstStartNanos[position]), run.clock.at(nanos))
        .http(run.http.usage(position))
        .resources(resources(position))
        .datasets(datasets(position, datasetSummaries[position]))
        .build();
  }

  /**
   * The result of a component whose stopped task has since returned: with the calls its attempts
   * made and their datasets, now discarded, counted; unchanged if its task has not.
   */
  ComponentResult completed(ComponentResult result, Attempt stopped) {
    int p = stopped.position;
    List<DatasetSummary> datasets;
    if (stopped.number == made[p]) {
      datasets = datasets(p, stopped.datasetSummaries());
    } else { // timed out and retried: its datasets go before the later attempts'
      keepAsEarlier(p, stopped.number, stopped.datasetSummaries());
      datasets = datasets(p, datasetsOfAttempt[p] > stopped.number ? datasetSummaries[p] : null);
    }
    return result.toBuilder().http(run.http.usage(p)).datasets(datasets).build();
  }

  /** Keeps the discarded datasets of a retried attempt, labelled with it, for the result. */
  private void keepAsEarlier(int p, int attempt, @Nullable List<DatasetSummary> summaries) {
    if (summaries == null || summaries.isEmpty()) {
      return;
    }
    if (earlierDatasets[p] == null) {
      earlierDatasets[p] = new ArrayList<>();
    }
    for (DatasetSummary summary : summaries) {
      earlierDatasets[p].add(summary.withFailure("attempt " + attempt + ": " + summary.failure()));
    }
  }

  /** The datasets of every attempt of {@code p}: the earlier ones' first, then the last's. */
  private List<DatasetSummary> datasets(int p, @Nullable List<DatasetSummary> last) {
    List<DatasetSummary> earlier = earlierDatasets[p];
    if (earlier == null) {
      return last == null ? List.of() : last;
    }
    List<DatasetSummary> all = new ArrayList<>(earlier);
    if (last != null) {
      all.addAll(last);
    }
    return all;
  }
}

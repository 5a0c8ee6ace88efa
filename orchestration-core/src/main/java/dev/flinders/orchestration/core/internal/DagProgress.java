package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Reason;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.TriggerRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Where each component of one run stands (waiting for its upstreams, ready, running, waiting for a
 * retry, done) and what a component's end means for its downstreams under their trigger rules:
 * ready to start, or skipped because an upstream failed (naming the failure at the root) or brought
 * no new data. Pure: no clock, no threads, no store; not thread-safe (the run lock guards it).
 * {@code DagProgressTest} checks it as tables.
 */
final class DagProgress {
  /** Told of each component's final result, in the order they finish. */
  interface Finished {
    void finished(int position, ComponentResult result);
  }

  static final byte WAITING = 0;
  static final byte READY = 1;
  static final byte RUNNING = 2;
  static final byte RETRY_WAIT = 3;
  static final byte DONE = 4;

  /** Not to run, as planned: never made ready by its upstreams, finished by {@link #begin()}. */
  private static final byte PLANNED_SKIP = 5;

  private static final byte BLOCKS = 1;
  private static final byte CHANGED = 2;

  private final DagIndex dag;
  private final Planner.Decision[] decisions;
  private final ComponentResult[] results;
  private final Finished onFinish;
  private final ReadyQueue ready;

  /** Monotonic readings of when each component became ready, or null if not measured. */
  private final @Nullable LongSupplier clock;

  private final long @Nullable [] readySince;
  private final byte[] phase;
  private final int[] pendingUpstreams;

  /**
   * Per component, once finished: whether it blocks default-trigger downstreams, whether it brought
   * new data.
   */
  private final byte[] flags;

  /** For failed components, themselves; for components skipped because of one, that component. */
  private final int[] rootFailure;

  /** Whether each runs only if an upstream brings new data: its trigger, or a checked upstream. */
  private final boolean[] onlyIfUpstreamChanged;

  private int done;
  private int failures;
  private int running;
  private boolean stopped;

  /**
   * @param results where each component's final result goes, by position
   * @param onFinish told of each final result as it is set, before its downstreams are looked at
   */
  DagProgress(
      DagIndex dag,
      Planner.Decision[] decisions,
      ComponentResult[] results,
      Finished onFinish,
      @Nullable LongSupplier clock) {
    this.dag = dag;
    this.clock = clock;
    this.readySince = clock == null ? null : new long[dag.size()];
    this.decisions = decisions;
    this.results = results;
    this.onFinish = onFinish;
    int n = dag.size();
    this.ready = new ReadyQueue(dag);
    this.phase = new byte[n];
    this.pendingUpstreams = new int[n];
    this.flags = new byte[n];
    this.rootFailure = new int[n];
    Arrays.fill(rootFailure, -1);
    this.onlyIfUpstreamChanged = new boolean[n];
    for (int p = 0; p < n; p++) {
      onlyIfUpstreamChanged[p] = Planner.onlyIfUpstreamChanged(dag, p, decisions[p]);
    }
  }

  /**
   * Finishes every component the plan skips, with the plan's reason, and makes ready those whose
   * upstreams are all done (at first, those without upstreams).
   */
  void begin() {
    int n = dag.size();
    for (int p = 0; p < n; p++) {
      pendingUpstreams[p] = dag.upstreams(p).length;
    }
    // Every planned skip is marked before any is finished: finishing one counts its downstreams
    // down, and a downstream that is itself skipped must not be made ready by that.
    for (int p = 0; p < n; p++) {
      if (!decisions[p].run()) {
        phase[p] = PLANNED_SKIP;
      }
    }
    for (int p = 0; p < n; p++) {
      if (phase[p] == PLANNED_SKIP) {
        finish(p, ComponentResult.notStarted(dag.name(p), Status.SKIPPED, decisions[p].reason()));
      } else if (pendingUpstreams[p] == 0 && phase[p] == WAITING) {
        upstreamsDone(p);
      }
    }
  }

  boolean hasReady() {
    return !ready.isEmpty();
  }

  /** Takes the ready component to start next: highest priority, then execution order. */
  int nextReady() {
    return ready.poll();
  }

  byte phase(int position) {
    return phase[position];
  }

  /** The component at {@code position} has an attempt running. */
  void running(int position) {
    phase[position] = RUNNING;
    running++;
  }

  /** How many components have an attempt running. */
  int running() {
    return running;
  }

  /** The component at {@code position} waits for its next attempt, holding no slot. */
  void waitingForRetry(int position) {
    if (phase[position] == RUNNING) {
      running--;
    }
    phase[position] = RETRY_WAIT;
  }

  /**
   * Its retry delay has passed: the component at {@code position} is ready again, unless it no
   * longer waits for that retry or the run is stopping.
   *
   * @return whether it became ready
   */
  boolean retryDue(int position) {
    if (phase[position] != RETRY_WAIT || stopped) {
      return false;
    }
    becomeReady(position);
    return true;
  }

  /**
   * The run is stopping: nothing is made ready from now on, and the components still waiting are
   * left for the caller to finish.
   */
  void stop() {
    stopped = true;
    ready.clear();
  }

  /** Whether every component has its final result. */
  boolean allDone() {
    return done == dag.size();
  }

  /** How many components ended with a failure status. */
  int failures() {
    return failures;
  }

  /**
   * Sets the final result of the component at {@code position}, then, for each downstream whose
   * upstreams are now all done, applies its trigger rule: it becomes ready, or is finished as
   * skipped (and so on down).
   */
  void finish(int position, ComponentResult result) {
    assert phase[position] != DONE
        : dag.name(position) + " finished twice: " + results[position] + ", then " + result;
    if (phase[position] == RUNNING) {
      running--;
    }
    phase[position] = DONE;
    results[position] = result;
    flags[position] =
        (byte) ((result.blocksDownstreams() ? BLOCKS : 0) | (result.changed() ? CHANGED : 0));
    done++;
    if (result.status().isFailure()) {
      rootFailure[position] = position;
      failures++;
    }
    onFinish.finished(position, result);
    for (int downstream : dag.downstreams(position)) {
      if (--pendingUpstreams[downstream] == 0 && phase[downstream] == WAITING && !stopped) {
        upstreamsDone(downstream);
      }
    }
  }

  private void upstreamsDone(int p) {
    int[] upstreams = dag.upstreams(p);
    if (dag.trigger(p) != TriggerRule.ALWAYS) {
      for (int up : upstreams) {
        if ((flags[up] & BLOCKS) != 0) {
          rootFailure[p] = rootFailure[up] >= 0 ? rootFailure[up] : up;
          finish(
              p,
              ComponentResult.notStarted(
                  dag.name(p),
                  Status.SKIPPED,
                  new Reason(ReasonCode.UPSTREAM_FAILED, blockedBy(up))));
          return;
        }
      }
    }
    if (onlyIfUpstreamChanged[p]) {
      boolean anyChanged = false;
      List<String> seen = new ArrayList<>();
      for (int up : upstreams) {
        anyChanged |= (flags[up] & CHANGED) != 0;
        seen.add(dag.name(up) + " " + describe(results[up]));
      }
      if (!anyChanged) {
        finish(
            p,
            ComponentResult.notStarted(
                dag.name(p),
                Status.SKIPPED,
                new Reason(
                    ReasonCode.NO_UPSTREAM_CHANGED,
                    "no upstream brought new data: " + String.join(", ", seen))));
        return;
      }
    }
    becomeReady(p);
  }

  private void becomeReady(int p) {
    phase[p] = READY;
    ready.add(p);
    if (readySince != null) {
      readySince[p] = clock.getAsLong();
    }
  }

  /** When the component at {@code p} last became ready (a monotonic reading), if measured. */
  long readySince(int p) {
    return readySince == null ? 0 : readySince[p];
  }

  private String blockedBy(int up) {
    ComponentResult upstream = results[up];
    int root = rootFailure[up];
    if (upstream.status().isFailure() || root < 0 || root == up) {
      return "upstream \"" + dag.name(up) + "\" " + describe(upstream);
    }
    return "upstream \""
        + dag.name(up)
        + "\" was skipped because \""
        + dag.name(root)
        + "\" "
        + describe(results[root]);
  }

  private static String describe(ComponentResult result) {
    if (result.status() == Status.SKIPPED) {
      return "SKIPPED (" + result.reason().code() + ")";
    }
    return result.status().toString();
  }
}

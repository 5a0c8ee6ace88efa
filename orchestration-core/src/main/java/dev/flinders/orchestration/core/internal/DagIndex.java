package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.TriggerRule;
import dev.flinders.orchestration.change.ChangeDetector;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A validated pipeline as arrays, for the hot paths of planning and running: components are
 * numbered by their position in execution order, so upstreams always have smaller numbers.
 * Immutable.
 */
public final class DagIndex {
  private final String pipelineName;
  private final List<Component> components;
  private final String[] names;
  private final long[] timeoutNanos;
  private final Task[] tasks;
  private final @Nullable ChangeDetector[] detectors;
  private final Map<String, Integer> positions;
  private final int[][] upstreams;
  private final int[][] downstreams;
  private final String[][] upstreamNames;
  private final int[] priorities;
  private final boolean samePriority;
  private final TriggerRule[] triggers;

  private final List<dev.flinders.orchestration.Threshold> thresholds;

  public DagIndex(Pipeline pipeline) {
    this.pipelineName = pipeline.name();
    this.thresholds = pipeline.thresholds();
    this.components = pipeline.executionOrder();
    int n = components.size();
    this.positions = new HashMap<>(n * 2);
    this.names = new String[n];
    this.timeoutNanos = new long[n];
    this.tasks = new Task[n];
    this.detectors = new ChangeDetector[n];
    for (int i = 0; i < n; i++) {
      Component component = components.get(i);
      names[i] = component.name();
      timeoutNanos[i] = RunClock.nanos(component.timeout());
      tasks[i] = component.task();
      detectors[i] = component.changeDetector().orElse(null);
      positions.put(names[i], i);
    }
    this.upstreams = new int[n][];
    int[] downstreamCounts = new int[n];
    for (int i = 0; i < n; i++) {
      List<String> dependsOn = components.get(i).dependsOn();
      int[] ups = new int[dependsOn.size()];
      for (int j = 0; j < ups.length; j++) {
        ups[j] = positions.get(dependsOn.get(j));
        downstreamCounts[ups[j]]++;
      }
      upstreams[i] = ups;
    }
    this.downstreams = new int[n][];
    this.upstreamNames = new String[n][];
    this.priorities = new int[n];
    this.triggers = new TriggerRule[n];
    for (int i = 0; i < n; i++) {
      downstreams[i] = new int[downstreamCounts[i]];
      downstreamCounts[i] = 0;
      upstreamNames[i] = components.get(i).dependsOn().toArray(new String[0]);
      priorities[i] = components.get(i).priority();
      triggers[i] = components.get(i).trigger();
    }
    for (int i = 0; i < n; i++) {
      for (int up : upstreams[i]) {
        downstreams[up][downstreamCounts[up]++] = i;
      }
    }
    boolean same = true;
    for (int i = 1; i < n && same; i++) {
      same = priorities[i] == priorities[0];
    }
    this.samePriority = same;
  }

  /** The thresholds each run is checked against as a whole. */
  public List<dev.flinders.orchestration.Threshold> thresholds() {
    return thresholds;
  }

  public String pipelineName() {
    return pipelineName;
  }

  public int size() {
    return components.size();
  }

  public Component component(int position) {
    return components.get(position);
  }

  public String name(int position) {
    return names[position];
  }

  /**
   * The component's timeout in nanoseconds, at most {@link RunClock#MAX_NANOS}: the run loop reads
   * it under its lock, and an array entry is cheaper to reach there than the component's object.
   */
  long timeoutNanos(int position) {
    return timeoutNanos[position];
  }

  /**
   * The component's task: read by each worker, as an array entry rather than through the component.
   */
  Task task(int position) {
    return tasks[position];
  }

  /** The component's change detector, or null. */
  @Nullable ChangeDetector detector(int position) {
    return detectors[position];
  }

  /** The position of the named component, or -1. */
  public int position(String name) {
    Integer position = positions.get(name);
    return position == null ? -1 : position;
  }

  public int[] upstreams(int position) {
    return upstreams[position];
  }

  public int[] downstreams(int position) {
    return downstreams[position];
  }

  /** Names of the upstreams, in the same order as {@link #upstreams(int)}; do not modify. */
  public String[] upstreamNames(int position) {
    return upstreamNames[position];
  }

  public TriggerRule trigger(int position) {
    return triggers[position];
  }

  /** Each component's priority, by position; do not modify. */
  int[] priorities() {
    return priorities;
  }

  /** Whether every component has the same priority (the usual case: none is set). */
  boolean samePriority() {
    return samePriority;
  }

  /** Marks {@code start} and everything reachable from it, up- or downstream, in {@code seen}. */
  public void reach(int start, boolean upstream, boolean[] seen) {
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    seen[start] = true;
    queue.add(start);
    while (!queue.isEmpty()) {
      int node = queue.poll();
      for (int next : upstream ? upstreams[node] : downstreams[node]) {
        if (!seen[next]) {
          seen[next] = true;
          queue.add(next);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "DagIndex" + Arrays.toString(components.stream().map(Component::name).toArray());
  }
}

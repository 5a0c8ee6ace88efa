package dev.flinders.orchestration;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks a pipeline as a whole and orders it. Iterative throughout, so that pipelines of hundreds
 * of thousands of components neither overflow the stack nor take more than linear-log time.
 */
final class PipelineValidator {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final List<Problem> problems = new ArrayList<>();
  private final List<Component> components;
  private final Map<String, Integer> indexByName;

  /** For each component, the indexes of its known, distinct, non-self dependencies. */
  private final int[][] upstreams;

  private int[] order = new int[0];

  PipelineValidator(String pipelineName, List<Component> components, Duration runTimeout) {
    this.components = components;
    this.indexByName = new HashMap<>(components.size() * 2);
    this.upstreams = new int[components.size()][];
    checkName("pipeline \"" + pipelineName + "\"", "pipeline", pipelineName);
    if (runTimeout.isNegative() || runTimeout.isZero()) {
      problems.add(
          new Problem(
              "pipeline \"" + pipelineName + "\"",
              "run timeout must be positive, was "
                  + Durations.format(runTimeout)
                  + ": set timeout(Duration.ofMinutes(120)) or leave the default (120m)"));
    }
    if (components.isEmpty()) {
      problems.add(
          new Problem(
              "pipeline \"" + pipelineName + "\"",
              "it has no components: add at least one with component(...)"));
    }
    indexNames();
    for (int i = 0; i < components.size(); i++) {
      checkComponent(i);
    }
    orderOrReportCycles();
  }

  List<Problem> problems() {
    return problems;
  }

  /** Indexes into the component list, in execution order; valid only without problems. */
  int[] order() {
    return order;
  }

  private void indexNames() {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < components.size(); i++) {
      String name = components.get(i).name();
      indexByName.putIfAbsent(name, i);
      counts.merge(name, 1, Integer::sum);
    }
    for (Component component : components) {
      Integer count = counts.remove(component.name());
      if (count != null && count > 1) {
        problems.add(
            new Problem(
                where(component.name()),
                "the name is declared "
                    + count
                    + " times: give each component its own name or remove the copies"));
      }
    }
  }

  private void checkComponent(int index) {
    Component component = components.get(index);
    String name = component.name();
    String where = where(name);
    checkName(where, "component", name);
    if (!component.hasTask()) {
      problems.add(new Problem(where, "it has no task: call task(context -> ...) on its builder"));
    }
    Duration timeout = component.timeout();
    if (timeout.isNegative() || timeout.isZero()) {
      problems.add(
          new Problem(
              where,
              "timeout must be positive, was "
                  + Durations.format(timeout)
                  + ": set e.g. timeout(Duration.ofMinutes(5)) or leave the default ("
                  + Durations.format(Component.DEFAULT_TIMEOUT)
                  + ")"));
    }
    if (component.trigger() == TriggerRule.ANY_CHANGED && component.dependsOn().isEmpty()) {
      problems.add(
          new Problem(
              where,
              "trigger ANY_CHANGED waits for a changed upstream but it has no dependencies, so it"
                  + " would never run: add dependsOn(...) or use the default trigger"));
    }
    if (component.adaptivePolling().isPresent() && component.changeDetector().isEmpty()) {
      problems.add(
          new Problem(
              where,
              "adaptive polling backs off while a change detector finds the source unchanged, but"
                  + " it has none: add changeDetector(...) or remove adaptivePolling(...)"));
    }
    List<String> dependsOn = component.dependsOn();
    int[] known = new int[dependsOn.size()];
    int count = 0;
    for (String upstream : dependsOn) {
      if (upstream.equals(name)) {
        problems.add(
            new Problem(where, "it depends on itself: remove \"" + name + "\" from its dependsOn"));
        continue;
      }
      Integer upstreamIndex = indexByName.get(upstream);
      if (upstreamIndex == null) {
        problems.add(new Problem(where, unknownDependency(name, upstream)));
        continue;
      }
      known[count++] = upstreamIndex;
    }
    upstreams[index] = Arrays.copyOf(known, count);
  }

  private String unknownDependency(String name, String upstream) {
    String message =
        "unknown dependency \""
            + upstream
            + "\" of \""
            + name
            + "\": declare a component named \""
            + upstream
            + "\" or remove it from dependsOn";
    String suggestion = closestName(upstream);
    return suggestion == null ? message : message + " (did you mean \"" + suggestion + "\"?)";
  }

  private @Nullable String closestName(String unknown) {
    if (components.size() > 10_000) {
      return null; // keep error reporting fast on huge generated pipelines
    }
    int limit = Math.max(2, unknown.length() / 3) + 1;
    String best = null;
    int bestDistance = limit;
    for (String candidate : indexByName.keySet()) {
      int distance = Levenshtein.distance(unknown, candidate, limit);
      if (distance < bestDistance
          || (distance == bestDistance && best != null && candidate.compareTo(best) < 0)) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  private void checkName(String where, String kind, String name) {
    if (name.isBlank()) {
      problems.add(
          new Problem(where, kind + " name is blank: give it a name such as \"gtfs-schedule\""));
    } else if (!NAME.matcher(name).matches()) {
      problems.add(
          new Problem(
              where,
              kind
                  + " name \""
                  + name
                  + "\" is not valid: use up to 100 letters, digits, '.', '_' or '-', starting with"
                  + " a letter or digit"));
    }
  }

  /** Kahn's algorithm with declaration order breaking ties; reports cycles if any remain. */
  private void orderOrReportCycles() {
    int n = components.size();
    int[] pendingUpstreams = new int[n];
    int[][] downstreams = invert(n);
    for (int i = 0; i < n; i++) {
      pendingUpstreams[i] = upstreams[i].length;
    }
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int i = 0; i < n; i++) {
      if (pendingUpstreams[i] == 0) {
        ready.add(i);
      }
    }
    int[] result = new int[n];
    int size = 0;
    while (!ready.isEmpty()) {
      int next = ready.poll();
      result[size++] = next;
      for (int downstream : downstreams[next]) {
        if (--pendingUpstreams[downstream] == 0) {
          ready.add(downstream);
        }
      }
    }
    if (size == n) {
      order = result;
      return;
    }
    boolean[] stuck = new boolean[n];
    for (int i = 0; i < n; i++) {
      stuck[i] = pendingUpstreams[i] > 0;
    }
    for (List<Integer> cycle : new CycleFinder(upstreams, stuck).cycles()) {
      StringBuilder path = new StringBuilder();
      for (int node : cycle) {
        path.append(components.get(node).name()).append(" -> ");
      }
      path.append(components.get(cycle.get(0)).name());
      problems.add(
          new Problem(
              where(components.get(cycle.get(0)).name()),
              "dependency cycle "
                  + path
                  + " (each depends on the next): remove one of these dependencies"));
    }
  }

  private int[][] invert(int n) {
    int[] counts = new int[n];
    for (int[] ups : upstreams) {
      for (int up : ups) {
        counts[up]++;
      }
    }
    int[][] downstreams = new int[n][];
    for (int i = 0; i < n; i++) {
      downstreams[i] = new int[counts[i]];
      counts[i] = 0;
    }
    for (int i = 0; i < n; i++) {
      for (int up : upstreams[i]) {
        downstreams[up][counts[up]++] = i;
      }
    }
    return downstreams;
  }

  private static String where(String componentName) {
    return "component \"" + componentName + "\"";
  }

  /**
   * Finds one cycle in each strongly connected component of the stuck part of the graph (Tarjan's
   * algorithm, iteratively), starting from its first-declared member, following dependencies.
   */
  private static final class CycleFinder {
    private final int[][] upstreams;
    private final boolean[] stuck;

    CycleFinder(int[][] upstreams, boolean[] stuck) {
      this.upstreams = upstreams;
      this.stuck = stuck;
    }

    List<List<Integer>> cycles() {
      int n = upstreams.length;
      int[] index = new int[n];
      int[] low = new int[n];
      int[] component = new int[n];
      Arrays.fill(index, -1);
      Arrays.fill(component, -1);
      boolean[] onStack = new boolean[n];
      ArrayDeque<Integer> stack = new ArrayDeque<>();
      int[] edgeCursor = new int[n];
      ArrayDeque<Integer> callStack = new ArrayDeque<>();
      int counter = 0;
      int components = 0;
      List<Integer> roots = new ArrayList<>();
      for (int start = 0; start < n; start++) {
        if (!stuck[start] || index[start] >= 0) {
          continue;
        }
        callStack.push(start);
        index[start] = low[start] = counter++;
        stack.push(start);
        onStack[start] = true;
        while (!callStack.isEmpty()) {
          int node = callStack.peek();
          if (edgeCursor[node] < upstreams[node].length) {
            int next = upstreams[node][edgeCursor[node]++];
            if (!stuck[next]) {
              continue;
            }
            if (index[next] < 0) {
              index[next] = low[next] = counter++;
              stack.push(next);
              onStack[next] = true;
              callStack.push(next);
            } else if (onStack[next]) {
              low[node] = Math.min(low[node], index[next]);
            }
            continue;
          }
          callStack.pop();
          if (!callStack.isEmpty()) {
            int parent = callStack.peek();
            low[parent] = Math.min(low[parent], low[node]);
          }
          if (low[node] == index[node]) {
            int size = 0;
            int smallest = Integer.MAX_VALUE;
            int member;
            do {
              member = stack.pop();
              onStack[member] = false;
              component[member] = components;
              smallest = Math.min(smallest, member);
              size++;
            } while (member != node);
            if (size > 1) {
              roots.add(smallest);
            }
            components++;
          }
        }
      }
      roots.sort(null);
      List<List<Integer>> cycles = new ArrayList<>();
      for (int root : roots) {
        cycles.add(shortestCycle(root, component));
      }
      return cycles;
    }

    /** Breadth-first search from {@code root} back to itself within its strongly connected part. */
    private List<Integer> shortestCycle(int root, int[] component) {
      Map<Integer, Integer> parent = new HashMap<>();
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      queue.add(root);
      parent.put(root, -1);
      while (!queue.isEmpty()) {
        int node = queue.poll();
        for (int next : upstreams[node]) {
          if (component[next] != component[root]) {
            continue;
          }
          if (next == root) {
            List<Integer> path = new ArrayList<>();
            for (int step = node; step != -1; step = parent.get(step)) {
              path.add(0, step);
            }
            return path;
          }
          if (!parent.containsKey(next)) {
            parent.put(next, node);
            queue.add(next);
          }
        }
      }
      throw new IllegalStateException("no cycle through " + root);
    }
  }
}

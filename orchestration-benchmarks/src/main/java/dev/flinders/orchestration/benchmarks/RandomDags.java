package dev.flinders.orchestration.benchmarks;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random DAGs for benchmarks: component {@code i} depends on up to {@code maxUpstreams}
 * distinct components among those declared before it, so the graph is acyclic by construction.
 */
final class RandomDags {
  static final Task NOOP = context -> Outcome.success();

  private RandomDags() {}

  /** Upstream indexes per component. */
  static int[][] edges(int size, int edgesPerComponent, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[][] upstreams = new int[size][];
    for (int i = 0; i < size; i++) {
      int count = Math.min(i, edgesPerComponent);
      int[] ups = new int[count];
      int filled = 0;
      while (filled < count) {
        int candidate = random.nextInt(i);
        boolean seen = false;
        for (int k = 0; k < filled; k++) {
          seen |= ups[k] == candidate;
        }
        if (!seen) {
          ups[filled++] = candidate;
        }
      }
      upstreams[i] = ups;
    }
    return upstreams;
  }

  static List<Component> components(int[][] upstreams) {
    List<Component> components = new ArrayList<>(upstreams.length);
    for (int i = 0; i < upstreams.length; i++) {
      Component.Builder builder = Component.builder("c" + i).task(NOOP);
      for (int up : upstreams[i]) {
        builder.dependsOn("c" + up);
      }
      components.add(builder.build());
    }
    return components;
  }

  static int edgeCount(int[][] upstreams) {
    int edges = 0;
    for (int[] ups : upstreams) {
      edges += ups.length;
    }
    return edges;
  }
}

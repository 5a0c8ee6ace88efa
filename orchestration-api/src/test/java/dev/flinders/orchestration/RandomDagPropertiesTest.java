package dev.flinders.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Properties of validation and ordering over seeded random DAGs. Each case prints its seed on
 * failure so it can be replayed.
 */
class RandomDagPropertiesTest {
  private static final int CASES = 300;
  private static final Pattern CYCLE =
      Pattern.compile("dependency cycle (.+) \\(each depends on the next\\)");

  /**
   * A random DAG whose declaration order is not a topological order: edges follow a hidden random
   * ranking.
   */
  static List<Component> randomDag(Random random, int size, double edgeProbability) {
    // rank[i] fixes a hidden topological order; edges go from higher rank to lower rank
    List<Integer> ranks = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ranks.add(i);
    }
    java.util.Collections.shuffle(ranks, random);
    List<Component> components = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Component.Builder builder = Component.builder("c" + i).task(context -> Outcome.success());
      for (int j = 0; j < size; j++) {
        if (ranks.get(j) < ranks.get(i) && random.nextDouble() < edgeProbability) {
          builder.dependsOn("c" + j);
        }
      }
      components.add(builder.build());
    }
    return components;
  }

  @Test
  void executionOrder_respectsEveryEdge_andIsDeterministic() {
    for (int seed = 0; seed < CASES; seed++) {
      Random random = new Random(seed);
      List<Component> components =
          randomDag(random, 1 + random.nextInt(60), random.nextDouble() * 0.3);

      Pipeline first = Pipeline.builder("p").components(components).build();
      Pipeline second = Pipeline.builder("p").components(components).build();

      Map<String, Integer> position = new HashMap<>();
      List<Component> order = first.executionOrder();
      for (int i = 0; i < order.size(); i++) {
        position.put(order.get(i).name(), i);
      }
      assertThat(position)
          .as("seed %d: every component exactly once", seed)
          .hasSize(components.size());
      for (Component component : components) {
        for (String upstream : component.dependsOn()) {
          assertThat(position.get(upstream))
              .as("seed %d: %s before %s", seed, upstream, component.name())
              .isLessThan(position.get(component.name()));
        }
      }
      assertThat(second.executionOrder()).as("seed %d: deterministic", seed).isEqualTo(order);
    }
  }

  @Test
  void aRandomBackEdge_isReportedAsARealCycle() {
    int checked = 0;
    for (int seed = 0; seed < CASES; seed++) {
      Random random = new Random(seed);
      List<Component> components =
          randomDag(random, 2 + random.nextInt(40), 0.05 + random.nextDouble() * 0.3);
      Pipeline dag = Pipeline.builder("p").components(components).build();
      // pick a path's end points: an ancestor/descendant pair, then add the back edge
      List<Component> order = dag.executionOrder();
      Component downstream = null;
      String ancestor = null;
      for (int i = order.size() - 1; i >= 0 && downstream == null; i--) {
        if (!order.get(i).dependsOn().isEmpty()) {
          downstream = order.get(i);
          ancestor = downstream.dependsOn().get(random.nextInt(downstream.dependsOn().size()));
        }
      }
      if (downstream == null) {
        continue;
      }
      String from = ancestor;
      String to = downstream.name();
      List<Component> withBackEdge = new ArrayList<>();
      for (Component component : components) {
        withBackEdge.add(
            component.name().equals(from)
                ? component.toBuilder().dependsOn(to).build()
                : component);
      }

      PipelineValidationException e =
          catchThrowableOfType(
              PipelineValidationException.class,
              () -> Pipeline.builder("p").components(withBackEdge).build());

      assertThat(e).as("seed %d: cycle %s -> %s not reported", seed, from, to).isNotNull();
      assertThat(e.problems()).as("seed %d", seed).hasSize(1);
      Matcher matcher = CYCLE.matcher(e.problems().get(0).message());
      assertThat(matcher.find()).as("seed %d: %s", seed, e.getMessage()).isTrue();
      String[] path = matcher.group(1).split(" -> ");
      assertThat(path[0]).as("seed %d: a closed path", seed).isEqualTo(path[path.length - 1]);
      Map<String, Component> byName = new HashMap<>();
      withBackEdge.forEach(component -> byName.put(component.name(), component));
      boolean usesBackEdge = false;
      for (int i = 0; i + 1 < path.length; i++) {
        assertThat(byName.get(path[i]).dependsOn())
            .as("seed %d: %s really depends on %s", seed, path[i], path[i + 1])
            .contains(path[i + 1]);
        usesBackEdge |= path[i].equals(from) && path[i + 1].equals(to);
      }
      assertThat(usesBackEdge).as("seed %d: every cycle uses the only back edge", seed).isTrue();
      checked++;
    }
    assertThat(checked).isGreaterThan(CASES / 2);
  }

  @Test
  void aLargePipeline_validatesWithoutOverflowingTheStack() {
    // a chain of 50,000 with a back edge from its first to its last component
    List<Component> chain = new ArrayList<>();
    chain.add(
        Component.builder("n0").task(context -> Outcome.success()).dependsOn("n49999").build());
    for (int i = 1; i < 50_000; i++) {
      chain.add(
          Component.builder("n" + i)
              .task(context -> Outcome.success())
              .dependsOn("n" + (i - 1))
              .build());
    }
    PipelineValidationException e =
        catchThrowableOfType(
            PipelineValidationException.class,
            () -> Pipeline.builder("p").components(chain).build());
    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).message()).startsWith("dependency cycle n0 -> n49999 -> n49998");
  }
}

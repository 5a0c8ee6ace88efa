package dev.flinders.orchestration.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ready queue hands out higher priorities first, then lower positions. */
class ReadyQueueTest {
  @Test
  void withoutPriorities_positionsComeOutInOrder_whateverOrderTheyWentIn() {
    DagIndex dag = dag(new int[200]);
    assertThat(dag.samePriority()).isTrue();
    assertThat(drain(dag, shuffled(200, 1))).isEqualTo(range(200));
  }

  @Test
  void withPriorities_higherFirst_thenPosition() {
    int[] priorities = new int[200];
    for (int i = 0; i < priorities.length; i++) {
      priorities[i] = i % 3 == 0 ? 5 : i % 3 == 1 ? 0 : -2;
    }
    DagIndex dag = dag(priorities);
    assertThat(dag.samePriority()).isFalse();

    List<Integer> expected = new ArrayList<>();
    for (int priority : new int[] {5, 0, -2}) {
      for (int i = 0; i < priorities.length; i++) {
        if (priorities[i] == priority) {
          expected.add(i);
        }
      }
    }
    assertThat(drain(dag, shuffled(200, 2))).isEqualTo(expected);
  }

  @Test
  void interleavedAddsAndPolls_alwaysGiveTheSmallestWaiting() {
    DagIndex dag = dag(new int[64]);
    ReadyQueue queue = new ReadyQueue(dag);
    List<Integer> order = shuffled(64, 3);
    java.util.TreeSet<Integer> waiting = new java.util.TreeSet<>();
    for (int i = 0; i < order.size(); i++) {
      queue.add(order.get(i));
      waiting.add(order.get(i));
      if (i % 3 == 2) {
        assertThat(queue.poll()).isEqualTo(waiting.pollFirst());
      }
    }
    while (!queue.isEmpty()) {
      assertThat(queue.poll()).isEqualTo(waiting.pollFirst());
    }
    assertThat(waiting).isEmpty();
  }

  private static List<Integer> drain(DagIndex dag, List<Integer> positions) {
    ReadyQueue queue = new ReadyQueue(dag);
    positions.forEach(queue::add);
    List<Integer> out = new ArrayList<>();
    while (!queue.isEmpty()) {
      out.add(queue.poll());
    }
    return out;
  }

  private static DagIndex dag(int[] priorities) {
    Pipeline.Builder pipeline = Pipeline.builder("p");
    for (int i = 0; i < priorities.length; i++) {
      pipeline.component(
          Component.builder("c" + i).priority(priorities[i]).task(c -> Outcome.success()).build());
    }
    return new DagIndex(pipeline.build());
  }

  private static List<Integer> range(int n) {
    List<Integer> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(i);
    }
    return list;
  }

  private static List<Integer> shuffled(int n, long seed) {
    List<Integer> list = range(n);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      java.util.Collections.swap(list, i, random.nextInt(i + 1));
    }
    return list;
  }
}

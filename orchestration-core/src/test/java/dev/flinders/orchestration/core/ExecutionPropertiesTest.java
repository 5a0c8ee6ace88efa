package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Properties of real parallel runs over seeded random DAGs with random failures: every edge is
 * respected in time, each component runs at most once, never more than {@code parallelism} run at
 * once, descendants of a failure never run and everything else does, and plans are deterministic.
 */
class ExecutionPropertiesTest {
  private static final int CASES = 60;

  @Test
  void randomDags_runInOrder_withinParallelism_andFailuresStopOnlyTheirDescendants() {
    for (int seed = 0; seed < CASES; seed++) {
      Random random = new Random(seed);
      int size = 1 + random.nextInt(40);
      int parallelism = 1 + random.nextInt(4);
      Set<Integer> failing = new HashSet<>();
      AtomicLong clock = new AtomicLong();
      AtomicInteger running = new AtomicInteger();
      AtomicInteger maxRunning = new AtomicInteger();
      ConcurrentHashMap<String, Long> starts = new ConcurrentHashMap<>();
      ConcurrentHashMap<String, Long> ends = new ConcurrentHashMap<>();
      ConcurrentHashMap<String, AtomicInteger> executions = new ConcurrentHashMap<>();
      List<List<Integer>> upstreams = new ArrayList<>();
      Pipeline.Builder builder = Pipeline.builder("random").parallelism(parallelism);
      for (int i = 0; i < size; i++) {
        List<Integer> ups = new ArrayList<>();
        for (int j = 0; j < i; j++) {
          if (random.nextDouble() < 0.15) {
            ups.add(j);
          }
        }
        upstreams.add(ups);
        boolean fails = random.nextDouble() < 0.1;
        if (fails) {
          failing.add(i);
        }
        int spin = random.nextInt(20_000);
        String name = "c" + i;
        Component.Builder component =
            Component.builder(name)
                .task(
                    context -> {
                      executions
                          .computeIfAbsent(name, key -> new AtomicInteger())
                          .incrementAndGet();
                      starts.put(name, clock.incrementAndGet());
                      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                      try {
                        long sink = 0;
                        for (int k = 0; k < spin; k++) {
                          sink += k ^ name.hashCode();
                        }
                        if (fails || sink == Long.MIN_VALUE) {
                          throw new IllegalStateException("planned failure of " + name);
                        }
                        return Outcome.success();
                      } finally {
                        running.decrementAndGet();
                        ends.put(name, clock.incrementAndGet());
                      }
                    });
        ups.forEach(up -> component.dependsOn("c" + up));
        builder.component(component.build());
      }
      Pipeline pipeline = builder.build();

      RunReport report;
      RunPlan first;
      RunPlan second;
      try (Orchestrator orchestrator =
          Orchestrator.builder(pipeline).stateStore(new InMemoryStateStore()).build()) {
        first = orchestrator.plan();
        second = orchestrator.plan();
        report = orchestrator.runOnce();
      }

      String at = "seed " + seed;
      assertThat(first.steps()).as(at).isEqualTo(second.steps());
      assertThat(maxRunning.get())
          .as(at + ": at most parallelism at once")
          .isLessThanOrEqualTo(parallelism);
      executions.forEach(
          (name, count) -> assertThat(count.get()).as(at + ": %s ran once", name).isEqualTo(1));
      boolean[] blocked = new boolean[size];
      for (int i = 0; i < size; i++) {
        for (int up : upstreams.get(i)) {
          blocked[i] |= blocked[up] || failing.contains(up);
        }
        String name = "c" + i;
        ComponentResult result = report.result(name).orElseThrow();
        if (blocked[i]) {
          assertThat(executions)
              .as(at + ": %s descends from a failure", name)
              .doesNotContainKey(name);
          assertThat(result.reason().code()).as(at).isEqualTo(ReasonCode.UPSTREAM_FAILED);
        } else {
          assertThat(result.status())
              .as(at + ": " + name)
              .isEqualTo(failing.contains(i) ? Status.FAILED : Status.SUCCEEDED);
          for (int up : upstreams.get(i)) {
            assertThat(starts.get(name))
                .as(at + ": %s starts after c%d ends", name, up)
                .isGreaterThan(ends.get("c" + up));
          }
        }
      }
    }
  }
}

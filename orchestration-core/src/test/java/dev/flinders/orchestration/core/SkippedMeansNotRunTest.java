package dev.flinders.orchestration.core;

import static dev.flinders.orchestration.core.Fixtures.clock;
import static dev.flinders.orchestration.core.Fixtures.orchestrator;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.spi.ComponentRecord;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A component reported {@code SKIPPED} by the plan is never started, whatever its upstreams did
 * while the run was being set up (issue 13: a skipped upstream counted its downstream down before
 * the downstream's own decision applied, so the downstream ran after the run had returned).
 */
class SkippedMeansNotRunTest {
  private final ManualClock clock = clock();
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final ConcurrentHashMap<String, AtomicInteger> invocations = new ConcurrentHashMap<>();

  @Test
  void notDueDownstreamOfANotDueUpstream_isNotStarted_andItsRecordStays() {
    assertSecondRunRunsNothing(b -> b.schedule(Schedule.every(Duration.ofHours(1))));
  }

  @Test
  void disabledDownstreamOfANotDueUpstream_isNotStarted() {
    assertSecondRunRunsNothing(b -> b.enabled(false));
  }

  @Test
  void manualDownstreamOfANotDueUpstream_isNotStarted() {
    assertSecondRunRunsNothing(b -> b.schedule(Schedule.manual()));
  }

  private void assertSecondRunRunsNothing(UnaryOperator<Component.Builder> secondRunB) {
    // given: a -> b, both run once
    Pipeline first = pipeline(UnaryOperator.identity());
    try (Orchestrator orchestrator = orchestrator(first, clock, store)) {
      assertThat(orchestrator.runOnce().results())
          .extracting(ComponentResult::status)
          .containsExactly(Status.SUCCEEDED, Status.SUCCEEDED);
    }
    ComponentRecord before = store.component("p", "b").orElseThrow();
    invocations.clear();

    // when: a minute later, with b not due, disabled or manual
    clock.advance(Duration.ofMinutes(1));
    RunReport second;
    ExecutorWatch workers = new ExecutorWatch();
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline(secondRunB))
            .timeSource(clock)
            .stateStore(store)
            .executor(workers)
            .build()) {
      second = orchestrator.runOnce();
      workers.awaitIdle();
    } finally {
      workers.shutdownNow();
    }

    // then: both skipped, neither started, b's record untouched
    assertThat(second.results()).extracting(ComponentResult::component).containsExactly("a", "b");
    assertThat(second.results()).allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.SKIPPED));
    assertThat(second.result("a").orElseThrow().reason().code()).isEqualTo(ReasonCode.NOT_DUE);
    assertThat(invocations).isEmpty();
    assertThat(store.component("p", "b").orElseThrow()).isEqualTo(before);
  }

  private Pipeline pipeline(UnaryOperator<Component.Builder> b) {
    return Pipeline.builder("p")
        .component(counted("a").schedule(Schedule.every(Duration.ofHours(1))).build())
        .component(
            b.apply(counted("b").schedule(Schedule.every(Duration.ofHours(1))).dependsOn("a"))
                .build())
        .parallelism(2)
        .build();
  }

  private Component.Builder counted(String name) {
    return Component.builder(name)
        .task(
            context -> {
              invocations.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
              return Outcome.success();
            });
  }
}

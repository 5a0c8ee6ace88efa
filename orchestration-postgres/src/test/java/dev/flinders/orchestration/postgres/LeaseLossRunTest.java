package dev.flinders.orchestration.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.spi.PipelineLock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one database: the one whose lease is taken over mid-run stops at its first
 * refused write rather than running the rest of the pipeline (issue 18 review).
 */
class LeaseLossRunTest {
  private static final Instant T0 = Instant.parse("2026-11-24T19:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(10);

  private final String prefix = EmbeddedDatabase.freshPrefix();
  private final ManualClock clockA = ManualClock.at(T0);
  private final ManualClock clockB = ManualClock.at(T0);
  private final List<String> executed = new CopyOnWriteArrayList<>();

  private PostgresStateStore store(ManualClock clock) {
    return PostgresStateStore.builder(EmbeddedDatabase.dataSource())
        .tablePrefix(prefix)
        .leaseDuration(LEASE)
        .clock(clock)
        .build();
  }

  @Test
  void aHolderWhoseLeaseIsTakenOverMidRun_runsNothingMore_andEndsLeaseLost() throws Exception {
    try (PostgresStateStore storeA = store(clockA);
        PostgresStateStore storeB = store(clockB)) {
      PipelineLock[] taken = new PipelineLock[1];
      // given: while A runs "a", A's lease expires unrenewed and B takes the pipeline over
      Task a =
          context -> {
            executed.add("a");
            clockB.advance(LEASE.plusSeconds(1));
            taken[0] = storeB.lock("p", "instance b");
            return Outcome.success();
          };
      Pipeline pipeline =
          Pipeline.builder("p")
              .component(Component.builder("a").task(a).build())
              .component(Component.builder("b").task(recording("b")).dependsOn("a").build())
              .component(Component.builder("c").task(recording("c")).dependsOn("b").build())
              .build();

      // when
      RunReport report;
      try (Orchestrator orchestratorA =
          Orchestrator.builder(pipeline)
              .timeSource(ManualClock.at(T0)) // no heartbeat beats: only the fencing stops A
              .stateStore(storeA)
              .build()) {
        report = orchestratorA.runOnce();
      }

      // then
      assertThat(executed).containsExactly("a");
      assertThat(report.status()).isEqualTo(RunStatus.LEASE_LOST);
      assertThat(report.status("b")).isEqualTo(Status.SKIPPED);
      assertThat(report.status("c")).isEqualTo(Status.SKIPPED);
      assertThat(storeB.component("p", "a")).isEmpty(); // A's record of "a" was refused
      assertThat(storeB.runs("p", 10))
          .extracting(RunReport::status)
          .containsExactly(RunStatus.RUNNING); // B marks it abandoned when it runs
      taken[0].close();
    }
  }

  private Task recording(String name) {
    return context -> {
      executed.add(name);
      return Outcome.success();
    };
  }
}

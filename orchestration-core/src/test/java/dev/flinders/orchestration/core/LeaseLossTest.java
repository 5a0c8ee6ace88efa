package dev.flinders.orchestration.core;

import static dev.flinders.orchestration.core.Fixtures.clock;
import static dev.flinders.orchestration.core.Fixtures.component;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.LeaseLostException;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.StateStoreException;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.notify.Notifications;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.notify.Alert;
import dev.flinders.orchestration.notify.AlertKind;
import dev.flinders.orchestration.notify.Notifier;
import dev.flinders.orchestration.spi.ComponentRecord;
import dev.flinders.orchestration.spi.PipelineLock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A run whose pipeline lease is lost stops at once and says so (issue 18 review): a store whose
 * writes are fenced refuses them once another instance took the lease over.
 */
class LeaseLossTest {
  private final ManualClock clock = clock();
  private final FencedStore store = new FencedStore();
  private final List<String> executed = new CopyOnWriteArrayList<>();

  @Test
  void aRefusedRecord_stopsTheRun_andItEndsLeaseLost() {
    // given: another instance takes the lease over while "a" runs
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("a")
                    .task(
                        context -> {
                          executed.add("a");
                          store.takenOver = true;
                          return Outcome.success();
                        })
                    .build())
            .component(component("b").task(recording("b")).dependsOn("a").build())
            .component(component("c").task(recording("c")).dependsOn("b").build())
            .build();

    // when
    RunReport report;
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline).timeSource(clock).stateStore(store).build()) {
      report = orchestrator.runOnce();
    }

    // then
    assertThat(executed).containsExactly("a");
    assertThat(report.status()).isEqualTo(RunStatus.LEASE_LOST);
    for (String name : List.of("b", "c")) {
      ComponentResult result = report.result(name).orElseThrow();
      assertThat(result.status()).isEqualTo(Status.SKIPPED);
      assertThat(result.reason().message())
          .isEqualTo("not started: the pipeline's lease was lost during the run");
    }
    assertThat(store.refused).contains("component a");
    assertThat(store.component("p", "b")).isEmpty();
  }

  @Test
  void aRunThatLostItsLease_alertsAWarning_andTheNextRunThatSucceedsResolvesIt() {
    // given: another instance takes the lease over while "a" first runs
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    Notifier recorder = Fixtures.recorder(alerts);
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("a")
                    .task(
                        context -> {
                          if (executed.isEmpty()) {
                            store.takenOver = true;
                          }
                          executed.add("a");
                          return Outcome.success();
                        })
                    .build())
            .component(component("b").task(recording("b")).dependsOn("a").build())
            .build();

    // when: that run, then one in which the lease holds
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .timeSource(clock)
            .stateStore(store)
            .notifications(Notifications.builder().route(recorder, Alert.Severity.INFO).build())
            .build()) {
      assertThat(orchestrator.runOnce().status()).isEqualTo(RunStatus.LEASE_LOST);
      store.takenOver = false; // the lease is this instance's again
      assertThat(orchestrator.runOnce().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    // then
    assertThat(alerts)
        .extracting(Alert::kind, Alert::severity, Alert::resolved)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                AlertKind.LEASE_LOST, Alert.Severity.WARNING, false),
            org.assertj.core.groups.Tuple.tuple(
                AlertKind.LEASE_LOST, Alert.Severity.WARNING, true));
    assertThat(alerts.get(0).title())
        .isEqualTo("run of p stopped: this instance lost the pipeline's lease");
  }

  @Test
  void aLeaseLostWhileAComponentRuns_stopsIt_sayingSo_notThatTheOrchestratorWasClosed() {
    // given another instance takes the lease over while "long" runs; when the heartbeat's first
    // renewal (a third of the 30 s lease) is refused
    RunReport report = runUntil(() -> store.takenOver = true, Duration.ofSeconds(10));

    // then
    assertThat(report.status()).isEqualTo(RunStatus.LEASE_LOST);
    ComponentResult stopped = report.result("long").orElseThrow();
    assertThat(stopped.status()).isEqualTo(Status.CANCELLED);
    assertThat(stopped.reason().message())
        .isEqualTo("stopped: the pipeline's lease was lost while it was running");
    assertThat(report.result("after").orElseThrow().reason().message())
        .isEqualTo("not started: the pipeline's lease was lost during the run");
    assertThat(executed).isEmpty();
  }

  @Test
  void aHolderCutOffFromTheDatabase_stopsItsRun_beforeItsLeaseCanExpire() {
    // given the database goes out of reach while "long" runs; when renewals have failed for three
    // quarters of the 30 s lease
    RunReport report = runUntil(() -> store.unreachable = true, Duration.ofMillis(22_500));

    // then
    assertThat(report.status()).isEqualTo(RunStatus.LEASE_LOST);
    assertThat(report.result("long").orElseThrow().reason().message())
        .isEqualTo("stopped: the pipeline's lease was lost while it was running");
    assertThat(executed).isEmpty();
  }

  @Test
  void aLeaseLostBeforeTheRunIsSetUp_stillStopsIt() {
    // given: the lease is lost while the run loads its records, before it has begun
    store.whileLoading =
        () -> {
          store.unreachable = true;
          clock.advance(Duration.ofMillis(22_500)); // the heartbeat gives up on the lease
        };
    Pipeline pipeline =
        Pipeline.builder("p").component(component("a").task(recording("a")).build()).build();

    // when
    RunReport report;
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline).timeSource(clock).stateStore(store).build()) {
      report = orchestrator.runOnce();
    }

    // then
    assertThat(executed).isEmpty();
    assertThat(report.status()).isEqualTo(RunStatus.LEASE_LOST);
    assertThat(report.result("a").orElseThrow().reason().message())
        .isEqualTo("not started: the pipeline's lease was lost during the run");
  }

  /**
   * Runs "long", which runs until stopped, then "after"; once "long" has started, calls {@code
   * trouble} and moves the clock on by {@code after}, at which the engine has a timer.
   */
  private RunReport runUntil(Runnable trouble, Duration after) {
    CountDownLatch started = new CountDownLatch(1);
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("long")
                    .task(
                        context -> {
                          started.countDown();
                          return Fixtures.hangUntilInterrupted().run(context);
                        })
                    .build())
            .component(component("after").task(recording("after")).dependsOn("long").build())
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline).timeSource(clock).stateStore(store).build()) {
      CompletableFuture<RunReport> run = Fixtures.inBackground(orchestrator::runOnce);
      Fixtures.await(started, "the component to start");
      trouble.run();
      Fixtures.awaitTimer(clock, clock.instant().plus(after));
      clock.advance(after);
      return Fixtures.await(run);
    }
  }

  private dev.flinders.orchestration.Task recording(String name) {
    return context -> {
      executed.add(name);
      return Outcome.success();
    };
  }

  /**
   * An in-memory store whose locks are 30-second leases with fencing token 1, as a shared
   * database's are; once {@link #takenOver} is set, as when another instance takes the lease over,
   * it refuses the holder's writes and renewals with {@link LeaseLostException}.
   */
  static final class FencedStore extends ForwardingStateStore {
    final List<String> refused = new CopyOnWriteArrayList<>();
    volatile boolean takenOver;

    /** Called when the engine reads the pipeline's component records, before a run begins. */
    volatile Runnable whileLoading = () -> {};

    /** Set when the database is out of reach: renewals fail, without saying the lease is lost. */
    volatile boolean unreachable;

    private void fence(String pipeline, String what) {
      if (takenOver) {
        refused.add(what);
        throw new LeaseLostException(pipeline, 1, "saving the record of " + what);
      }
    }

    FencedStore() {
      super(new InMemoryStateStore());
    }

    @Override
    public PipelineLock lock(String pipeline, String owner) {
      PipelineLock lock = super.lock(pipeline, owner);
      return new PipelineLock() {
        @Override
        public String pipeline() {
          return pipeline;
        }

        @Override
        public void renew() {
          if (unreachable) {
            throw new StateStoreException("cannot renew the lease: connection refused", null);
          }
          fence(pipeline, "lease");
        }

        @Override
        public Optional<Duration> lease() {
          return Optional.of(Duration.ofSeconds(30));
        }

        @Override
        public long fencingToken() {
          return 1;
        }

        @Override
        public void close() {
          lock.close();
        }
      };
    }

    @Override
    public void saveRun(RunReport run) {
      fence(run.pipeline(), "run " + run.runId());
      super.saveRun(run);
    }

    @Override
    public java.util.Map<String, ComponentRecord> components(
        String pipeline, java.util.Collection<String> names) {
      whileLoading.run();
      return super.components(pipeline, names);
    }

    @Override
    public void saveComponent(String pipeline, ComponentRecord record) {
      fence(pipeline, "component " + record.component());
      super.saveComponent(pipeline, record);
    }
  }
}

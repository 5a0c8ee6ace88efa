package dev.flinders.orchestration.core;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Shared test helpers: a manual clock in Melbourne, quick components, runs in the background. */
final class Fixtures {
  static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  /** Bound on real waiting in tests: only reached when the code under test is broken. */
  static final Duration PATIENCE = Duration.ofSeconds(20);

  private Fixtures() {}

  static ManualClock clock() {
    return ManualClock.at("2026-11-25T06:00:00+11:00").withZone(MELBOURNE);
  }

  static Task noop() {
    return context -> Outcome.success();
  }

  /** A task that blocks until its thread is interrupted, then fails with the interruption. */
  static Task hangUntilInterrupted() {
    return context -> {
      new java.util.concurrent.CountDownLatch(1).await();
      throw new AssertionError("unreachable: the latch is never counted down");
    };
  }

  /** A notifier named {@code recorder} that adds every alert it is sent to {@code alerts}. */
  static dev.flinders.orchestration.notify.Notifier recorder(
      java.util.List<dev.flinders.orchestration.notify.Alert> alerts) {
    return new dev.flinders.orchestration.notify.Notifier() {
      @Override
      public String name() {
        return "recorder";
      }

      @Override
      public void send(dev.flinders.orchestration.notify.Alert alert) {
        alerts.add(alert);
      }
    };
  }

  static Component.Builder component(String name) {
    return Component.builder(name).task(noop());
  }

  static Orchestrator orchestrator(Pipeline pipeline, ManualClock clock, InMemoryStateStore store) {
    return Orchestrator.builder(pipeline).timeSource(clock).stateStore(store).build();
  }

  /** Starts a run on another thread, so the test can move time while it is in progress. */
  static CompletableFuture<RunReport> inBackground(java.util.function.Supplier<RunReport> run) {
    return CompletableFuture.supplyAsync(
        run,
        runnable -> {
          Thread thread = new Thread(runnable, "test-run");
          thread.setDaemon(true);
          thread.start();
        });
  }

  static RunReport await(CompletableFuture<RunReport> run) {
    try {
      return run.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("the run did not finish: " + e, e);
    }
  }

  static void await(java.util.concurrent.CountDownLatch latch, String what) {
    try {
      if (!latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("timed out waiting for " + what);
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static void awaitTimer(ManualClock clock, java.time.Instant due) {
    try {
      if (!clock.awaitTimerAt(due, PATIENCE)) {
        throw new AssertionError("no timer was armed for " + due);
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}

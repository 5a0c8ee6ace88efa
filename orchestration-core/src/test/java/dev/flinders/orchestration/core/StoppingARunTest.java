package dev.flinders.orchestration.core;

import static dev.flinders.orchestration.core.Fixtures.await;
import static dev.flinders.orchestration.core.Fixtures.awaitTimer;
import static dev.flinders.orchestration.core.Fixtures.clock;
import static dev.flinders.orchestration.core.Fixtures.component;
import static dev.flinders.orchestration.core.Fixtures.inBackground;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a run ends when its deadline passes or {@code close()} is called while components wait for a
 * retry, report a failure, or ignore interruption (issue 13, "Stopping a run").
 */
class StoppingARunTest {
  private final ManualClock clock = clock();
  private final Instant start = clock.instant();
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseTasksThatIgnoreInterruption() {
    release.countDown();
  }

  @Test
  void aComponentWaitingForItsRetry_whenTheRunTimesOut_endsFailed_andIsRecorded() {
    CountDownLatch foreverStarted = new CountDownLatch(1);
    Pipeline pipeline = flakyBesideForever(foreverStarted);
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .timeSource(clock)
            .stateStore(store)
            .runTimeout(Duration.ofMinutes(10))
            .build()) {
      CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
      Fixtures.await(foreverStarted, "the second component to start");
      awaitTimer(clock, start.plus(Duration.ofMinutes(1))); // flaky's retry

      clock.advance(
          Duration.ofMinutes(10)); // the retry is due but no slot frees up, then the run's timeout
      RunReport report = await(run);

      ComponentResult flaky = report.result("flaky").orElseThrow();
      assertThat(flaky.status()).isEqualTo(Status.FAILED);
      assertThat(flaky.attempts()).isEqualTo(1);
      assertThat(flaky.reason().code()).isEqualTo(ReasonCode.TASK_FAILED);
      assertThat(flaky.reason().message())
          .isEqualTo(
              "failed on attempt 1 of 3; the retry was not started: the run's timeout of 10m"
                  + " passed first: IllegalStateException: flaky the first time");
      assertThat(report.status("forever")).isEqualTo(Status.TIMED_OUT);
      assertThat(report.status()).isEqualTo(RunStatus.TIMED_OUT);
      assertThat(store.component("p", "flaky").orElseThrow().lastResult()).isEqualTo(flaky);
      assertThat(orchestrator.plan().step("flaky").orElseThrow().reason().message())
          .startsWith("first run: it has not succeeded before");
    }
  }

  @Test
  void closeWhileARetryWaits_endsItFailed_recorded_andReturnsWithoutWaitingForTheDelay() {
    CountDownLatch foreverStarted = new CountDownLatch(1);
    Pipeline pipeline = flakyBesideForever(foreverStarted);
    Orchestrator orchestrator =
        Orchestrator.builder(pipeline).timeSource(clock).stateStore(store).build();
    CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
    Fixtures.await(foreverStarted, "the second component to start");
    awaitTimer(clock, start.plus(Duration.ofMinutes(1)));

    orchestrator.close(); // the clock does not move: close() must not wait for the retry's delay
    RunReport report = await(run);

    ComponentResult flaky = report.result("flaky").orElseThrow();
    assertThat(flaky.status()).isEqualTo(Status.FAILED);
    assertThat(flaky.reason().message())
        .isEqualTo(
            "failed on attempt 1 of 3; the retry was not started: the orchestrator was closed"
                + " during the run: IllegalStateException: flaky the first time");
    assertThat(report.status("forever")).isEqualTo(Status.CANCELLED);
    assertThat(report.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(store.component("p", "flaky").orElseThrow().lastResult()).isEqualTo(flaky);
  }

  @Test
  void closeWhileAFailureIsBeingReported_startsNoRetry() {
    CountDownLatch failing = new CountDownLatch(1);
    CountDownLatch reported = new CountDownLatch(1);
    AtomicInteger attempts = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("flaky")
                    .task(
                        context -> {
                          attempts.incrementAndGet();
                          // the engine reads the message after settling the attempt as failed,
                          // before the run lock hears of it: close() lands in between
                          throw new IllegalStateException() {
                            @Override
                            public String getMessage() {
                              failing.countDown();
                              Fixtures.await(reported, "close() to be handled");
                              return "failed slowly";
                            }
                          };
                        })
                    .retry(RetryPolicy.exponential(3, Duration.ofMinutes(1)))
                    .build())
            .build();
    Orchestrator orchestrator =
        Orchestrator.builder(pipeline).timeSource(clock).stateStore(store).build();
    CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
    Fixtures.await(failing, "the task to fail");

    Thread closing = new Thread(orchestrator::close, "test-close");
    closing.start();
    awaitBlocked(closing); // close() has cancelled the run and waits for it to end
    reported.countDown();
    RunReport report = await(run);
    join(closing);

    assertThat(attempts).hasValue(1);
    ComponentResult flaky = report.result("flaky").orElseThrow();
    assertThat(flaky.status()).isEqualTo(Status.FAILED);
    assertThat(flaky.reason().message())
        .startsWith(
            "failed on attempt 1 of 3; the retry was not started: the orchestrator was closed"
                + " during the run: ");
    assertThat(report.status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void anAttemptThatTimedOutAndWasRetried_isAwaitedAndNoted_whenItIgnoresInterruption() {
    AtomicInteger attempts = new AtomicInteger();
    CountDownLatch firstStarted = new CountDownLatch(1);
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("stubborn")
                    .task(
                        context -> {
                          if (attempts.incrementAndGet() == 1) {
                            firstStarted.countDown();
                            ignoreInterruptionUntilReleased();
                          }
                          return Outcome.success();
                        })
                    .timeout(Duration.ofMinutes(1))
                    .retry(RetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ZERO).build())
                    .build())
            .parallelism(2)
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline).timeSource(clock).stateStore(store).build()) {
      CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
      Fixtures.await(firstStarted, "the first attempt to start");
      awaitTimer(clock, start.plus(Duration.ofMinutes(1)));

      clock.advance(Duration.ofMinutes(1));
      RunReport report = await(run);

      ComponentResult result = report.result("stubborn").orElseThrow();
      assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(result.attempts()).isEqualTo(2);
      assertThat(result.error())
          .contains(
              "the task of attempt 1 (since retried) ignored interruption: its thread had not"
                  + " returned 1s after it was stopped");
    }
  }

  @Test
  void aTimedOutAttemptReturningLate_doesNotReplaceTheRecordOfTheAttemptThatSucceeded() {
    // attempt 1 keeps state "1" and a row, times out and returns only after attempt 2 succeeded
    // with state "2": completing the result with attempt 1's discarded dataset must keep "2"
    AtomicInteger attempts = new AtomicInteger();
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch secondDone = new CountDownLatch(1);
    dev.flinders.orchestration.dataset.DatasetSpec spec =
        dev.flinders.orchestration.dataset.DatasetSpec.builder(
                "rows",
                dev.flinders.orchestration.dataset.DatasetSchema.builder()
                    .required("n", dev.flinders.orchestration.dataset.ColumnType.INT)
                    .build())
            .build();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("cursor")
                    .task(
                        context -> {
                          int number = attempts.incrementAndGet();
                          context.state().put("k", Integer.toString(number));
                          if (number == 1) {
                            context.dataset(spec).writeText(new String[] {"1"});
                            firstStarted.countDown();
                            Fixtures.await(secondDone, "the second attempt to succeed");
                          } else {
                            secondDone.countDown();
                          }
                          return Outcome.success();
                        })
                    .timeout(Duration.ofMinutes(1))
                    .retry(RetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ZERO).build())
                    .build())
            .parallelism(2)
            .build();
    dev.flinders.orchestration.core.testing.InMemoryDatasetSink curated =
        new dev.flinders.orchestration.core.testing.InMemoryDatasetSink("curated");
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .timeSource(clock)
            .stateStore(store)
            .datasets(curated, new dev.flinders.orchestration.core.testing.InMemoryDatasetSink("q"))
            .build()) {
      CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
      Fixtures.await(firstStarted, "the first attempt to start");
      awaitTimer(clock, start.plus(Duration.ofMinutes(1)));
      clock.advance(Duration.ofMinutes(1));
      RunReport report = await(run);

      ComponentResult result = report.result("cursor").orElseThrow();
      assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(result.datasets()).hasSize(1);
      assertThat(result.datasets().get(0).failure())
          .isEqualTo("attempt 1: the attempt exceeded its timeout of 1m");
      assertThat(store.component("p", "cursor").orElseThrow().state()).containsEntry("k", "2");
      assertThat(store.component("p", "cursor").orElseThrow().lastResult()).isEqualTo(result);
    }
  }

  @Test
  void aTaskThatThrowsComponentCancelledExceptionItself_beforeItsDeadline_failed() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("confused")
                    .task(
                        context -> {
                          throw new dev.flinders.orchestration.ComponentCancelledException(
                              "not a deadline at all");
                        })
                    .build())
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline).timeSource(clock).stateStore(store).build()) {
      ComponentResult result =
          await(inBackground(orchestrator::runOnce)).result("confused").orElseThrow();

      assertThat(result.status()).isEqualTo(Status.FAILED);
      assertThat(result.error()).isEqualTo("ComponentCancelledException: not a deadline at all");
    }
  }

  @Test
  void aTimedOutAttemptWhoseRetryWouldStartAfterTheRunsTimeout_saysSo() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("slow")
                    .task(Fixtures.hangUntilInterrupted())
                    .timeout(Duration.ofMinutes(5))
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(3)
                            .initialDelay(Duration.ofMinutes(10))
                            .maxDelay(Duration.ofMinutes(10))
                            .jitter(0)
                            .build())
                    .build())
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .timeSource(clock)
            .stateStore(store)
            .runTimeout(Duration.ofMinutes(10))
            .build()) {
      CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
      awaitTimer(clock, start.plus(Duration.ofMinutes(5)));

      clock.advance(Duration.ofMinutes(5));
      ComponentResult result = await(run).result("slow").orElseThrow();

      assertThat(result.status()).isEqualTo(Status.TIMED_OUT);
      assertThat(result.reason().message())
          .isEqualTo(
              "attempt 1 of 3 exceeded the timeout of 5m and was stopped; not retried: the next"
                  + " attempt would start after the run's timeout");
    }
  }

  @Test
  void aDeadlineThatPassesAfterTheLastComponentFinished_doesNotChangeTheRunsStatus() {
    Pipeline pipeline = Pipeline.builder("p").component(component("quick").build()).build();
    RunListener passTheDeadlineAsItFinishes =
        new RunListener() {
          @Override
          public void componentFinished(String runId, ComponentResult result) {
            clock.advance(Duration.ofMinutes(10)); // fires the run's deadline timer
          }
        };
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .timeSource(clock)
            .stateStore(store)
            .runTimeout(Duration.ofMinutes(10))
            .listener(passTheDeadlineAsItFinishes)
            .build()) {
      RunReport report = await(inBackground(orchestrator::runOnce));

      assertThat(report.status("quick")).isEqualTo(Status.SUCCEEDED);
      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    }
  }

  @Test
  void anAttemptStoppedBeforeAnyWorkerBeganItsTask_isSkipped_notCancelled() {
    // given: an executor that holds what it is handed until the test lets it run
    java.util.concurrent.BlockingQueue<Runnable> held =
        new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.concurrent.ExecutorService holding =
        new java.util.concurrent.AbstractExecutorService() {
          @Override
          public void execute(Runnable command) {
            held.add(command);
          }

          @Override
          public void shutdown() {}

          @Override
          public java.util.List<Runnable> shutdownNow() {
            return java.util.List.of();
          }

          @Override
          public boolean isShutdown() {
            return false;
          }

          @Override
          public boolean isTerminated() {
            return false;
          }

          @Override
          public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) {
            return true;
          }
        };
    AtomicInteger invoked = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("queued")
                    .task(
                        context -> {
                          invoked.incrementAndGet();
                          return Outcome.success();
                        })
                    .build())
            .build();
    Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .timeSource(clock)
            .stateStore(store)
            .executor(holding)
            .build();
    CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
    Runnable work;
    try {
      work = held.poll(Fixtures.PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(work).as("the attempt was dispatched").isNotNull();

    // when: close() stops the run before a worker takes the attempt up
    Thread closing = new Thread(orchestrator::close, "test-close");
    closing.start();
    awaitBlocked(closing);
    work.run(); // the worker comes too late: the task must not run
    RunReport report = await(run);
    join(closing);

    // then
    ComponentResult queued = report.result("queued").orElseThrow();
    assertThat(invoked).hasValue(0);
    assertThat(queued.status()).isEqualTo(Status.SKIPPED);
    assertThat(queued.attempts()).isZero();
    assertThat(queued.reason().toString())
        .isEqualTo("CANCELLED: not started: the orchestrator was closed during the run");
    assertThat(store.component("p", "queued")).isEmpty();
  }

  /**
   * "flaky" (first by priority) fails once with a 1-minute retry delay; "forever" then takes the
   * only slot and blocks until it is stopped.
   */
  private static Pipeline flakyBesideForever(CountDownLatch foreverStarted) {
    AtomicInteger flakyAttempts = new AtomicInteger();
    Task hang = Fixtures.hangUntilInterrupted();
    return Pipeline.builder("p")
        .component(
            component("flaky")
                .priority(10)
                .task(
                    context -> {
                      if (flakyAttempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("flaky the first time");
                      }
                      return Outcome.success();
                    })
                .retry(
                    RetryPolicy.builder()
                        .maxAttempts(3)
                        .initialDelay(Duration.ofMinutes(1))
                        .jitter(0)
                        .build())
                .build())
        .component(
            component("forever")
                .task(
                    context -> {
                      foreverStarted.countDown();
                      return hang.run(context);
                    })
                .timeout(Duration.ofHours(1))
                .build())
        .parallelism(1)
        .build();
  }

  private void ignoreInterruptionUntilReleased() {
    while (true) {
      try {
        release.await();
        return;
      } catch (InterruptedException ignored) {
        // this task ignores interruption on purpose
      }
    }
  }

  /**
   * Waits until {@code thread} is parked, e.g. close() waiting for the run it cancelled, or has
   * ended.
   */
  private static void awaitBlocked(Thread thread) {
    long deadline = System.nanoTime() + Fixtures.PATIENCE.toNanos();
    while (thread.getState() != Thread.State.WAITING
        && thread.getState() != Thread.State.TERMINATED) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(thread.getName() + " did not block: " + thread.getState());
      }
      Thread.onSpinWait();
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(Fixtures.PATIENCE.toMillis());
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(thread.isAlive()).as(thread.getName() + " ended").isFalse();
  }
}

package dev.flinders.orchestration.core;

import static dev.flinders.orchestration.core.Fixtures.await;
import static dev.flinders.orchestration.core.Fixtures.awaitTimer;
import static dev.flinders.orchestration.core.Fixtures.clock;
import static dev.flinders.orchestration.core.Fixtures.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The temporal mode: {@code start(interval)} runs what is due on each tick until close(). */
class BackgroundRunsTest {
  private final ManualClock clock = clock();
  private final BlockingQueue<RunReport> finished = new LinkedBlockingQueue<>();
  private final RunListener collect =
      new RunListener() {
        @Override
        public void runFinished(RunReport report) {
          finished.add(report);
        }
      };

  private RunReport next() throws InterruptedException {
    RunReport report = finished.poll(Fixtures.PATIENCE.toSeconds(), TimeUnit.SECONDS);
    assertThat(report).as("a background run finished").isNotNull();
    return report;
  }

  @Test
  void ticks_runWhatIsDue_untilClosed() throws Exception {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(component("often").schedule(Schedule.every(Duration.ofMinutes(1))).build())
            .component(component("hourly").schedule(Schedule.every(Duration.ofHours(1))).build())
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .timeSource(clock)
            .stateStore(new InMemoryStateStore())
            .listener(collect)
            .build()) {
      Instant start = clock.instant();
      orchestrator.start(Duration.ofMinutes(1));
      assertThat(orchestrator.isStarted()).isTrue();

      RunReport first = next();
      assertThat(first.status("often")).isEqualTo(Status.SUCCEEDED);
      assertThat(first.status("hourly")).isEqualTo(Status.SUCCEEDED);

      awaitTimer(clock, start.plus(Duration.ofMinutes(1)));
      clock.advance(Duration.ofMinutes(1));
      RunReport second = next();
      assertThat(second.startedAt()).isEqualTo(start.plus(Duration.ofMinutes(1)));
      assertThat(second.status("often")).isEqualTo(Status.SUCCEEDED);
      assertThat(second.status("hourly")).isEqualTo(Status.SKIPPED);

      assertThatThrownBy(() -> orchestrator.start(Duration.ofMinutes(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("already started: call close() to stop the background runs");
      orchestrator.close();
      assertThat(orchestrator.isStarted()).isFalse();
      clock.advance(Duration.ofMinutes(10));
      assertThat(finished.poll(100, TimeUnit.MILLISECONDS)).as("no run after close").isNull();
    }
  }

  @Test
  void aRunLongerThanTheInterval_isNotOverlapped_theNextStartsWhenItEnds() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("slow")
                    .task(
                        context -> {
                          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                          try {
                            if (calls.incrementAndGet() == 1) {
                              started.countDown();
                              release.await();
                            }
                            return Outcome.success();
                          } finally {
                            running.decrementAndGet();
                          }
                        })
                    .build())
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .timeSource(clock)
            .stateStore(new InMemoryStateStore())
            .listener(collect)
            .build()) {
      Instant start = clock.instant();
      orchestrator.start(Duration.ofMinutes(1));
      await(started, "the first run");

      clock.advance(
          Duration.ofMinutes(5)); // five intervals pass while the first run is still going
      release.countDown();
      next();
      RunReport second = next();

      assertThat(second.startedAt())
          .as("started as soon as the first ended")
          .isEqualTo(start.plus(Duration.ofMinutes(5)));
      assertThat(maxRunning).hasValue(1);
      assertThat(finished.poll(100, TimeUnit.MILLISECONDS))
          .as("no backlog of missed ticks")
          .isNull();
    }
  }

  /** A component that signals it started, then waits for {@code release} (interruptibly). */
  private static Pipeline blocking(CountDownLatch started, CountDownLatch release) {
    return Pipeline.builder("p")
        .component(
            component("slow")
                .task(
                    context -> {
                      started.countDown();
                      release.await();
                      return Outcome.success();
                    })
                .build())
        .build();
  }

  @Test
  void closeWithGrace_letsTheRunInProgressFinish_andStartsNoOther() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Orchestrator orchestrator =
        Orchestrator.builder(blocking(started, release))
            .timeSource(clock)
            .stateStore(new InMemoryStateStore())
            .listener(collect)
            .build();
    orchestrator.start(Duration.ofMinutes(1));
    await(started, "the run");
    java.util.concurrent.CompletableFuture<Boolean> closing =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> orchestrator.close(Duration.ofMinutes(1)));
    assertThat(finished.poll(100, TimeUnit.MILLISECONDS)).as("the run goes on").isNull();
    assertThat(closing).isNotDone();

    release.countDown();
    assertThat(closing.get(Fixtures.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(next().status("slow")).isEqualTo(Status.SUCCEEDED);
    assertThat(orchestrator.isStarted()).isFalse();
    clock.advance(Duration.ofMinutes(10));
    assertThat(finished.poll(100, TimeUnit.MILLISECONDS)).as("no run after close").isNull();
  }

  @Test
  void closeWithGrace_cancelsARunStillGoingWhenTheGraceEnds() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Orchestrator orchestrator =
        Orchestrator.builder(blocking(started, new CountDownLatch(1)))
            .timeSource(clock)
            .stateStore(new InMemoryStateStore())
            .listener(collect)
            .build();
    orchestrator.start(Duration.ofMinutes(1));
    await(started, "the run");

    assertThat(orchestrator.close(Duration.ofMillis(50))).isFalse();
    assertThat(next().status("slow")).isEqualTo(Status.CANCELLED);
    assertThat(orchestrator.close(Duration.ZERO)).as("idempotent").isTrue();
    assertThatThrownBy(() -> orchestrator.close(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grace must not be negative, was -1s");
  }
}

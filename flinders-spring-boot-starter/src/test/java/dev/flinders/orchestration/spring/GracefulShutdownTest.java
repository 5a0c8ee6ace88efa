package dev.flinders.orchestration.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.report.ReportDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;

/**
 * Closing the application lets a running component finish within flinders.shutdown-grace, and
 * cancels it when the grace ends.
 */
class GracefulShutdownTest {
  @TempDir Path data;
  private final Runs runs = new Runs();
  private final CountDownLatch release = new CountDownLatch(1);
  // componentStarted is heard when the attempt is dispatched, before a worker begins the task: a
  // run cancelled in between reports the component SKIPPED, so the tests wait for the task itself
  private final CountDownLatch began = new CountDownLatch(1);

  private ApplicationContextRunner runner(String grace) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FlindersAutoConfiguration.class))
        .withBean(
            Component.class,
            () ->
                Runs.component(
                    "slow",
                    context -> {
                      began.countDown();
                      release.await();
                      return Outcome.success();
                    }))
        .withBean(Runs.class, () -> runs)
        .withPropertyValues(
            "flinders.state.directory=" + data.resolve("state"),
            "flinders.tick=1h",
            "flinders.shutdown-grace=" + grace);
  }

  @Test
  void closing_waitsForTheRunningComponent_withinTheGrace() {
    runner("1m")
        .run(
            context -> {
              assertThat(context.getBean(FlindersLifecycle.class).getPhase())
                  .isLessThan(SmartLifecycle.DEFAULT_PHASE)
                  .isGreaterThan(SmartLifecycle.DEFAULT_PHASE - 1024);
              awaitTaskBegan();
              CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
              awaitStopping(context.getBean(FlindersLifecycle.class));
              assertThat(runs.poll(Duration.ZERO)).as("the run goes on").isNull();
              assertThat(closing).isNotDone();

              release.countDown();
              closing.get(Runs.PATIENCE.toSeconds(), TimeUnit.SECONDS);
              RunReport report = runs.next();
              assertThat(report.status("slow")).isEqualTo(Status.SUCCEEDED);
            });
  }

  @Test
  void closing_cancelsWhatStillRunsWhenTheGraceEnds() {
    runner("100ms")
        .run(
            context -> {
              awaitTaskBegan();
              long started = System.nanoTime();
              context.close();
              assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Runs.PATIENCE);
              assertThat(runs.next().status("slow")).isEqualTo(Status.CANCELLED);
            });
  }

  @Test
  void aRunCancelledWhenTheGraceEnds_stillGetsItsReport() {
    Path reports = data.resolve("reports");
    runner("100ms")
        .withPropertyValues("flinders.reports.directory=" + reports)
        .run(
            context -> {
              awaitTaskBegan();
              context.close();
              RunReport report = runs.next();
              assertThat(report.status("slow")).isEqualTo(Status.CANCELLED);
              assertThat(ReportDirectory.at(reports).html(report.runId())).exists();
              assertThat(reports.resolve("latest.json")).content().contains(report.runId());
            });
  }

  @Test
  void aRequestWaitingForTheTickersRun_doesNotStartOnceTheApplicationStops() {
    runner("1m")
        .run(
            context -> {
              awaitTaskBegan(); // the ticker's run, held by the latch
              context
                  .getBean(FlindersLifecycle.class)
                  .submit(dev.flinders.orchestration.core.RunRequest.force("slow"));
              awaitRequestThreadWaitingInARun();
              CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
              awaitStopping(context.getBean(FlindersLifecycle.class));

              release.countDown();
              closing.get(Runs.PATIENCE.toSeconds(), TimeUnit.SECONDS);
              assertThat(runs.next().status("slow")).isEqualTo(Status.SUCCEEDED);
              assertThat(runs.poll(Duration.ZERO))
                  .as("no run started after the application began to stop")
                  .isNull();
            });
  }

  private void awaitTaskBegan() throws InterruptedException {
    assertThat(began.await(Runs.PATIENCE.toSeconds(), TimeUnit.SECONDS))
        .as("the slow task began")
        .isTrue();
  }

  /** Waits (bounded) until the requests' thread is blocked in Orchestrator.run. */
  private static void awaitRequestThreadWaitingInARun() {
    long deadline = System.nanoTime() + Runs.PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
        if (thread.getKey().getName().endsWith("-requests")
            && thread.getKey().getState() == Thread.State.WAITING
            && Arrays.stream(thread.getValue())
                .anyMatch(
                    frame ->
                        frame.getClassName().equals(Orchestrator.class.getName())
                            && frame.getMethodName().equals("run"))) {
          return;
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the request did not reach Orchestrator.run in " + Runs.PATIENCE);
  }

  /** Waits (bounded) until the lifecycle is stopping. */
  private static void awaitStopping(FlindersLifecycle lifecycle) {
    long deadline = System.nanoTime() + Runs.PATIENCE.toNanos();
    while (lifecycle.isRunning()) {
      assertThat(System.nanoTime()).as("the lifecycle stopping").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void aRequestedRun_inProgress_getsTheGraceToo() {
    runner("1m")
        .withPropertyValues("flinders.start-on-startup=false")
        .run(
            context -> {
              context
                  .getBean(FlindersLifecycle.class)
                  .submit(dev.flinders.orchestration.core.RunRequest.force("slow"));
              awaitTaskBegan();
              CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
              awaitStopping(context.getBean(FlindersLifecycle.class));
              assertThat(runs.poll(Duration.ZERO)).as("the run goes on").isNull();

              release.countDown();
              closing.get(Runs.PATIENCE.toSeconds(), TimeUnit.SECONDS);
              RunReport report = runs.next();
              assertThat(report.status("slow")).isEqualTo(Status.SUCCEEDED);
              assertThat(report.status()).isEqualTo(dev.flinders.orchestration.RunStatus.SUCCEEDED);
            });
  }
}

package dev.flinders.orchestration.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import java.nio.file.Path;
import java.time.Duration;
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

  private ApplicationContextRunner runner(String grace) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FlindersAutoConfiguration.class))
        .withBean(
            Component.class,
            () ->
                Runs.component(
                    "slow",
                    context -> {
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
              runs.awaitComponentStarted();
              CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
              assertThat(runs.poll(Duration.ofMillis(200))).as("the run goes on").isNull();
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
              runs.awaitComponentStarted();
              long started = System.nanoTime();
              context.close();
              assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Runs.PATIENCE);
              assertThat(runs.next().status("slow")).isEqualTo(Status.CANCELLED);
            });
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
              runs.awaitComponentStarted();
              CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
              assertThat(runs.poll(Duration.ofMillis(200))).as("the run goes on").isNull();

              release.countDown();
              closing.get(Runs.PATIENCE.toSeconds(), TimeUnit.SECONDS);
              RunReport report = runs.next();
              assertThat(report.status("slow")).isEqualTo(Status.SUCCEEDED);
              assertThat(report.status()).isEqualTo(dev.flinders.orchestration.RunStatus.SUCCEEDED);
            });
  }
}

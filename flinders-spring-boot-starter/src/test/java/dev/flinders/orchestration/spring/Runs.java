package dev.flinders.orchestration.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Task;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Test helpers: components, and a listener that hands over finished runs. */
final class Runs implements RunListener {
  /** How long a test waits for something that happens on another thread. */
  static final Duration PATIENCE = Duration.ofSeconds(20);

  private final BlockingQueue<RunReport> finished = new LinkedBlockingQueue<>();

  @Override
  public void runFinished(RunReport report) {
    finished.add(report);
  }

  /** The next run to finish. */
  RunReport next() throws InterruptedException {
    RunReport report = finished.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    assertThat(report).as("a run finished within " + PATIENCE).isNotNull();
    return report;
  }

  /** The next run to finish within {@code wait}, or null. */
  RunReport poll(Duration wait) throws InterruptedException {
    return finished.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  static Component component(String name) {
    return component(name, context -> Outcome.records(3));
  }

  static Component component(String name, Task task) {
    return Component.builder(name).task(task).build();
  }

  static Component failing(String name) {
    return component(
        name,
        context -> {
          throw new IllegalStateException("the source answered 503");
        });
  }
}

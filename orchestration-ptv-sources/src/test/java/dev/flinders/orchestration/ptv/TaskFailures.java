package dev.flinders.orchestration.ptv;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Task;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** What a task throws when a test's orchestrator runs it once, as the sources' tests check it. */
public final class TaskFailures {
  private TaskFailures() {}

  /**
   * Runs {@code task} once as component {@code name}, without retries, through {@code run}, and
   * returns what it threw.
   *
   * @throws AssertionError if it did not fail
   */
  public static Throwable of(String name, Task task, Function<Component, RunReport> run) {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    RunReport report =
        run.apply(
            Component.builder(name)
                .task(
                    context -> {
                      try {
                        return task.run(context);
                      } catch (Exception | Error e) {
                        thrown.set(e);
                        throw e;
                      }
                    })
                .schedule(Schedule.everyRun())
                .retry(RetryPolicy.none())
                .timeout(Duration.ofMinutes(1))
                .build());
    if (thrown.get() == null) {
      throw new AssertionError("the task did not fail:\n" + report.toText());
    }
    return thrown.get();
  }
}

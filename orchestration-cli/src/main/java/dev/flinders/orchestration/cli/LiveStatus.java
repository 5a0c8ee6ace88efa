package dev.flinders.orchestration.cli;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.RunReport;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the orchestrator is doing now, from its run events: the run in progress, if any, and each of
 * its components that has started, with its attempt and since when, or how it ended. Add it as a
 * listener ({@code Orchestrator.Builder.listener(live)}) and give it to the {@link StatusPage}.
 * Thread-safe.
 */
public final class LiveStatus implements RunListener {
  /**
   * A component of the run in progress.
   *
   * @param component its name
   * @param attempt the attempt running, or the last one
   * @param since when that attempt started
   * @param result how it ended, or null while it runs
   */
  public record Activity(
      String component, int attempt, Instant since, @Nullable ComponentResult result) {}

  /**
   * A view of the run in progress.
   *
   * @param runId its id
   * @param startedAt when it started
   * @param components the components that have started, in the order they did
   */
  public record Run(String runId, Instant startedAt, Map<String, Activity> components) {}

  private final Clock clock;
  private @Nullable String runId;
  private @Nullable Instant startedAt;
  private final Map<String, Activity> components = new LinkedHashMap<>();
  private @Nullable RunReport last;

  /** Live status with times from the system clock. */
  public LiveStatus() {
    this(Clock.systemUTC());
  }

  /** Live status with times from {@code clock}. */
  public LiveStatus(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized void runStarted(RunReport run) {
    runId = run.runId();
    startedAt = run.startedAt();
    components.clear();
  }

  @Override
  public synchronized void componentStarted(String runId, String component, int attempt) {
    if (runId.equals(this.runId)) {
      components.put(component, new Activity(component, attempt, clock.instant(), null));
    }
  }

  @Override
  public synchronized void componentFinished(String runId, ComponentResult result) {
    Activity activity = components.get(result.component());
    if (runId.equals(this.runId) && activity != null) {
      components.put(
          result.component(),
          new Activity(result.component(), activity.attempt(), activity.since(), result));
    }
  }

  @Override
  public synchronized void runFinished(RunReport report) {
    if (report.runId().equals(runId)) {
      runId = null;
      startedAt = null;
      components.clear();
    }
    last = report;
  }

  /** The run in progress, if there is one. */
  public synchronized @Nullable Run current() {
    return runId == null
        ? null
        : new Run(
            runId,
            startedAt,
            java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components)));
  }

  /** The last run that finished while this listened, if any. */
  public synchronized @Nullable RunReport last() {
    return last;
  }
}

package dev.flinders.orchestration.core.testing;

import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.RunPlan;
import dev.flinders.orchestration.core.RunRequest;
import dev.flinders.orchestration.core.TimeSource;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.spi.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a pipeline in simulated time on the calling thread, for tests of a pipeline's logic:
 * configure, tick, run what is due, assert. Every task runs on the thread that calls {@link
 * #runDue()} or {@link #run(RunRequest)}, one at a time, in the order the engine starts them; a
 * retry delay or a timeout passes in simulated time, at once, so a run with retries and backoff
 * returns without waiting and the same pipeline always runs the same way.
 *
 * <pre>{@code
 * try (ManualRunner runner = ManualRunner.builder(pipeline)
 *     .startingAt("2026-11-25T06:00:00+11:00")
 *     .build()) {
 *   RunReport first = runner.runDue();          // everything due, retries included
 *   runner.tick(Duration.ofDays(1));            // a day later
 *   RunReport second = runner.runDue();
 *   assertThat(second.status("patronage")).isEqualTo(Status.UNCHANGED);
 * }
 * }</pre>
 *
 * <p>A task may move the clock itself ({@code ((ManualClock) context.clock()).advance(...)}) to
 * take simulated time; its timeout then fires while it runs, as in a real run, and a call waiting
 * for a rate-limit permit moves the clock to it. A task must not block waiting for another thread
 * (nothing else runs). Not thread-safe: use it from the test's thread. In the spirit of
 * db-scheduler's {@code ManualScheduler}.
 */
public final class ManualRunner implements AutoCloseable {
  private final ManualClock clock;
  private final StateStore store;
  private final Orchestrator orchestrator;

  private ManualRunner(Builder builder) {
    this.clock = builder.clock;
    this.store = builder.store;
    Orchestrator.Builder orchestrator =
        Orchestrator.builder(builder.pipeline)
            .timeSource(new SimulatedTime(clock))
            .executor(new CallerRuns())
            .stateStore(store);
    builder.configure.accept(orchestrator);
    this.orchestrator = orchestrator.build();
  }

  /** Starts a runner for {@code pipeline}. */
  public static Builder builder(Pipeline pipeline) {
    return new Builder(Objects.requireNonNull(pipeline, "pipeline"));
  }

  /** The simulated clock, which tasks see as {@code context.clock()}. */
  public ManualClock clock() {
    return clock;
  }

  /** The state store holding the history and component records. */
  public StateStore store() {
    return store;
  }

  /** The orchestrator the runner drives, e.g. for {@code history(...)}. */
  public Orchestrator orchestrator() {
    return orchestrator;
  }

  /** Moves the clock forward by {@code duration}, between runs. */
  public ManualRunner tick(Duration duration) {
    clock.advance(duration);
    return this;
  }

  /** Runs what is due now, on this thread, and returns the report once the run has ended. */
  public RunReport runDue() {
    return orchestrator.runOnce();
  }

  /** Runs as {@code request} asks, on this thread; see {@link Orchestrator#run(RunRequest)}. */
  public RunReport run(RunRequest request) {
    return orchestrator.run(request);
  }

  /** What {@link #runDue()} would do now, and why. */
  public RunPlan plan() {
    return orchestrator.plan();
  }

  @Override
  public void close() {
    orchestrator.close();
  }

  /** Builds a {@link ManualRunner}. Not thread-safe. */
  public static final class Builder {
    private final Pipeline pipeline;
    private ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private StateStore store = new InMemoryStateStore();
    private Consumer<Orchestrator.Builder> configure = builder -> {};

    private Builder(Pipeline pipeline) {
      this.pipeline = pipeline;
    }

    /** When the simulation starts. Default: 2026-01-01T00:00:00Z. */
    public Builder startingAt(Instant start) {
      this.clock = ManualClock.at(Objects.requireNonNull(start, "start"));
      return this;
    }

    /** When the simulation starts, e.g. {@code 2026-11-25T06:00:00+11:00}. */
    public Builder startingAt(String isoOffsetDateTime) {
      this.clock = ManualClock.at(Objects.requireNonNull(isoOffsetDateTime, "isoOffsetDateTime"));
      return this;
    }

    /** The state store. Default: a new {@link InMemoryStateStore}. */
    public Builder stateStore(StateStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Configures the orchestrator further (quotas, datasets, listeners, a configuration file). Its
     * time source, executor and state store are the runner's: do not set them here.
     */
    public Builder configure(Consumer<Orchestrator.Builder> configure) {
      this.configure = Objects.requireNonNull(configure, "configure");
      return this;
    }

    public ManualRunner build() {
      return new ManualRunner(this);
    }
  }

  /** The manual clock, moved to its next timer whenever a run has nothing else to do. */
  private record SimulatedTime(ManualClock manual) implements TimeSource {
    @Override
    public Clock clock() {
      return manual;
    }

    @Override
    public long nanoTime() {
      return manual.nanoTime();
    }

    @Override
    public Timer schedule(Duration delay, Runnable action) {
      return manual.schedule(delay, action);
    }

    @Override
    public boolean skipToNextTimer() {
      java.util.Optional<Instant> next = manual.nextTimer();
      if (next.isEmpty()) {
        return false;
      }
      manual.setTo(next.get());
      return true;
    }
  }

  /**
   * Runs each task on the thread that hands it over, one at a time: a task handed over while
   * another runs waits in line and runs when that one returns, so the stack stays flat however many
   * components a finished one makes ready.
   */
  private static final class CallerRuns extends AbstractExecutorService {
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean draining;
    private boolean shutdown;

    @Override
    public void execute(Runnable command) {
      queue.add(command);
      if (draining) {
        return;
      }
      draining = true;
      boolean drained = false;
      try {
        for (Runnable next = queue.poll(); next != null; next = queue.poll()) {
          next.run();
        }
        drained = true;
      } finally {
        draining = false;
        if (!drained) {
          queue.clear(); // a task's Error ended the run: nothing of it may run in the next one
        }
      }
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      List<Runnable> left = List.copyOf(queue);
      queue.clear();
      return left;
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown && queue.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return isTerminated();
    }
  }
}

package dev.flinders.orchestration.spring.internal;

import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.PipelineLockedException;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.RunRequest;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the orchestrator's background ticker when the application context starts and closes the
 * orchestrator gracefully when it stops: no run starts after that, a run in progress has the grace
 * to finish, then is cancelled. Its phase stops it before the web server and long before the
 * context destroys beans such as the DataSource the state store writes through. Also runs the
 * requests of the actuator endpoint, one at a time, off the request's thread. Thread-safe.
 */
public final class OrchestratorLifecycle implements SmartLifecycle {
  /** Stops before the web server (whose graceful shutdown is at DEFAULT_PHASE - 2048). */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorLifecycle.class);

  private final Orchestrator orchestrator;
  private final boolean startTicker;
  private final Duration tick;
  private final Duration grace;
  private final ExecutorService requests;
  private volatile boolean running;

  public OrchestratorLifecycle(
      Orchestrator orchestrator, boolean startTicker, Duration tick, Duration grace) {
    this.orchestrator = orchestrator;
    this.startTicker = startTicker;
    this.tick = tick;
    this.grace = grace;
    this.requests =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread =
                  new Thread(runnable, "flinders-" + orchestrator.pipeline().name() + "-requests");
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    if (startTicker) {
      orchestrator.start(tick);
      LOG.info(
          "Flinders runs pipeline {} every {} on {}",
          orchestrator.pipeline().name(),
          Durations.format(tick),
          orchestrator.stateStore());
    }
    running = true;
  }

  @Override
  public void stop() {
    synchronized (this) {
      if (!running) {
        return;
      }
      running = false;
    }
    // no interrupt: a requested run in progress has the grace, as a background one; the requests
    // still queued see that the lifecycle stopped and do not start
    requests.shutdown();
    boolean ended = orchestrator.close(grace);
    LOG.info(
        "Flinders stopped pipeline {}{}",
        orchestrator.pipeline().name(),
        ended ? "" : " (a run still going after " + Durations.format(grace) + " was cancelled)");
    try {
      requests.awaitTermination(grace.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** Whether the background ticker should be running: started with it and not stopped. */
  public boolean ticks() {
    return running && startTicker;
  }

  /** The tick interval. */
  public Duration tick() {
    return tick;
  }

  /**
   * Runs {@code request} in the background, after a run in progress and the requests before it.
   *
   * @throws IllegalArgumentException if it names components the pipeline does not have
   * @throws IllegalStateException if the application is stopping
   */
  public void submit(RunRequest request) {
    orchestrator.plan(request); // checks the names now, so the caller hears of a typo
    if (!running) {
      throw new IllegalStateException(
          "Flinders is not running (the application is starting or stopping): try again later");
    }
    requests.execute(
        () -> {
          if (!running) {
            LOG.info("requested run {} not started: the application is stopping", request);
            return;
          }
          try {
            orchestrator.run(request);
          } catch (PipelineLockedException e) {
            LOG.info("requested run {} not started: {}", request, e.getMessage());
          } catch (RuntimeException e) {
            LOG.error("requested run {} failed", request, e);
          }
        });
  }
}

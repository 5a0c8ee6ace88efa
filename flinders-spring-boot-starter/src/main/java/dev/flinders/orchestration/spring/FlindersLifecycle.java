package dev.flinders.orchestration.spring;

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
 * The orchestrator's part in the application's lifecycle: starts its background ticker (a run at
 * once, then one every {@code flinders.tick}) when the application context starts, and closes it
 * gracefully when the context stops: no run starts after that, a run in progress has {@code
 * flinders.shutdown-grace} to finish, then is cancelled. Its {@link #PHASE} stops it before the web
 * server and long before the context destroys beans such as the DataSource the state store writes
 * through. It also runs requested runs ({@link #submit}), one at a time, off the caller's thread.
 * The auto-configuration makes one for the application's orchestrator. Thread-safe.
 */
public final class FlindersLifecycle implements SmartLifecycle {
  /** Stops before the web server (whose graceful shutdown is at DEFAULT_PHASE - 2048). */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private static final Logger LOG = LoggerFactory.getLogger(FlindersLifecycle.class);

  private final Orchestrator orchestrator;
  private final boolean startTicker;
  private final Duration tick;
  private final Duration grace;
  private final ExecutorService requests;
  private volatile boolean running;

  /**
   * @param startTicker whether {@link #start()} starts the background ticker
   * @param tick the ticker's interval
   * @param grace how long a run in progress may go on when the lifecycle stops
   */
  public FlindersLifecycle(
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

  /** Starts the ticker, if asked to; from then on {@link #submit} accepts requests. */
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

  /**
   * Closes the orchestrator gracefully: refuses new requests, lets a run in progress finish within
   * the grace, then cancels what still runs; returns when the orchestrator is closed.
   */
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
          } catch (IllegalStateException e) {
            if (running) {
              LOG.error("requested run {} failed", request, e);
            } else { // it waited for the run in progress, and the application stopped meanwhile
              LOG.info("requested run {} not started: the application is stopping", request);
            }
          } catch (RuntimeException e) {
            LOG.error("requested run {} failed", request, e);
          }
        });
  }
}

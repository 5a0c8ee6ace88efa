package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.TimeSource;
import dev.flinders.orchestration.core.notify.Notifications;
import dev.flinders.orchestration.notify.Alert;
import dev.flinders.orchestration.notify.AlertKind;
import dev.flinders.orchestration.notify.Notifier;
import dev.flinders.orchestration.quota.QuotaUse;
import dev.flinders.orchestration.spi.Counter;
import dev.flinders.orchestration.spi.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns run reports into alerts and delivers them: one per incident within the cool-down, then one
 * when it is resolved. Incidents are counters of the state store ({@code alerts/<pipeline>}, window
 * {@code open <kind> <severity> <time of the last alert>} or {@code resolved}), so they survive a
 * restart. Deliveries run on a thread of their own, each bounded by the timeout and retried after
 * the retry delay (a timer of the engine's time source), then dropped with a warning: a notifier
 * never fails or holds up a run.
 */
public final class AlertDispatcher implements RunListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
  private static final String OPEN = "open ";

  private final Notifications notifications;
  private final StateStore store;
  private final TimeSource time;
  private final String pipeline;
  private final ExecutorService queue;
  private final ExecutorService senders;
  private final Object idle = new Object();
  private int pending;

  private final dev.flinders.orchestration.spi.@Nullable DatasetSink curated;

  public AlertDispatcher(
      Notifications notifications,
      StateStore store,
      TimeSource time,
      String pipeline,
      dev.flinders.orchestration.spi.@Nullable DatasetSink curated) {
    this.curated = curated;
    this.notifications = notifications;
    this.store = store;
    this.time = time;
    this.pipeline = pipeline;
    this.queue = Executors.newSingleThreadExecutor(daemon("flinders-notify"));
    this.senders = Executors.newCachedThreadPool(daemon("flinders-notify-send"));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void runFinished(RunReport report) {
    for (ComponentResult result : report.results()) {
      String incident = "component " + pipeline + "/" + result.component();
      if (result.status() == Status.FAILED || result.status() == Status.TIMED_OUT) {
        boolean failed = result.status() == Status.FAILED;
        open(
            incident,
            failed ? AlertKind.COMPONENT_FAILED : AlertKind.COMPONENT_TIMED_OUT,
            failed ? Alert.Severity.CRITICAL : Alert.Severity.WARNING,
            result.component(),
            result.component() + " " + result.status() + " in " + pipeline,
            result.reason().message()
                + (result.error() == null ? "" : "\nerror: " + result.error())
                + "\nrun "
                + report.runId());
      }
      String threshold = "threshold " + pipeline + "/" + result.component();
      if (!result.breaches().isEmpty()) {
        open(
            threshold,
            AlertKind.THRESHOLD_BREACHED,
            Alert.Severity.WARNING,
            result.component(),
            result.component() + " breached a threshold in " + pipeline,
            String.join("\n", result.breaches()) + "\nrun " + report.runId());
      } else if (result.status().isSuccess()) {
        resolve(
            threshold,
            result.component(),
            result.component() + " is within its thresholds again in " + pipeline,
            "run " + report.runId());
      }
      if (result.status() == Status.SUCCEEDED || result.status() == Status.UNCHANGED) {
        resolve(
            incident,
            result.component(),
            result.component() + " recovered in " + pipeline,
            result.component() + " " + result.status() + " in run " + report.runId());
      }
    }
    checkFreshness(report);
    String runThreshold = "threshold " + pipeline;
    if (!report.breaches().isEmpty()) {
      open(
          runThreshold,
          AlertKind.THRESHOLD_BREACHED,
          Alert.Severity.WARNING,
          null,
          "run of " + pipeline + " breached a threshold",
          String.join("\n", report.breaches()) + "\nrun " + report.runId());
    } else if (RunThresholds.judged(report)) {
      resolve(
          runThreshold,
          null,
          "runs of " + pipeline + " are within their thresholds again",
          "run " + report.runId());
    }
    String run = "run " + pipeline;
    if (report.status() == RunStatus.FAILED) {
      open(
          run,
          AlertKind.RUN_FAILED,
          Alert.Severity.CRITICAL,
          null,
          "run of " + pipeline + " FAILED",
          "run "
              + report.runId()
              + ": "
              + report.counts()
              + (report.breaches().isEmpty()
                  ? ""
                  : "\nbreached: " + String.join("\nbreached: ", report.breaches())));
    } else if (report.status() == RunStatus.SUCCEEDED) {
      resolve(run, null, "runs of " + pipeline + " succeed again", "run " + report.runId());
    }
    String lease = "lease " + pipeline;
    if (report.status() == RunStatus.LEASE_LOST) {
      open(
          lease,
          AlertKind.LEASE_LOST,
          Alert.Severity.WARNING,
          null,
          "run of " + pipeline + " stopped: this instance lost the pipeline's lease",
          "run "
              + report.runId()
              + ": "
              + report.counts()
              + "\nanother instance may take the pipeline over and run what did not finish; if"
              + " this recurs, look for pauses longer than the lease (garbage collection, a"
              + " starved or suspended process) and for the connection to the database");
    } else if (report.status() == RunStatus.SUCCEEDED) {
      resolve(
          lease, null, "runs of " + pipeline + " hold their lease again", "run " + report.runId());
    }
  }

  /** Each watched dataset's newest file against its limit; stale ones alerted, fresh resolved. */
  private void checkFreshness(RunReport report) {
    Instant now = time.clock().instant();
    notifications
        .freshness()
        .forEach(
            (dataset, limit) -> {
              String incident = "stale " + pipeline + "/" + dataset;
              Optional<Instant> last =
                  curated == null ? Optional.empty() : curated.lastCommitted(dataset);
              if (last.isPresent() && !now.isAfter(last.get().plus(limit))) {
                resolve(
                    incident,
                    null,
                    "dataset " + dataset + " is fresh again in " + pipeline,
                    "its newest file was written at " + last.get());
                return;
              }
              open(
                  incident,
                  AlertKind.DATA_STALE,
                  Alert.Severity.WARNING,
                  null,
                  "dataset " + dataset + " is stale in " + pipeline,
                  last.map(
                              at ->
                                  "its newest file was written at "
                                      + at
                                      + ", "
                                      + dev.flinders.orchestration.Durations.format(
                                          Duration.between(at, now))
                                      + " ago, over its limit of "
                                      + dev.flinders.orchestration.Durations.format(limit))
                          .orElse(
                              "it has no committed file, or its sink cannot tell when it was written")
                      + "\nchecked at the end of run "
                      + report.runId());
            });
  }

  @Override
  public void quotaAlert(QuotaUse use) {
    open(
        "quota " + use.provider() + " " + use.day(),
        AlertKind.QUOTA_NEARLY_EXHAUSTED,
        Alert.Severity.WARNING,
        null,
        "quota of " + use.provider() + " nearly used",
        use.toString());
  }

  /** Alerts about an incident, unless it is open and was alerted within the cool-down. */
  private void open(
      String incident,
      AlertKind kind,
      Alert.Severity severity,
      @Nullable String component,
      String title,
      String text) {
    Instant now = time.clock().instant();
    Optional<Open> last = openIncident(incident);
    if (last.isPresent() && now.isBefore(last.get().alerted().plus(notifications.coolDown()))) {
      LOG.debug("{} is open since an alert at {}: quiet until the cool-down ends", incident, now);
      return;
    }
    store.addToCounter(
        scope(), incident, OPEN + kind + " " + severity + " " + now, 1, Long.MAX_VALUE);
    deliver(new Alert(incident, kind, severity, pipeline, component, title, text, now, false));
  }

  /** Says an open incident cleared, once. */
  private void resolve(String incident, @Nullable String component, String title, String text) {
    Optional<Open> open = openIncident(incident);
    if (open.isEmpty()) {
      return;
    }
    Instant now = time.clock().instant();
    store.addToCounter(scope(), incident, "resolved", 0, Long.MAX_VALUE);
    deliver(
        new Alert(
            incident,
            open.get().kind(),
            open.get().severity(),
            pipeline,
            component,
            title,
            text,
            now,
            true));
  }

  private record Open(AlertKind kind, Alert.Severity severity, Instant alerted) {}

  private Optional<Open> openIncident(String incident) {
    Optional<Counter> counter = store.counter(scope(), incident);
    if (counter.isEmpty() || !counter.get().window().startsWith(OPEN)) {
      return Optional.empty();
    }
    String[] parts = counter.get().window().substring(OPEN.length()).split(" ");
    try {
      return Optional.of(
          new Open(
              AlertKind.valueOf(parts[0]),
              Alert.Severity.valueOf(parts[1]),
              Instant.parse(parts[2])));
    } catch (RuntimeException e) {
      LOG.warn(
          "incident {} has a record this version cannot read ({}): treated as closed",
          incident,
          e.toString());
      return Optional.empty();
    }
  }

  private String scope() {
    return "alerts/" + pipeline;
  }

  private void deliver(Alert alert) {
    for (Notifications.Route route : notifications.routes()) {
      if (route.takes(alert)) {
        synchronized (idle) {
          pending++;
        }
        queue.execute(() -> attempt(route.notifier(), alert, 1));
      }
    }
  }

  /** On the queue's thread: one try, bounded by the timeout; a retry is scheduled on a timer. */
  private void attempt(Notifier notifier, Alert alert, int number) {
    Future<?> sending =
        senders.submit(
            () -> {
              notifier.send(alert);
              return null;
            });
    String failure;
    try {
      sending.get(notifications.timeout().toNanos(), TimeUnit.NANOSECONDS);
      LOG.debug("alert {} sent to {}", alert.incident(), notifier.name());
      done();
      return;
    } catch (TimeoutException e) {
      sending.cancel(true);
      failure = "no answer within " + notifications.timeout();
    } catch (ExecutionException e) {
      failure = String.valueOf(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "interrupted";
    }
    if (number < notifications.attempts() && !queue.isShutdown()) {
      LOG.warn(
          "notifier {} failed to send alert {} (attempt {} of {}): {}; trying again in {}",
          notifier.name(),
          alert.incident(),
          number,
          notifications.attempts(),
          failure,
          notifications.retryDelay());
      time.schedule(
          notifications.retryDelay(),
          () -> {
            try {
              queue.execute(() -> attempt(notifier, alert, number + 1));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
              done();
            }
          });
      return;
    }
    LOG.warn(
        "notifier {} failed to send alert {} after {} attempts, dropped: {}",
        notifier.name(),
        alert.incident(),
        number,
        failure);
    done();
  }

  private void done() {
    synchronized (idle) {
      pending--;
      idle.notifyAll();
    }
  }

  /** Waits until every alert so far is sent or dropped; false if {@code timeout} passed first. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (pending > 0) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
      return true;
    }
  }

  /** Stops taking alerts; those being sent get the timeout to finish. */
  @Override
  public void close() {
    queue.shutdown();
    try {
      queue.awaitTermination(notifications.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    senders.shutdownNow();
  }
}

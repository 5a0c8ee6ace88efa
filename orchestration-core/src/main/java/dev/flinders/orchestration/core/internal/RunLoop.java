package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentCancelledException;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.ComponentTimeoutException;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.ErrorDetail;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Reason;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.TriggerRule;
import dev.flinders.orchestration.change.ChangeDetector;
import dev.flinders.orchestration.change.Fingerprint;
import dev.flinders.orchestration.core.TimeSource;
import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.quota.QuotaExhaustedException;
import dev.flinders.orchestration.spi.ComponentRecord;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spi.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Executes one run. All run state is guarded by one lock, the run lock, and changes only in
 * reaction to events: attempt completed, attempt timed out, retry due, run deadline, cancel, slot
 * freed. Whichever thread produces an event (a worker finishing its task, a timer firing, the
 * caller of {@link #cancel()}) handles it under the run lock, then hands the attempts that became
 * ready to the executor after releasing it: a finishing worker queues its successors itself and
 * picks the next one up without another thread being woken. A worker whose task succeeded builds
 * and saves the result before taking the lock (see {@link #ended}). The caller of {@link
 * #execute()} sets up, waits, and writes the final report. See docs/concurrency.md.
 */
public final class RunLoop {
  private static final Logger LOG = LoggerFactory.getLogger(RunLoop.class);

  /** How long stopped tasks get, in real time, to return before the report says they did not. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(1);

  private static final byte WAITING = 0;
  private static final byte READY = 1;
  private static final byte RUNNING = 2;
  private static final byte RETRY_WAIT = 3;
  private static final byte DONE = 4;

  /** Not to run, as planned: never made ready by its upstreams, finished during the set-up. */
  private static final byte PLANNED_SKIP = 5;

  private static final byte BLOCKS = 1;
  private static final byte CHANGED = 2;

  private sealed interface Event permits Succeeded, Failed, RetryDue, Signal {}

  /** A worker settled its attempt as a success, and has built and saved its result. */
  private record Succeeded(Attempt attempt, ComponentResult result) implements Event {}

  /** A worker settled its attempt as a failure. */
  private record Failed(Attempt attempt, Throwable error) implements Event {}

  private record RetryDue(int position, int attemptsMade) implements Event {}

  private enum Signal implements Event {
    RUN_DEADLINE,
    TIMEOUT_CHECK,
    CANCEL,
    SLOT_FREED
  }

  /** What a run needs from the orchestrator. */
  public record Settings(
      String pipeline,
      String runId,
      DagIndex dag,
      Planner.Decision[] decisions,
      ComponentRecord[] records,
      StateStore store,
      List<RunListener> listeners,
      Executor executor,
      WorkerSlots slots,
      TimeSource time,
      RandomGenerator random,
      Duration runTimeout,
      HttpTransport http,
      QuotaLedger quotas,
      @Nullable DatasetSink curatedSink,
      @Nullable DatasetSink quarantineSink) {}

  private final Settings settings;
  private final DagIndex dag;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition allDone = lock.newCondition();

  /** Guarded by the lock: events waiting while another event (or the setup) is being handled. */
  private final ArrayDeque<Event> pending = new ArrayDeque<>();

  /** Guarded by the lock: attempts to hand to the executor once the lock is released. */
  private final List<Attempt> toDispatch = new ArrayList<>();

  /** Guarded by the lock: true while events are handled, and until the run is set up. */
  private boolean handling = true;

  /** Set under the lock when the run has ended: later events are ignored. */
  private volatile boolean ended;

  private final byte[] phase;
  private final int[] pendingUpstreams;
  private final int[] attemptsMade;
  private final long[] firstStartNanos;

  /** Whether each component's run is forced: read under the lock, as an array entry. */
  private final boolean[] forced;

  /** Whether each runs only if an upstream brings new data (a downstream of a checked one). */
  private final boolean[] onlyIfUpstreamChanged;

  private final Attempt[] current;
  private final ComponentResult[] results;

  /** For failed components, themselves; for components skipped because of one, that component. */
  private final int[] rootFailure;

  private final ReadyQueue ready;
  private final HttpTransport.Meters httpMeters;
  private final Probing.Shared shared = new Probing.Shared();
  private RunDatasets runDatasets = new RunDatasets(null, null, Instant.EPOCH);

  /** Per component, what happened to the datasets of its last attempt; written by its worker. */
  private final List<DatasetSummary>[] datasetSummaries;

  /** Per component, the attempt {@link #datasetSummaries} describe; written with them. */
  private final int[] datasetsOfAttempt;

  /**
   * Per component, the datasets of its earlier attempts, discarded when they failed or timed out,
   * each summary's reason starting with its attempt: reported before those of the last attempt.
   */
  private final @Nullable List<DatasetSummary>[] earlierDatasets;

  /**
   * Per component, once finished: whether it blocks default-trigger downstreams, whether it brought
   * new data.
   */
  private final byte[] flags;

  /** Running attempts with a deadline of their own; never more than the slots. */
  private final TimedAttempts timed = new TimedAttempts();

  private TimeSource.@Nullable Timer timeoutTimer;

  /** When {@link #timeoutTimer} fires, as a monotonic reading; meaningless while it is null. */
  private long timeoutTimerAt;

  private final List<Attempt> stopped = new ArrayList<>();
  private final TimeSource.@Nullable Timer[] retryTimers;

  /** The failure of each component's previous attempt, for the reason of a later success. */
  private final @Nullable String[] lastFailure;

  /** The same failure in parts, for the result's {@code errorDetail}. */
  private final @Nullable ErrorDetail[] lastDetail;

  /** Whether each component's previous attempt timed out (rather than threw). */
  private final boolean[] lastTimedOut;

  private int done;

  /** Components finished with a failure status: the run failed if any. */
  private int failures;

  /** Set when the deadline passed or cancel came: from then on nothing new starts. */
  private @Nullable RunStatus stopRequested;

  /** Set when that stop changed how a component ended: the run's status then says so. */
  private @Nullable RunStatus stoppedAs;

  private RunClock runClock = new RunClock(Instant.EPOCH, 0);

  /** The run's deadline as a monotonic reading. */
  private long deadlineNanos;

  public RunLoop(Settings settings) {
    this.settings = settings;
    this.dag = settings.dag();
    this.clock = settings.time().clock();
    int n = dag.size();
    this.phase = new byte[n];
    this.pendingUpstreams = new int[n];
    this.attemptsMade = new int[n];
    this.firstStartNanos = new long[n];
    this.forced = new boolean[n];
    this.onlyIfUpstreamChanged = new boolean[n];
    for (int p = 0; p < n; p++) {
      forced[p] = settings.decisions()[p].forced();
      onlyIfUpstreamChanged[p] = settings.decisions()[p].onlyIfUpstreamChanged();
    }
    this.current = new Attempt[n];
    this.results = new ComponentResult[n];
    this.rootFailure = new int[n];
    this.retryTimers = new TimeSource.Timer[n];
    this.lastFailure = new String[n];
    this.lastDetail = new ErrorDetail[n];
    this.lastTimedOut = new boolean[n];
    Arrays.fill(rootFailure, -1);
    this.ready = new ReadyQueue(dag);
    this.flags = new byte[n];
    this.httpMeters = settings.http().meters(dag, settings.quotas());
    @SuppressWarnings("unchecked")
    List<DatasetSummary>[] summaries = new List[n];
    this.datasetSummaries = summaries;
    this.datasetsOfAttempt = new int[n];
    @SuppressWarnings("unchecked")
    List<DatasetSummary>[] earlier = new List[n];
    this.earlierDatasets = earlier;
  }

  /** Asks the run to stop: running attempts are cancelled, the rest skipped. Thread-safe. */
  public void cancel() {
    post(Signal.CANCEL);
  }

  /** Wakes the run when a worker slot is given back. Thread-safe. */
  public void slotFreed() {
    post(Signal.SLOT_FREED);
  }

  /**
   * Handles an event on the calling thread under the run lock, then dispatches what became ready.
   * An event posted while another is being handled (a timer firing at once, an event arriving
   * before the run is set up) waits in line and is handled right after.
   */
  private void post(Event event) {
    dispatch(handleUnderLock(event));
  }

  /**
   * How often a worker tries the run lock, pausing between tries, before it parks: the lock is held
   * for well under a microsecond per event, while parking costs the worker that releases the lock a
   * system call to wake it, several microseconds on a virtual machine, inside its own turn. On one
   * core spinning only delays the holder, so there it parks at once.
   */
  private static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 100 : 0;

  /** Takes the run lock: spins briefly, then parks (see {@link #SPINS}). */
  private void lockRun() {
    for (int i = 0; i < SPINS; i++) {
      if (lock.tryLock()) {
        return;
      }
      Thread.onSpinWait();
    }
    lock.lock();
  }

  /** Handles an event under the run lock; returns the attempts it made ready, to dispatch. */
  private List<Attempt> handleUnderLock(Event event) {
    lockRun();
    try {
      if (ended) {
        return List.of();
      }
      pending.add(event);
      if (handling) {
        return List.of();
      }
      return handlePending();
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: handles waiting events, starts what is ready, returns what to dispatch. */
  private List<Attempt> handlePending() {
    handling = true;
    try {
      for (Event next = pending.poll(); next != null; next = pending.poll()) {
        handle(next);
      }
      startReady();
    } finally {
      handling = false;
    }
    if (done == dag.size()) {
      allDone.signalAll();
    }
    if (toDispatch.isEmpty()) {
      return List.of();
    }
    List<Attempt> taken = new ArrayList<>(toDispatch);
    toDispatch.clear();
    return taken;
  }

  /** Hands attempts to the executor; called without holding the run lock. */
  private void dispatch(List<Attempt> attempts) {
    for (Attempt attempt : attempts) {
      try {
        settings.executor().execute(() -> work(attempt));
      } catch (RejectedExecutionException e) {
        settings.slots().release();
        post(
            ended(
                attempt,
                null,
                new IllegalStateException("the executor rejected the task: " + e.getMessage(), e)));
      }
    }
  }

  /** Runs to the end and returns the final report, which is also saved in the store. */
  public RunReport execute() {
    Instant startedAt = clock.instant();
    long startedAtNanos = settings.time().nanoTime();
    runClock = new RunClock(startedAt, startedAtNanos);
    runDatasets = new RunDatasets(settings.curatedSink(), settings.quarantineSink(), startedAt);
    deadlineNanos = startedAtNanos + RunClock.nanos(settings.runTimeout());
    RunReport started = report(RunStatus.RUNNING, null);
    save(started);
    settings.listeners().forEach(listener -> notify(() -> listener.runStarted(started)));
    int n = dag.size();
    boolean interrupted = false;
    TimeSource.Timer deadlineTimer =
        settings.time().schedule(settings.runTimeout(), () -> post(Signal.RUN_DEADLINE));
    List<Attempt> dispatch;
    lock.lock();
    try {
      for (int p = 0; p < n; p++) {
        pendingUpstreams[p] = dag.upstreams(p).length;
      }
      // Every planned skip is marked before any is finished: finishing one counts its downstreams
      // down, and a downstream that is itself skipped must not be made ready by that.
      for (int p = 0; p < n; p++) {
        if (!settings.decisions()[p].run()) {
          phase[p] = PLANNED_SKIP;
        }
      }
      for (int p = 0; p < n; p++) {
        if (phase[p] == PLANNED_SKIP) {
          Planner.Decision decision = settings.decisions()[p];
          finish(p, ComponentResult.notStarted(dag.name(p), Status.SKIPPED, decision.reason()));
        } else if (pendingUpstreams[p] == 0 && phase[p] == WAITING) {
          upstreamsDone(p);
        }
      }
      dispatch = handlePending(); // also handles what was posted before the set-up, e.g. cancel
    } finally {
      lock.unlock();
    }
    dispatch(dispatch);
    lock.lock();
    try {
      while (done < n) {
        try {
          allDone.await();
        } catch (InterruptedException e) {
          interrupted = true;
          stop(RunStatus.CANCELLED);
        }
      }
      ended = true;
      if (timeoutTimer != null) {
        timeoutTimer.cancel();
      }
    } finally {
      lock.unlock();
      deadlineTimer.cancel();
    }
    noteStoppedThreads();
    RunReport report = report(finalStatus(), now());
    save(report);
    settings.listeners().forEach(listener -> notify(() -> listener.runFinished(report)));
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return report;
  }

  private void handle(Event event) {
    if (event instanceof Succeeded succeeded) {
      Attempt attempt = succeeded.attempt();
      timed.remove(attempt);
      finish(attempt.position, succeeded.result());
    } else if (event instanceof Failed failed) {
      Attempt attempt = failed.attempt();
      timed.remove(attempt);
      failed(attempt.position, attempt, failed.error());
    } else if (event == Signal.TIMEOUT_CHECK) {
      checkTimeouts();
    } else if (event instanceof RetryDue retry) {
      int p = retry.position();
      if (phase[p] == RETRY_WAIT
          && attemptsMade[p] == retry.attemptsMade()
          && stopRequested == null) {
        phase[p] = READY;
        ready.add(p);
      }
    } else if (event == Signal.RUN_DEADLINE) {
      stop(RunStatus.TIMED_OUT);
    } else if (event == Signal.CANCEL) {
      stop(RunStatus.CANCELLED);
    }
    // SLOT_FREED: nothing to do but try to start what is ready, which the loop does next.
  }

  private void startReady() {
    while (stopRequested == null && !ready.isEmpty() && settings.slots().tryAcquire()) {
      start(ready.poll());
    }
  }

  /**
   * Starts an attempt of {@code p}. Under the run lock, so it touches arrays rather than the
   * component's objects, and makes no {@link Instant}: times are monotonic readings until read.
   */
  private void start(int p) {
    int number = ++attemptsMade[p];
    long nanos = settings.time().nanoTime();
    if (number == 1) {
      firstStartNanos[p] = nanos;
    }
    long timeout = dag.timeoutNanos(p);
    boolean ownTimer = timeout < deadlineNanos - nanos; // ends before the run's deadline
    long attemptDeadline = ownTimer ? nanos + timeout : deadlineNanos;
    String name = dag.name(p);
    Attempt attempt =
        new Attempt(
            p,
            number,
            settings.pipeline(),
            name,
            settings.runId(),
            forced[p],
            settings.time(),
            runClock,
            attemptDeadline,
            dag.upstreamNames(p),
            dag.upstreams(p),
            results,
            settings.records()[p],
            httpMeters,
            runDatasets);
    current[p] = attempt;
    phase[p] = RUNNING;
    if (!settings.listeners().isEmpty()) {
      String runId = settings.runId();
      settings
          .listeners()
          .forEach(listener -> notify(() -> listener.componentStarted(runId, name, number)));
    }
    if (ownTimer) {
      timed.add(attempt);
      if (timeoutTimer == null || attemptDeadline - timeoutTimerAt < 0) {
        armTimeoutTimer(attemptDeadline);
      }
    }
    toDispatch.add(attempt);
  }

  /**
   * One timer serves every running attempt: it is armed for the earliest deadline and re-armed when
   * it fires, or when an attempt with an earlier deadline starts. Attempts that end earlier simply
   * leave the queue, so a run of short tasks arms one timer, not one per task.
   */
  private void armTimeoutTimer(long at) {
    if (timeoutTimer != null) {
      timeoutTimer.cancel();
    }
    timeoutTimerAt = at;
    timeoutTimer =
        settings
            .time()
            .schedule(
                Duration.ofNanos(at - settings.time().nanoTime()),
                () -> post(Signal.TIMEOUT_CHECK));
  }

  private void checkTimeouts() {
    timeoutTimer = null;
    long now = settings.time().nanoTime();
    for (Attempt attempt : timed.removeDue(now)) {
      timedOut(attempt);
    }
    if (!timed.isEmpty()) {
      armTimeoutTimer(timed.earliestDeadline());
    }
  }

  /**
   * Runs on a worker thread: runs the attempt's task, reports how it ended and, while that makes
   * further attempts ready, runs the first of them itself (its slot is the one just given back) and
   * dispatches the others, so chains of components need no hand-off between threads.
   */
  private void work(Attempt first) {
    for (Attempt attempt = first; attempt != null; ) {
      Event outcome = runTask(attempt);
      settings.slots().release();
      List<Attempt> ready = handleUnderLock(outcome);
      if (ended) {
        settings.slots().wakeWaiter(); // a later run may be waiting for this slot
      }
      attempt = ready.isEmpty() ? null : ready.get(0);
      dispatch(ready.size() > 1 ? ready.subList(1, ready.size()) : List.of());
    }
  }

  private Event runTask(Attempt attempt) {
    int p = attempt.position;
    if (!attempt.bind(Thread.currentThread())) {
      return ended(attempt, null, new IllegalStateException("cancelled before it started"));
    }
    MDC.put("flinders.pipeline", settings.pipeline());
    MDC.put("flinders.run", settings.runId());
    MDC.put("flinders.component", dag.name(p));
    MDC.put("flinders.attempt", Integer.toString(attempt.number));
    try {
      if (!probeFirst(attempt)) {
        return ended(attempt, Outcome.unchanged(), null); // the source is as at the last success
      }
      Outcome outcome = dag.task(p).run(attempt);
      if (outcome == null) {
        return ended(
            attempt,
            null,
            new NullPointerException("the task returned null; return Outcome.success() instead"));
      }
      return ended(attempt, outcome, null);
    } catch (Throwable t) {
      return ended(attempt, null, t);
    } finally {
      attempt.unbind();
      MDC.remove("flinders.pipeline");
      MDC.remove("flinders.run");
      MDC.remove("flinders.component");
      MDC.remove("flinders.attempt");
    }
  }

  /**
   * Runs the component's change detector, if it has one, keeping what it found on the attempt.
   *
   * @return whether the task must run: there is no detector, the source changed, or the run is
   *     forced (a forced run probes to record the fingerprint; if the probe fails, it runs anyway)
   */
  private boolean probeFirst(Attempt attempt) throws Exception {
    int p = attempt.position;
    ChangeDetector detector = dag.detector(p);
    if (detector == null) {
      return true;
    }
    Component component = dag.component(p);
    boolean forced = this.forced[p];
    try {
      attempt.probe =
          Probing.probe(
              detector,
              attempt,
              settings.records()[p],
              shared,
              component.schedule().zone().orElse(clock.getZone())); // as the planner's reasons
    } catch (Exception e) {
      if (!forced || attempt.isCancelled()) {
        throw e;
      }
      LOG.warn(
          "{}: the change detector failed ({}); running anyway because the run is forced",
          component.name(),
          summarize(attempt, e));
      return true;
    }
    return forced || attempt.probe.changed();
  }

  /**
   * On the worker, once the task returned (or could not be run): settles the attempt and says what
   * to report. A success is built and saved here, outside the run lock, so that workers do not wait
   * for each other's store writes. If the run settled the attempt first (it timed out or the run
   * stopped), the result is already reported and only the slot given back is news.
   */
  private Event ended(Attempt attempt, @Nullable Outcome outcome, @Nullable Throwable error) {
    int p = attempt.position;
    if (!attempt.settle()) {
      attempt.discardDatasets(attempt.stoppedBecause());
      return Signal.SLOT_FREED;
    }
    if (error != null || outcome == null) {
      Throwable failure = error == null ? new NullPointerException("no outcome") : error;
      attempt.discardDatasets("the attempt failed: " + summarize(attempt, failure));
      datasetSummaries[p] = attempt.datasetSummaries();
      datasetsOfAttempt[p] = attempt.number;
      return new Failed(attempt, failure);
    }
    try {
      attempt.commitDatasets();
    } catch (RuntimeException e) {
      datasetSummaries[p] = attempt.datasetSummaries();
      datasetsOfAttempt[p] = attempt.number;
      return new Failed(attempt, e);
    }
    datasetSummaries[p] = attempt.datasetSummaries();
    datasetsOfAttempt[p] = attempt.number;
    boolean changed = outcome.changed();
    Probing.Found probe = attempt.probe;
    Reason reason;
    if (probe != null && !probe.changed() && !forced[p]) {
      reason = new Reason(ReasonCode.SOURCE_UNCHANGED, probe.sentence());
    } else {
      reason =
          changed
              ? settings.decisions()[p].reason()
              : new Reason(ReasonCode.SOURCE_UNCHANGED, "unchanged: the task reported no new data");
      if (probe != null) {
        reason = new Reason(reason.code(), reason.message() + "; " + probe.sentence());
      }
    }
    String failedBefore = lastFailure[p]; // written before this attempt was started
    if (failedBefore != null) {
      reason =
          new Reason(
              reason.code(),
              reason.message()
                  + "; succeeded on attempt "
                  + attempt.number
                  + " after: "
                  + failedBefore);
    }
    ComponentResult result =
        result(p, changed ? Status.SUCCEEDED : Status.UNCHANGED, reason, outcome, null, null);
    persist(p, result, attempt);
    return new Succeeded(attempt, result);
  }

  private void failed(int p, Attempt attempt, Throwable error) {
    QuotaExhaustedException quota = quotaExhausted(error);
    if (quota != null) {
      ComponentResult result =
          result(
              p,
              Status.SKIPPED,
              new Reason(ReasonCode.QUOTA_EXHAUSTED, quota.getMessage()),
              null,
              null,
              null);
      persist(p, result, attempt);
      finish(p, result);
      return;
    }
    if (stoppedByTheContext(error)
        && (attempt.cutShort() != null
            || settings.time().nanoTime() - attempt.deadlineNanos >= 0)) {
      deadlineReached(attempt, error); // the context saw the deadline before the engine's timer
      return;
    }
    RetryPolicy policy = dag.component(p).retry();
    int number = attempt.number;
    int max = policy.maxAttempts();
    String summary = summarize(attempt, error);
    lastFailure[p] = summary;
    lastDetail[p] = ErrorText.detail(error, attempt::mask);
    lastTimedOut[p] = false;
    if (policy.shouldRetry(number, error)) {
      if (retryLater(p, policy, number, error, summary)) {
        return;
      }
      finish(
          p,
          failure(
              p,
              attempt,
              summary,
              "failed on attempt "
                  + number
                  + " of "
                  + max
                  + "; "
                  + retryRefused()
                  + ": "
                  + summary));
      return;
    }
    String message =
        number < max && !policy.isRetryable(error)
            ? "failed on attempt "
                + number
                + " of "
                + max
                + " with a failure that is not retried: "
                + summary
            : "failed on attempt " + number + " of " + max + ": " + summary;
    finish(p, failure(p, attempt, summary, message));
  }

  /** The quota refusal behind a failure, also when the task wrapped it in its own exception. */
  private static @Nullable QuotaExhaustedException quotaExhausted(Throwable error) {
    return causeOf(error, QuotaExhaustedException.class);
  }

  /** The first exception of {@code type} in {@code error}'s chain of causes, or null. */
  private static <T extends Throwable> @Nullable T causeOf(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private ComponentResult failure(int p, Attempt attempt, String summary, String message) {
    ComponentResult result =
        result(
            p,
            Status.FAILED,
            new Reason(ReasonCode.TASK_FAILED, message),
            null,
            summary,
            lastDetail[p]);
    persist(p, result, attempt);
    return result;
  }

  /**
   * Schedules the next attempt after the policy's delay, without holding a slot, unless the run is
   * stopping or the attempt would start after the run's deadline (see {@link #retryRefused()}).
   *
   * @return whether a retry was scheduled
   */
  private boolean retryLater(
      int p, RetryPolicy policy, int failedAttempt, Throwable error, String failure) {
    if (stopRequested != null) {
      stoppedAs = stopRequested; // the stop changes how this component ends
      return false;
    }
    Duration delay = policy.delayAfter(failedAttempt, settings.random().nextDouble(), error);
    if (RunClock.nanos(delay) >= deadlineNanos - settings.time().nanoTime()) {
      return false;
    }
    LOG.info(
        "{} attempt {} of {} failed ({}); retrying in {}",
        dag.name(p),
        failedAttempt,
        policy.maxAttempts(),
        failure,
        Durations.format(delay));
    phase[p] = RETRY_WAIT;
    if (datasetsOfAttempt[p] == failedAttempt) { // a failure its worker reported, datasets and all
      keepAsEarlier(p, failedAttempt, datasetSummaries[p]);
      datasetSummaries[p] = null;
    }
    int made = attemptsMade[p];
    retryTimers[p] = settings.time().schedule(delay, () -> post(new RetryDue(p, made)));
    return true;
  }

  /** Keeps the discarded datasets of a retried attempt, labelled with it, for the result. */
  private void keepAsEarlier(int p, int attempt, @Nullable List<DatasetSummary> summaries) {
    if (summaries == null || summaries.isEmpty()) {
      return;
    }
    if (earlierDatasets[p] == null) {
      earlierDatasets[p] = new ArrayList<>();
    }
    for (DatasetSummary summary : summaries) {
      earlierDatasets[p].add(
          new DatasetSummary(
              summary.dataset(),
              summary.rowsIn(),
              summary.written(),
              summary.quarantined(),
              summary.quarantinedByRule(),
              summary.warningsByRule(),
              summary.location(),
              summary.quarantineLocation(),
              "attempt " + attempt + ": " + summary.failure()));
    }
  }

  /** The datasets of every attempt of {@code p}: the earlier ones' first, then the last's. */
  private List<DatasetSummary> datasets(int p, @Nullable List<DatasetSummary> last) {
    List<DatasetSummary> earlier = earlierDatasets[p];
    if (earlier == null) {
      return last == null ? List.of() : last;
    }
    List<DatasetSummary> all = new ArrayList<>(earlier);
    if (last != null) {
      all.addAll(last);
    }
    return all;
  }

  private void timedOut(Attempt attempt) {
    attempt.stoppedBecause( // before settling: a worker that loses the race reads it
        "the attempt exceeded its timeout of "
            + Durations.format(dag.component(attempt.position).timeout()));
    if (!attempt.settle()) {
      return; // its task has just returned; the worker reports how it ended
    }
    String activity = attempt.activity();
    if (!stopped(attempt)) {
      activity = "its task had not begun: the executor gave it no thread before its deadline";
    }
    attemptTimedOut(attempt, activity);
  }

  /**
   * The attempt's own deadline passed (settled by the timer, or by its worker when the context's
   * deadline checks ended the task first): retry it, or end the component {@code TIMED_OUT}.
   */
  private void attemptTimedOut(Attempt attempt, @Nullable String activity) {
    int p = attempt.position;
    Component component = dag.component(p);
    ComponentTimeoutException timeout =
        new ComponentTimeoutException(component.name(), component.timeout());
    String error = activity == null ? timeout.getMessage() : timeout.getMessage() + ": " + activity;
    lastFailure[p] = error;
    lastDetail[p] = ErrorDetail.of(ComponentTimeoutException.class.getName(), error);
    lastTimedOut[p] = true;
    RetryPolicy policy = component.retry();
    boolean retryable = policy.shouldRetry(attempt.number, timeout);
    if (retryable && retryLater(p, policy, attempt.number, timeout, error)) {
      return;
    }
    Reason reason =
        new Reason(
            ReasonCode.TIMED_OUT,
            "attempt "
                + attempt.number
                + " of "
                + policy.maxAttempts()
                + " exceeded the timeout of "
                + Durations.format(component.timeout())
                + " and was stopped"
                + (retryable ? "; " + retryRefused() : ""));
    ComponentResult result = result(p, Status.TIMED_OUT, reason, null, error, lastDetail[p]);
    persist(p, result, attempt);
    finish(p, result);
  }

  /**
   * A failure that is really the deadline: the context's own checks (an HTTP call cut short by the
   * attempt's remaining time, no time left to send one) throw {@link ComponentCancelledException},
   * and the task may end with it before the engine's timer fires. Never reported as a failure.
   */
  private static boolean stoppedByTheContext(Throwable error) {
    return causeOf(error, ComponentCancelledException.class) != null;
  }

  /** The worker settled an attempt that its deadline stopped: a timeout, of the attempt or run. */
  private void deadlineReached(Attempt attempt, Throwable error) {
    String call = attempt.cutShort();
    String activity = call != null ? call : summarize(attempt, error);
    if (attempt.deadlineNanos - deadlineNanos < 0) {
      attemptTimedOut(attempt, activity);
      return;
    }
    int p = attempt.position; // its deadline was the run's
    ComponentResult result =
        result(
            p,
            Status.TIMED_OUT,
            new Reason(ReasonCode.RUN_TIMED_OUT, stoppedWhileRunning(RunStatus.TIMED_OUT)),
            null,
            stoppedBy(RunStatus.TIMED_OUT) + ": " + activity,
            ErrorDetail.of(
                ComponentTimeoutException.class.getName(),
                stoppedBy(RunStatus.TIMED_OUT) + ": " + activity));
    persist(p, result, attempt);
    finish(p, result);
    stop(RunStatus.TIMED_OUT);
    if (stoppedAs == null) {
      stoppedAs = RunStatus.TIMED_OUT;
    }
  }

  private String stoppedWhileRunning(RunStatus as) {
    return as == RunStatus.TIMED_OUT
        ? "stopped: the run's timeout of "
            + Durations.format(settings.runTimeout())
            + " passed while it was running"
        : "stopped: the orchestrator was closed while it was running";
  }

  private String stoppedBy(RunStatus as) {
    return as == RunStatus.TIMED_OUT
        ? "stopped by the run's timeout of " + Durations.format(settings.runTimeout())
        : "stopped by close()";
  }

  /**
   * The run deadline passed or the run was cancelled: stop what runs, end what waits for a retry
   * with its last failure, skip what has not started. Nothing starts after this. If every component
   * had finished already, the run's status is left as they make it.
   */
  private void stop(RunStatus as) {
    if (stopRequested != null) {
      return;
    }
    stopRequested = as;
    boolean timedOut = as == RunStatus.TIMED_OUT;
    // who holds the slots a ready component waited for: this run's running attempts, and stopped
    // ones (of this run or earlier) whose threads have not returned
    List<String> holders = new ArrayList<>(settings.slots().holders());
    for (int p = 0; p < dag.size(); p++) {
      if (phase[p] == RUNNING) {
        holders.add("\"" + dag.name(p) + "\" (running)");
      }
    }
    for (int p = 0; p < dag.size(); p++) {
      if (phase[p] == DONE) {
        continue;
      }
      if (retryTimers[p] != null) {
        retryTimers[p].cancel();
      }
      if (phase[p] == RUNNING) {
        Attempt attempt = current[p];
        attempt.stoppedBecause( // before settling: a worker that loses the race reads it
            timedOut
                ? "the run's timeout of " + Durations.format(settings.runTimeout()) + " passed"
                : "the orchestrator was closed");
        if (!attempt.settle()) {
          continue; // its task has just returned; the worker reports how it ended
        }
        stoppedAs = as;
        timed.remove(attempt);
        String activity = attempt.activity();
        if (!stopped(attempt)) {
          // dispatched, but no worker had begun its task: it never ran, so it was not stopped
          attemptsMade[p]--;
          finish(p, attemptsMade[p] > 0 ? retryNotStarted(p) : notStarted(p, as, List.of()));
          continue;
        }
        ComponentResult result =
            result(
                p,
                timedOut ? Status.TIMED_OUT : Status.CANCELLED,
                new Reason(
                    timedOut ? ReasonCode.RUN_TIMED_OUT : ReasonCode.CANCELLED,
                    stoppedWhileRunning(as)),
                null,
                activity == null ? null : stoppedBy(as) + ": " + activity,
                ErrorDetail.of(
                    (timedOut ? ComponentTimeoutException.class : ComponentCancelledException.class)
                        .getName(),
                    activity == null ? stoppedBy(as) : stoppedBy(as) + ": " + activity));
        persist(p, result, attempt);
        finish(p, result);
      } else if (attemptsMade[p] > 0) { // waiting for its retry, or the retry not yet started
        stoppedAs = as;
        finish(p, retryNotStarted(p));
      } else {
        stoppedAs = as;
        finish(p, notStarted(p, as, phase[p] == READY ? holders : List.of()));
      }
    }
    ready.clear();
  }

  /**
   * The result of a component the stop found not started; {@code holders} are who held the worker
   * slots it was waiting for, if it was ready.
   */
  private ComponentResult notStarted(int p, RunStatus as, List<String> holders) {
    String waited =
        holders.isEmpty()
            ? ""
            : "; it was ready, waiting for a worker slot, all held by "
                + String.join(", ", holders);
    Reason reason =
        as == RunStatus.TIMED_OUT
            ? new Reason(
                ReasonCode.RUN_TIMED_OUT,
                "not started: the run's timeout of "
                    + Durations.format(settings.runTimeout())
                    + " passed first"
                    + waited)
            : new Reason(
                ReasonCode.CANCELLED,
                "not started: the orchestrator was closed during the run" + waited);
    return ComponentResult.notStarted(dag.name(p), Status.SKIPPED, reason);
  }

  /**
   * Cancels a settled attempt: it is awaited at the end of the run and, while its task's thread is
   * in it, noted as holding a slot.
   *
   * @return whether its task had begun; if not, it never will, and it is not awaited
   */
  private boolean stopped(Attempt attempt) {
    boolean begun =
        attempt.cancel(
            settings.slots(),
            "\""
                + attempt.componentName()
                + "\" (attempt "
                + attempt.number
                + " of run "
                + settings.runId()
                + ", stopped but its task has not returned)");
    if (begun) {
      stopped.add(attempt);
    }
    return begun;
  }

  /**
   * A component whose attempt failed or timed out and whose retry was waiting when the run stopped:
   * it ran, so it ends as its last attempt did, recorded, with the reason the retry never came.
   */
  private ComponentResult retryNotStarted(int p) {
    Attempt last = current[p];
    int made = attemptsMade[p];
    int max = dag.component(p).retry().maxAttempts();
    String summary = lastFailure[p];
    ComponentResult result;
    if (lastTimedOut[p]) {
      result =
          result(
              p,
              Status.TIMED_OUT,
              new Reason(
                  ReasonCode.TIMED_OUT,
                  "attempt "
                      + made
                      + " of "
                      + max
                      + " exceeded the timeout of "
                      + Durations.format(dag.component(p).timeout())
                      + " and was stopped; "
                      + retryRefused()),
              null,
              summary,
              lastDetail[p]);
    } else {
      result =
          result(
              p,
              Status.FAILED,
              new Reason(
                  ReasonCode.TASK_FAILED,
                  "failed on attempt "
                      + made
                      + " of "
                      + max
                      + "; "
                      + retryRefused()
                      + ": "
                      + summary),
              null,
              summary,
              lastDetail[p]);
    }
    persist(p, result, last);
    return result;
  }

  /** Why a retry the policy allows was not made: the run stopped, or its deadline is too near. */
  private String retryRefused() {
    if (stopRequested == RunStatus.CANCELLED) {
      return "the retry was not started: the orchestrator was closed during the run";
    }
    if (stopRequested == RunStatus.TIMED_OUT) {
      return "the retry was not started: the run's timeout of "
          + Durations.format(settings.runTimeout())
          + " passed first";
    }
    return "not retried: the next attempt would start after the run's timeout";
  }

  private void finish(int p, ComponentResult result) {
    assert phase[p] != DONE : dag.name(p) + " finished twice: " + results[p] + ", then " + result;
    phase[p] = DONE;
    results[p] = result;
    flags[p] =
        (byte) ((result.blocksDownstreams() ? BLOCKS : 0) | (result.changed() ? CHANGED : 0));
    done++;
    if (result.status().isFailure()) {
      rootFailure[p] = p;
      failures++;
    }
    if (!settings.listeners().isEmpty()) {
      String runId = settings.runId();
      settings
          .listeners()
          .forEach(listener -> notify(() -> listener.componentFinished(runId, result)));
    }
    for (int downstream : dag.downstreams(p)) {
      if (--pendingUpstreams[downstream] == 0
          && phase[downstream] == WAITING
          && stopRequested == null) {
        upstreamsDone(downstream);
      }
    }
  }

  private void upstreamsDone(int p) {
    TriggerRule trigger = dag.trigger(p);
    int[] upstreams = dag.upstreams(p);
    if (trigger != TriggerRule.ALWAYS) {
      for (int up : upstreams) {
        if ((flags[up] & BLOCKS) != 0) {
          rootFailure[p] = rootFailure[up] >= 0 ? rootFailure[up] : up;
          finish(
              p,
              ComponentResult.notStarted(
                  dag.name(p),
                  Status.SKIPPED,
                  new Reason(ReasonCode.UPSTREAM_FAILED, blockedBy(up))));
          return;
        }
      }
    }
    if ((trigger == TriggerRule.ANY_CHANGED || onlyIfUpstreamChanged[p]) && !forced[p]) {
      boolean anyChanged = false;
      List<String> seen = new ArrayList<>();
      for (int up : upstreams) {
        anyChanged |= (flags[up] & CHANGED) != 0;
        seen.add(dag.name(up) + " " + describe(results[up]));
      }
      if (!anyChanged) {
        finish(
            p,
            ComponentResult.notStarted(
                dag.name(p),
                Status.SKIPPED,
                new Reason(
                    ReasonCode.NO_UPSTREAM_CHANGED,
                    "no upstream brought new data: " + String.join(", ", seen))));
        return;
      }
    }
    phase[p] = READY;
    ready.add(p);
  }

  private String blockedBy(int up) {
    ComponentResult upstream = results[up];
    int root = rootFailure[up];
    if (upstream.status().isFailure() || root < 0 || root == up) {
      return "upstream \"" + dag.name(up) + "\" " + describe(upstream);
    }
    return "upstream \""
        + dag.name(up)
        + "\" was skipped because \""
        + dag.name(root)
        + "\" "
        + describe(results[root]);
  }

  private static String describe(ComponentResult result) {
    if (result.status() == Status.SKIPPED) {
      return "SKIPPED (" + result.reason().code() + ")";
    }
    return result.status().toString();
  }

  private ComponentResult result(
      int p,
      Status status,
      Reason reason,
      @Nullable Outcome outcome,
      @Nullable String error,
      @Nullable ErrorDetail detail) {
    if (attemptsMade[p] == 0) {
      return new ComponentResult(
          dag.name(p),
          status,
          reason,
          0,
          null,
          null,
          Duration.ZERO,
          outcome,
          error,
          detail,
          null,
          List.of());
    }
    long nanos = settings.time().nanoTime();
    return new ComponentResult(
        dag.name(p),
        status,
        reason,
        attemptsMade[p],
        runClock.at(firstStartNanos[p]),
        runClock.at(nanos),
        Duration.ofNanos(nanos - firstStartNanos[p]),
        outcome,
        error,
        detail,
        httpMeters.usage(p),
        datasets(p, datasetSummaries[p]));
  }

  /** Now, on the run's clock; see {@link RunClock}. */
  private Instant now() {
    return runClock.at(settings.time().nanoTime());
  }

  /** Saves what the next run needs: how this component ended, and its state if it succeeded. */
  private void persist(int p, ComponentResult result, Attempt attempt) {
    ComponentRecord previous = settings.records()[p];
    boolean success = result.status().isSuccess();
    Fingerprint fingerprint = previous.fingerprint();
    Instant fingerprintAt = previous.fingerprintAt();
    int unchangedProbes = previous.unchangedProbes();
    Probing.Found probe = attempt.probe;
    if (success && probe != null) {
      if (probe.changed()) {
        fingerprint = probe.fingerprint();
        fingerprintAt = runClock.startedAt();
        unchangedProbes = 0;
      } else {
        unchangedProbes++;
      }
    }
    ComponentRecord record =
        new ComponentRecord(
            dag.name(p),
            settings.runId(),
            result,
            success ? runClock.startedAt() : previous.lastSucceededAt(),
            success ? attempt.stateToSave() : previous.state(),
            fingerprint,
            fingerprintAt,
            unchangedProbes);
    try {
      settings.store().saveComponent(settings.pipeline(), record);
    } catch (RuntimeException e) {
      LOG.error(
          "cannot save the record of component {} in run {}", dag.name(p), settings.runId(), e);
    }
  }

  /**
   * Gives stopped tasks a moment to return. For those that did, completes their results with what
   * their attempt left: the calls it made and its datasets, now discarded, with their counts. On
   * the results of those that did not, notes that they ignore interruption and still hold their
   * worker slot.
   */
  private void noteStoppedThreads() {
    long graceEnds = System.nanoTime() + STOP_GRACE.toNanos();
    for (Attempt attempt : stopped) {
      int p = attempt.position;
      boolean last = attempt.number == attemptsMade[p];
      ComponentResult r = results[p];
      if (attempt.awaitReturn(graceEnds)) {
        List<DatasetSummary> datasets;
        if (last) {
          datasets = datasets(p, attempt.datasetSummaries());
        } else { // timed out and retried: its datasets go before the later attempts'
          keepAsEarlier(p, attempt.number, attempt.datasetSummaries());
          datasets =
              datasets(p, datasetsOfAttempt[p] > attempt.number ? datasetSummaries[p] : null);
        }
        ComponentResult completed = r.withUsage(httpMeters.usage(p), datasets);
        if (!completed.equals(r)) {
          results[p] = completed;
          persist(p, completed, current[p]); // the attempt the result is of: its state, its probe
        }
        continue;
      }
      String note =
          (last ? "the task" : "the task of attempt " + attempt.number + " (since retried)")
              + " ignored interruption: its thread had not returned "
              + Durations.format(STOP_GRACE)
              + " after it was stopped and keeps its worker slot until it does";
      results[p] = r.withError(r.error() == null ? note : r.error() + "; " + note);
      persist(p, results[p], current[p]);
      LOG.warn("component {} in run {}: {}", r.component(), settings.runId(), note);
    }
  }

  private RunStatus finalStatus() {
    if (stoppedAs != null) {
      return stoppedAs;
    }
    return failures > 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED;
  }

  private RunReport report(RunStatus status, @Nullable Instant endedAt) {
    List<ComponentResult> list = new ArrayList<>(results.length);
    for (ComponentResult result : results) {
      if (result != null) {
        list.add(result);
      }
    }
    return new RunReport(
        settings.pipeline(),
        settings.runId(),
        status,
        runClock.startedAt(),
        endedAt,
        false,
        list,
        endedAt == null ? List.of() : httpMeters.quotaUse());
  }

  private void save(RunReport report) {
    try {
      settings.store().saveRun(report);
    } catch (RuntimeException e) {
      LOG.error("cannot save run {} of {}", report.runId(), report.pipeline(), e);
    }
  }

  private static void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("a run listener failed; the run goes on", e);
    }
  }

  /**
   * The failure as one line, with every secret the attempt sent masked, whatever threw it: a second
   * line of defence behind the HTTP client's own masking.
   */
  private static String summarize(Attempt attempt, Throwable error) {
    return ErrorText.summarize(error, attempt::mask);
  }
}

package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one run: the run lock, the events, and dispatch. All run state changes under the run
 * lock, in reaction to events: attempt ended, attempt deadline passed, retry due, run deadline,
 * cancel, slot freed. Whichever thread produces an event (a worker whose task returned, a timer,
 * the caller of {@link #cancel()}) handles it under the lock, then hands the attempts it made ready
 * to the executor after releasing it, in the manner of OkHttp's {@code
 * Dispatcher.promoteAndExecute()}: a finishing worker runs the first of them itself, so chains of
 * components need no hand-off between threads.
 *
 * <p>What the events mean lives elsewhere: {@link ComponentRunner} runs an attempt, {@link
 * AttemptDecisions} decides what its end means, {@link DagProgress} applies trigger rules to
 * downstreams, {@link AttemptHistory} keeps each component's attempts and builds its result, and
 * {@link ChangeTracker} probes sources and writes records. The caller of {@link #execute()} sets
 * the run up, waits, and writes the final report. See docs/concurrency.md.
 */
public final class RunLoop {
  private static final Logger LOG = LoggerFactory.getLogger(RunLoop.class);

  /** How long stopped tasks get, in real time, to return before the report says they did not. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(1);

  /** Something that happened in the run, handled under the run lock. */
  sealed interface Event permits Succeeded, Failed, RetryDue, Signal {}

  /** A worker settled its attempt as a success, and has built and recorded its result. */
  record Succeeded(Attempt attempt, ComponentResult result) implements Event {}

  /** A worker settled its attempt as a failure. */
  record Failed(Attempt attempt, Throwable error) implements Event {}

  private record RetryDue(int position, int attemptsMade) implements Event {}

  enum Signal implements Event {
    RUN_DEADLINE,
    TIMEOUT_CHECK,
    CANCEL,
    LEASE_LOST,
    SLOT_FREED
  }

  private final RunContext run;
  private final Engine engine;
  private final DagIndex dag;
  private final TimeSource time;
  private final DagProgress progress;
  private final AttemptHistory history;
  private final ChangeTracker changes;
  private final ComponentRunner runner;

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

  /** Running attempts with a deadline of their own; never more than the slots. */
  private final TimedAttempts timed = new TimedAttempts();

  private TimeSource.@Nullable Timer timeoutTimer;

  /** When {@link #timeoutTimer} fires, as a monotonic reading; meaningless while it is null. */
  private long timeoutTimerAt;

  private final TimeSource.@Nullable Timer[] retryTimers;

  /** Attempts stopped while their tasks ran: awaited, briefly, when the run ends. */
  private final List<Attempt> stopped = new ArrayList<>();

  /** Set when the deadline passed or cancel came: from then on nothing new starts. */
  private @Nullable RunStatus stopRequested;

  /** Set when that stop changed how a component ended: the run's status then says so. */
  private @Nullable RunStatus stoppedAs;

  public RunLoop(RunContext run) {
    this.run = run;
    this.engine = run.engine;
    this.dag = run.dag;
    this.time = engine.time();
    this.history = new AttemptHistory(run);
    this.changes = new ChangeTracker(run, lost -> leaseLost());
    this.runner = new ComponentRunner(run, history, changes);
    this.progress =
        new DagProgress(
            dag,
            run.decisions,
            run.results,
            (position, result) -> engine.listeners().componentFinished(run.runId, result),
            engine.measureResources() ? time::nanoTime : null);
    this.retryTimers = new TimeSource.Timer[dag.size()];
  }

  /** Asks the run to stop: running attempts are cancelled, the rest skipped. Thread-safe. */
  public void cancel() {
    post(Signal.CANCEL);
  }

  /**
   * The pipeline's lease was lost (another instance took the pipeline over, or it could not be
   * renewed in time): the store refuses this run's writes, so nothing new starts, running attempts
   * are stopped, and the run ends {@link RunStatus#LEASE_LOST}. Thread-safe.
   */
  public void leaseLost() {
    post(Signal.LEASE_LOST);
  }

  /** Wakes the run when a worker slot is given back. Thread-safe. */
  public void slotFreed() {
    post(Signal.SLOT_FREED);
  }

  /** Runs to the end and returns the final report, which is also saved in the store. */
  public RunReport execute() {
    RunReport started = report(RunStatus.RUNNING, null);
    save(started);
    engine.listeners().runStarted(started);
    boolean interrupted = false;
    TimeSource.Timer deadlineTimer =
        time.schedule(engine.runTimeout(), () -> post(Signal.RUN_DEADLINE));
    List<Attempt> dispatch;
    lock.lock();
    try {
      progress.begin();
      dispatch = handlePending(); // also handles what was posted before the set-up, e.g. cancel
    } finally {
      lock.unlock();
    }
    dispatch(dispatch);
    lock.lock();
    try {
      while (!progress.allDone()) {
        if (progress.running() == 0 && !interrupted) {
          boolean skipped = skipToNextTimer(); // releases the run lock meanwhile
          if (skipped || progress.allDone()) {
            continue; // the run moved on while the lock was released: look again before waiting
          }
        }
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
    RunReport report =
        RunThresholds.check(report(finalStatus(), run.now()), dag.thresholds(), engine.store());
    if (!save(report) && report.status() != RunStatus.LEASE_LOST) {
      // the lease went just as the run ended: its end is not on record, the new holder's view wins
      report = report.breached(RunStatus.LEASE_LOST, report.breaches());
    }
    engine.listeners().runFinished(report);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return report;
  }

  /**
   * With simulated time, moves to the next timer and fires it, outside the run lock: the timer's
   * event, and the attempts it makes ready, are handled on this thread. See {@link
   * TimeSource#skipToNextTimer()}.
   *
   * @return whether time moved; false with real time, which the caller waits for
   */
  private boolean skipToNextTimer() {
    lock.unlock();
    try {
      return time.skipToNextTimer();
    } finally {
      lock.lock();
    }
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
    if (progress.allDone()) {
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
        engine.executor().execute(() -> work(attempt));
      } catch (RejectedExecutionException e) {
        engine.slots().release();
        post(
            runner.ended(
                attempt,
                null,
                new IllegalStateException("the executor rejected the task: " + e.getMessage(), e)));
      }
    }
  }

  /**
   * Runs on a worker thread: runs the attempt, reports how it ended and, while that makes further
   * attempts ready, runs the first of them itself (its slot is the one just given back) and
   * dispatches the others, so chains of components need no hand-off between threads.
   */
  private void work(Attempt first) {
    for (Attempt attempt = first; attempt != null; ) {
      Event outcome = runner.run(attempt);
      engine.slots().release();
      List<Attempt> ready = handleUnderLock(outcome);
      if (ended) {
        engine.slots().wakeWaiter(); // a later run may be waiting for this slot
      }
      attempt = ready.isEmpty() ? null : ready.get(0);
      dispatch(ready.size() > 1 ? ready.subList(1, ready.size()) : List.of());
    }
  }

  private void handle(Event event) {
    if (event instanceof Succeeded succeeded) {
      Attempt attempt = succeeded.attempt();
      timed.remove(attempt);
      progress.finish(attempt.position, succeeded.result());
    } else if (event instanceof Failed failed) {
      Attempt attempt = failed.attempt();
      timed.remove(attempt);
      failed(attempt, failed.error());
    } else if (event == Signal.TIMEOUT_CHECK) {
      checkTimeouts();
    } else if (event instanceof RetryDue retry) {
      if (history.made(retry.position()) == retry.attemptsMade()) {
        progress.retryDue(retry.position());
      }
    } else if (event == Signal.RUN_DEADLINE) {
      stop(RunStatus.TIMED_OUT);
    } else if (event == Signal.CANCEL) {
      stop(RunStatus.CANCELLED);
    } else if (event == Signal.LEASE_LOST) {
      stop(RunStatus.LEASE_LOST);
    }
    // SLOT_FREED: nothing to do but try to start what is ready, which the loop does next.
  }

  private void startReady() {
    while (stopRequested == null && progress.hasReady() && engine.slots().tryAcquire()) {
      start(progress.nextReady());
    }
  }

  /**
   * Starts an attempt of {@code p}. Under the run lock, so it touches arrays rather than the
   * component's objects, and makes no {@link Instant}: times are monotonic readings until read.
   */
  private void start(int p) {
    long nanos = time.nanoTime();
    long timeout = dag.timeoutNanos(p);
    boolean ownTimer = timeout < run.deadlineNanos - nanos; // ends before the run's deadline
    long attemptDeadline = ownTimer ? nanos + timeout : run.deadlineNanos;
    Attempt attempt = history.start(p, nanos, attemptDeadline);
    if (engine.measureResources()) {
      history.waitedForSlot(p, nanos - progress.readySince(p), engine.slots().loweredForLoad());
    }
    progress.running(p);
    engine.listeners().componentStarted(run.runId, dag.name(p), attempt.number);
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
        time.schedule(Duration.ofNanos(at - time.nanoTime()), () -> post(Signal.TIMEOUT_CHECK));
  }

  private void checkTimeouts() {
    timeoutTimer = null;
    long now = time.nanoTime();
    for (Attempt attempt : timed.removeDue(now)) {
      timedOut(attempt);
    }
    if (!timed.isEmpty()) {
      armTimeoutTimer(timed.earliestDeadline());
    }
  }

  /** An attempt's own deadline passed while its task ran: stop it, then retry or end it. */
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
    conclude(attempt, AttemptDecisions.afterTimeout(ended(attempt), activity, runState()));
  }

  /** A worker settled an attempt whose task threw. */
  private void failed(Attempt attempt, Throwable error) {
    conclude(
        attempt,
        AttemptDecisions.afterFailure(
            ended(attempt),
            error,
            attempt::mask,
            attempt.cutShort(),
            time.nanoTime() - attempt.deadlineNanos >= 0,
            attempt.deadlineNanos - run.deadlineNanos < 0,
            runState()));
  }

  /** Applies a verdict about the latest attempt of its component. */
  private void conclude(Attempt attempt, AttemptDecisions.Verdict verdict) {
    int p = attempt.position;
    if (verdict instanceof AttemptDecisions.Retry retry) {
      retryLater(attempt, retry);
      return;
    }
    AttemptDecisions.Final end = (AttemptDecisions.Final) verdict;
    if (end.effect() == AttemptDecisions.Effect.ENDED_BY_STOP) {
      stoppedAs = stopRequested;
    }
    ComponentResult result = history.result(p, end);
    changes.record(p, result, attempt);
    progress.finish(p, result);
    if (end.effect() == AttemptDecisions.Effect.STOPS_RUN) {
      stop(RunStatus.TIMED_OUT);
      if (stoppedAs == null) {
        stoppedAs = RunStatus.TIMED_OUT;
      }
    }
  }

  /** Schedules the next attempt after the verdict's delay, without holding a slot. */
  private void retryLater(Attempt failed, AttemptDecisions.Retry retry) {
    int p = failed.position;
    try (LogTags tags = LogTags.about(run.pipeline(), run.runId, dag.name(p), failed.number)) {
      LOG.info(
          "{} attempt {} of {} failed ({}); retrying in {}",
          dag.name(p),
          failed.number,
          dag.component(p).retry().maxAttempts(),
          retry.failure().summary(),
          Durations.format(retry.delay()));
    }
    progress.waitingForRetry(p);
    history.retrying(p, retry.failure());
    int made = history.made(p);
    retryTimers[p] = time.schedule(retry.delay(), () -> post(new RetryDue(p, made)));
  }

  private AttemptDecisions.Ended ended(Attempt attempt) {
    Component component = dag.component(attempt.position);
    return new AttemptDecisions.Ended(
        component.name(), component.retry(), component.timeout(), attempt.number);
  }

  private AttemptDecisions.RunState runState() {
    return new AttemptDecisions.RunState(
        stopRequested,
        run.deadlineNanos - time.nanoTime(),
        engine.runTimeout(),
        engine.random()::nextDouble);
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
    progress.stop();
    // who holds the slots a ready component waited for: this run's running attempts, and stopped
    // ones (of this run or earlier) whose threads have not returned
    List<String> holders = new ArrayList<>(engine.slots().holders());
    for (int p = 0; p < dag.size(); p++) {
      if (progress.phase(p) == DagProgress.RUNNING) {
        holders.add("\"" + dag.name(p) + "\" (running)");
      }
    }
    for (int p = 0; p < dag.size(); p++) {
      byte phase = progress.phase(p);
      if (phase == DagProgress.DONE) {
        continue;
      }
      if (retryTimers[p] != null) {
        retryTimers[p].cancel();
      }
      if (phase == DagProgress.RUNNING) {
        stopRunning(history.current(p), as);
      } else {
        stoppedAs = as;
        if (history.made(p) > 0) { // waiting for its retry, or the retry not yet started
          retryNotStarted(p);
        } else {
          notStarted(p, as, phase == DagProgress.READY ? holders : List.of());
        }
      }
    }
  }

  /** Stops an attempt whose component is running when the run stops {@code as}. */
  private void stopRunning(Attempt attempt, RunStatus as) {
    int p = attempt.position;
    attempt.stoppedBecause( // before settling: a worker that loses the race reads it
        switch (as) {
          case TIMED_OUT ->
              "the run's timeout of " + Durations.format(engine.runTimeout()) + " passed";
          case LEASE_LOST -> "the pipeline's lease was lost";
          default -> "the orchestrator was closed";
        });
    if (!attempt.settle()) {
      return; // its task has just returned; the worker reports how it ended
    }
    stoppedAs = as;
    timed.remove(attempt);
    String activity = attempt.activity();
    if (!stopped(attempt)) {
      // dispatched, but no worker had begun its task: it never ran, so it was not stopped
      history.neverBegun(p);
      if (history.made(p) > 0) {
        retryNotStarted(p);
      } else {
        notStarted(p, as, List.of());
      }
      return;
    }
    ComponentResult result =
        history.result(p, AttemptDecisions.stoppedWhileRunning(as, engine.runTimeout(), activity));
    changes.record(p, result, attempt);
    progress.finish(p, result);
  }

  /**
   * A component whose attempt failed or timed out and whose retry was waiting when the run stopped:
   * it ran, so it ends as its last attempt did, recorded, with the reason the retry never came.
   */
  private void retryNotStarted(int p) {
    Attempt last = history.current(p);
    AttemptDecisions.Failure failure = history.lastFailure(p);
    Component component = dag.component(p);
    AttemptDecisions.Ended ended =
        new AttemptDecisions.Ended(
            component.name(), component.retry(), component.timeout(), history.made(p));
    ComponentResult result =
        history.result(p, AttemptDecisions.retryNotStarted(ended, failure, runState()));
    changes.record(p, result, last);
    progress.finish(p, result);
  }

  private void notStarted(int p, RunStatus as, List<String> holders) {
    progress.finish(
        p,
        ComponentResult.notStarted(
            dag.name(p),
            Status.SKIPPED,
            AttemptDecisions.notStarted(as, engine.runTimeout(), holders)));
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
            engine.slots(),
            "\""
                + attempt.componentName()
                + "\" (attempt "
                + attempt.number
                + " of run "
                + run.runId
                + ", stopped but its task has not returned)");
    if (begun) {
      stopped.add(attempt);
    }
    return begun;
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
      ComponentResult result = run.results[p];
      if (attempt.awaitReturn(graceEnds)) {
        ComponentResult completed = history.completed(result, attempt);
        if (!completed.equals(result)) {
          run.results[p] = completed;
          changes.record(p, completed, history.current(p)); // the attempt the result is of
        }
        continue;
      }
      String note =
          (attempt.number == history.made(p)
                  ? "the task"
                  : "the task of attempt " + attempt.number + " (since retried)")
              + " ignored interruption: its thread had not returned "
              + Durations.format(STOP_GRACE)
              + " after it was stopped and keeps its worker slot until it does";
      run.results[p] =
          result.toBuilder()
              .error(result.error() == null ? note : result.error() + "; " + note)
              .build();
      changes.record(p, run.results[p], history.current(p));
      try (LogTags tags = LogTags.about(run.pipeline(), run.runId, dag.name(p), attempt.number)) {
        LOG.warn("component {} in run {}: {}", dag.name(p), run.runId, note);
      }
    }
  }

  private RunStatus finalStatus() {
    if (stopRequested == RunStatus.LEASE_LOST) {
      return RunStatus.LEASE_LOST; // even if all had finished: their records may have been refused
    }
    if (stoppedAs != null) {
      return stoppedAs;
    }
    return progress.failures() > 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED;
  }

  private RunReport report(RunStatus status, @Nullable Instant endedAt) {
    List<ComponentResult> list = new ArrayList<>(run.results.length);
    for (ComponentResult result : run.results) {
      if (result != null) {
        list.add(result);
      }
    }
    return new RunReport(
        run.pipeline(),
        run.runId,
        status,
        run.clock.startedAt(),
        endedAt,
        false,
        list,
        endedAt == null ? List.of() : run.http.quotaUse(),
        engine.zone(),
        engine.configuration());
  }

  /**
   * Saves the run's report; a store that refuses it because the lease was lost stops the run.
   *
   * @return false if the store refused it for that reason
   */
  private boolean save(RunReport report) {
    try {
      engine.store().saveRun(report);
    } catch (dev.flinders.orchestration.LeaseLostException e) {
      LOG.error("{}; stopping run {}", e.getMessage(), report.runId());
      leaseLost();
      return false;
    } catch (RuntimeException e) {
      LOG.error("cannot save run {} of {}", report.runId(), report.pipeline(), e);
    }
    return true;
  }
}

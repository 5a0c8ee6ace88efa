package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.ComponentCancelledException;
import dev.flinders.orchestration.ComponentTimeoutException;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.ErrorDetail;
import dev.flinders.orchestration.Reason;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.quota.QuotaExhaustedException;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * What a finished attempt means: a finished attempt in, a {@link Verdict} out, either a retry after
 * a delay or the component's final status with its reason. Every sentence a report gives about how
 * a component that ran ended is written here. Pure: no clock, no threads, no store; the run loop
 * applies the verdicts (see docs/concurrency.md), and {@code AttemptDecisionsTest} checks them as
 * tables.
 */
final class AttemptDecisions {
  private AttemptDecisions() {}

  /** The attempt that ended, as the decisions need it. */
  record Ended(String component, RetryPolicy retry, Duration timeout, int number) {
    int maxAttempts() {
      return retry.maxAttempts();
    }
  }

  /**
   * The run at the moment of the decision.
   *
   * @param stopping why the run is stopping (its deadline passed or it was cancelled), or null
   * @param nanosLeft how long until the run's deadline
   * @param runTimeout the run's timeout, for sentences
   * @param jitter the random numbers for a retry's jitter, drawn only when a retry is scheduled
   */
  record RunState(
      @Nullable RunStatus stopping, long nanosLeft, Duration runTimeout, DoubleSupplier jitter) {}

  /** A failure of an attempt, kept for the reason of the component's next result. */
  record Failure(String summary, @Nullable ErrorDetail detail, boolean timedOut) {}

  /** What to do with a component whose attempt ended. */
  sealed interface Verdict {}

  /** Run another attempt after {@code delay}; {@code failure} is this attempt's. */
  record Retry(Duration delay, Failure failure) implements Verdict {}

  /**
   * The component ends with this status and reason.
   *
   * @param effect what the ending does to the run besides
   */
  record Final(
      Status status,
      Reason reason,
      @Nullable String error,
      @Nullable ErrorDetail detail,
      Effect effect)
      implements Verdict {
    Final(Status status, Reason reason, @Nullable String error, @Nullable ErrorDetail detail) {
      this(status, reason, error, detail, Effect.NONE);
    }
  }

  /** What a final verdict does to the run. */
  enum Effect {
    NONE,
    /** The run's stop changed how the component ended: the run's status says so. */
    ENDED_BY_STOP,
    /** The run's own deadline ended the attempt: the run stops as {@code TIMED_OUT}. */
    STOPS_RUN
  }

  /**
   * An attempt whose task threw {@code error}.
   *
   * @param mask hides the secrets the attempt sent, in every text taken from the error
   * @param cutShort the HTTP call whose own timeout (the attempt's remaining time) ended it, or
   *     null
   * @param pastDeadline whether the attempt's deadline had passed when its task ended
   * @param ownDeadline whether the attempt's deadline was its own timeout, before the run's
   */
  static Verdict afterFailure(
      Ended attempt,
      Throwable error,
      UnaryOperator<String> mask,
      @Nullable String cutShort,
      boolean pastDeadline,
      boolean ownDeadline,
      RunState run) {
    QuotaExhaustedException quota = causeOf(error, QuotaExhaustedException.class);
    if (quota != null) {
      return new Final(
          Status.SKIPPED, new Reason(ReasonCode.QUOTA_EXHAUSTED, quota.getMessage()), null, null);
    }
    if (causeOf(error, ComponentCancelledException.class) != null
        && (cutShort != null || pastDeadline)) {
      // the context's own checks saw the deadline before the engine's timer: never a failure
      String activity = cutShort != null ? cutShort : ErrorText.summarize(error, mask);
      return ownDeadline ? afterTimeout(attempt, activity, run) : runTimedOut(activity, run);
    }
    RetryPolicy policy = attempt.retry();
    String summary = ErrorText.summarize(error, mask);
    Failure failure = new Failure(summary, ErrorText.detail(error, mask), false);
    String failed = "failed on attempt " + attempt.number() + " of " + attempt.maxAttempts();
    if (policy.shouldRetry(attempt.number(), error)) {
      Verdict retry = retry(attempt, error, failure, run);
      if (retry instanceof Retry) {
        return retry;
      }
      return new Final(
          Status.FAILED,
          new Reason(ReasonCode.TASK_FAILED, failed + "; " + retryRefused(run) + ": " + summary),
          summary,
          failure.detail(),
          ((Final) retry).effect());
    }
    String message =
        attempt.number() < attempt.maxAttempts() && !policy.isRetryable(error)
            ? failed + " with a failure that is not retried: " + summary
            : failed + ": " + summary;
    return new Final(
        Status.FAILED, new Reason(ReasonCode.TASK_FAILED, message), summary, failure.detail());
  }

  /**
   * An attempt whose own timeout passed; {@code activity} is what it was doing, or null. Retried
   * like a failure of type {@link ComponentTimeoutException}.
   */
  static Verdict afterTimeout(Ended attempt, @Nullable String activity, RunState run) {
    ComponentTimeoutException timeout =
        new ComponentTimeoutException(attempt.component(), attempt.timeout());
    String error = activity == null ? timeout.getMessage() : timeout.getMessage() + ": " + activity;
    Failure failure =
        new Failure(error, ErrorDetail.of(ComponentTimeoutException.class.getName(), error), true);
    boolean retryable = attempt.retry().shouldRetry(attempt.number(), timeout);
    Effect effect = Effect.NONE;
    if (retryable) {
      Verdict retry = retry(attempt, timeout, failure, run);
      if (retry instanceof Retry) {
        return retry;
      }
      effect = ((Final) retry).effect();
    }
    Reason reason =
        new Reason(
            ReasonCode.TIMED_OUT,
            exceeded(attempt.number(), attempt.maxAttempts(), attempt.timeout())
                + (retryable ? "; " + retryRefused(run) : ""));
    return new Final(Status.TIMED_OUT, reason, error, failure.detail(), effect);
  }

  /**
   * A retry the policy allows, unless the run is stopping or the attempt would start after the
   * run's deadline; if not, a final verdict whose only meaning is its effect.
   */
  private static Verdict retry(Ended attempt, Throwable error, Failure failure, RunState run) {
    if (run.stopping() != null) {
      return new Final(Status.FAILED, NO_REASON, null, null, Effect.ENDED_BY_STOP);
    }
    Duration delay =
        attempt.retry().delayAfter(attempt.number(), run.jitter().getAsDouble(), error);
    if (RunClock.nanos(delay) >= run.nanosLeft()) {
      return new Final(Status.FAILED, NO_REASON, null, null);
    }
    return new Retry(delay, failure);
  }

  private static final Reason NO_REASON = new Reason(ReasonCode.TASK_FAILED, "");

  /** An attempt that the run's deadline stopped while its task ran; the run stops as timed out. */
  static Final runTimedOut(String activity, RunState run) {
    String error = stoppedBy(RunStatus.TIMED_OUT, run.runTimeout()) + ": " + activity;
    return new Final(
        Status.TIMED_OUT,
        new Reason(
            ReasonCode.RUN_TIMED_OUT, stoppedWhileRunning(RunStatus.TIMED_OUT, run.runTimeout())),
        error,
        ErrorDetail.of(ComponentTimeoutException.class.getName(), error),
        Effect.STOPS_RUN);
  }

  /**
   * An attempt whose task was running when the run stopped {@code as} timed out or cancelled;
   * {@code activity} is what it was doing, or null.
   */
  static Final stoppedWhileRunning(RunStatus as, Duration runTimeout, @Nullable String activity) {
    boolean timedOut = as == RunStatus.TIMED_OUT;
    String by = stoppedBy(as, runTimeout);
    return new Final(
        timedOut ? Status.TIMED_OUT : Status.CANCELLED,
        new Reason(
            timedOut ? ReasonCode.RUN_TIMED_OUT : ReasonCode.CANCELLED,
            stoppedWhileRunning(as, runTimeout)),
        activity == null ? null : by + ": " + activity,
        ErrorDetail.of(
            (timedOut ? ComponentTimeoutException.class : ComponentCancelledException.class)
                .getName(),
            activity == null ? by : by + ": " + activity));
  }

  /**
   * A component whose attempt failed or timed out and whose retry was waiting when the run stopped:
   * it ran, so it ends as its last attempt did, with the reason the retry never came.
   */
  static Final retryNotStarted(Ended last, Failure failure, RunState run) {
    if (failure.timedOut()) {
      return new Final(
          Status.TIMED_OUT,
          new Reason(
              ReasonCode.TIMED_OUT,
              exceeded(last.number(), last.maxAttempts(), last.timeout())
                  + "; "
                  + retryRefused(run)),
          failure.summary(),
          failure.detail());
    }
    return new Final(
        Status.FAILED,
        new Reason(
            ReasonCode.TASK_FAILED,
            "failed on attempt "
                + last.number()
                + " of "
                + last.maxAttempts()
                + "; "
                + retryRefused(run)
                + ": "
                + failure.summary()),
        failure.summary(),
        failure.detail());
  }

  /**
   * Why a component that had not started when the run stopped {@code as} did not; {@code holders}
   * are who held the worker slots it was waiting for, if it was ready.
   */
  static Reason notStarted(RunStatus as, Duration runTimeout, List<String> holders) {
    String waited =
        holders.isEmpty()
            ? ""
            : "; it was ready, waiting for a worker slot, all held by "
                + String.join(", ", holders);
    return switch (as) {
      case TIMED_OUT ->
          new Reason(
              ReasonCode.RUN_TIMED_OUT,
              "not started: the run's timeout of "
                  + Durations.format(runTimeout)
                  + " passed first"
                  + waited);
      case LEASE_LOST ->
          new Reason(
              ReasonCode.CANCELLED, "not started: the pipeline's lease was lost during the run");
      default ->
          new Reason(
              ReasonCode.CANCELLED,
              "not started: the orchestrator was closed during the run" + waited);
    };
  }

  /**
   * The reason of a component whose task completed: why it ran ({@code planned}) and what its probe
   * found (a forced run: that it ran although the source was unchanged), or only the probe's
   * finding if the source was unchanged and the run not forced, and, if earlier attempts failed,
   * the last of those failures.
   *
   * @param probe what the change detector found, or null if it has none
   * @param changed whether the task reported new data
   * @param why the task's first note, for a task that reported no new data, or null
   * @param failedBefore the previous attempt's failure, or null if this was the first attempt
   */
  static Reason success(
      Reason planned,
      ChangeTracker.@Nullable Found probe,
      boolean forced,
      boolean changed,
      @Nullable String why,
      int number,
      @Nullable String failedBefore) {
    Reason reason;
    if (probe != null && !probe.changed() && !forced) {
      reason = new Reason(ReasonCode.SOURCE_UNCHANGED, probe.sentence());
    } else {
      reason =
          changed
              ? planned
              : new Reason(
                  ReasonCode.SOURCE_UNCHANGED,
                  "unchanged: " + (why == null ? "the task reported no new data" : why));
      if (probe != null) {
        String found =
            probe.changed()
                ? probe.sentence()
                : "it ran although its source was " + probe.sentence(); // forced
        reason = new Reason(reason.code(), reason.message() + "; " + found);
      }
    }
    if (failedBefore != null) {
      reason =
          new Reason(
              reason.code(),
              reason.message() + "; succeeded on attempt " + number + " after: " + failedBefore);
    }
    return reason;
  }

  /** Why a retry the policy allows was not made: the run stopped, or its deadline is too near. */
  static String retryRefused(RunState run) {
    if (run.stopping() == RunStatus.CANCELLED) {
      return "the retry was not started: the orchestrator was closed during the run";
    }
    if (run.stopping() == RunStatus.LEASE_LOST) {
      return "the retry was not started: the pipeline's lease was lost during the run";
    }
    if (run.stopping() == RunStatus.TIMED_OUT) {
      return "the retry was not started: the run's timeout of "
          + Durations.format(run.runTimeout())
          + " passed first";
    }
    return "not retried: the next attempt would start after the run's timeout";
  }

  private static String exceeded(int number, int max, Duration timeout) {
    return "attempt "
        + number
        + " of "
        + max
        + " exceeded the timeout of "
        + Durations.format(timeout)
        + " and was stopped";
  }

  private static String stoppedWhileRunning(RunStatus as, Duration runTimeout) {
    return switch (as) {
      case TIMED_OUT ->
          "stopped: the run's timeout of "
              + Durations.format(runTimeout)
              + " passed while it was running";
      case LEASE_LOST -> "stopped: the pipeline's lease was lost while it was running";
      default -> "stopped: the orchestrator was closed while it was running";
    };
  }

  private static String stoppedBy(RunStatus as, Duration runTimeout) {
    return switch (as) {
      case TIMED_OUT -> "stopped by the run's timeout of " + Durations.format(runTimeout);
      case LEASE_LOST -> "stopped because the pipeline's lease was lost";
      default -> "stopped by close()";
    };
  }

  /** The first exception of {@code type} in {@code error}'s chain of causes, or null. */
  static <T extends Throwable> @Nullable T causeOf(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}

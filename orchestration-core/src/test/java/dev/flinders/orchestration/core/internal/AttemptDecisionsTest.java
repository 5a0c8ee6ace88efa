package dev.flinders.orchestration.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ComponentCancelledException;
import dev.flinders.orchestration.Reason;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.change.Fingerprint;
import dev.flinders.orchestration.quota.QuotaExhaustedException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verdicts on finished attempts, as a table: each row an attempt and the run as they were, and
 * the verdict in one line: {@code RETRY after <delay>}, or the final status, reason code and
 * sentence, with the run-level effect if there is one. No threads, no clock.
 */
class AttemptDecisionsTest {
  private static final Duration RUN_TIMEOUT = Duration.ofHours(2);
  private static final long PLENTY = Duration.ofHours(1).toNanos();
  private static final RetryPolicy THREE =
      RetryPolicy.builder()
          .maxAttempts(3)
          .initialDelay(Duration.ofSeconds(10))
          .abortOn(IllegalArgumentException.class)
          .build();
  private static final IOException BOOM = new IOException("boom");

  static Stream<Arguments> failures() {
    return Stream.of(
        row(
            "attempt 1 of 3 fails, time to spare",
            () -> failure(1, BOOM, running(PLENTY)),
            "RETRY after 10s, remembering IOException: boom"),
        row(
            "attempt 3 of 3 fails",
            () -> failure(3, BOOM, running(PLENTY)),
            "FAILED TASK_FAILED failed on attempt 3 of 3: IOException: boom"),
        row(
            "a failure the policy aborts on",
            () -> failure(1, new IllegalArgumentException("bad id"), running(PLENTY)),
            "FAILED TASK_FAILED failed on attempt 1 of 3 with a failure that is not retried:"
                + " IllegalArgumentException: bad id"),
        row(
            "the retry would start after the run's deadline",
            () -> failure(1, BOOM, running(Duration.ofSeconds(10).toNanos())),
            "FAILED TASK_FAILED failed on attempt 1 of 3; not retried: the next attempt would"
                + " start after the run's timeout: IOException: boom"),
        row(
            "the run was closed before the retry",
            () -> failure(1, BOOM, stopping(RunStatus.CANCELLED)),
            "FAILED TASK_FAILED failed on attempt 1 of 3; the retry was not started: the"
                + " orchestrator was closed during the run: IOException: boom [ENDED_BY_STOP]"),
        row(
            "the run's deadline passed before the retry",
            () -> failure(1, BOOM, stopping(RunStatus.TIMED_OUT)),
            "FAILED TASK_FAILED failed on attempt 1 of 3; the retry was not started: the run's"
                + " timeout of 2h passed first: IOException: boom [ENDED_BY_STOP]"),
        row(
            "the quota refused a call, wrapped by the task",
            () ->
                failure(
                    1,
                    new IllegalStateException(
                        "fetch failed", new QuotaExhaustedException("ptv", "quota of ptv is used")),
                    running(PLENTY)),
            "SKIPPED QUOTA_EXHAUSTED quota of ptv is used"),
        row(
            "the context refused a call at the attempt's own deadline",
            () ->
                AttemptDecisions.afterFailure(
                    attempt(1),
                    new ComponentCancelledException("no time left"),
                    UnaryOperator.identity(),
                    "GET http://x/feed",
                    true,
                    true,
                    running(PLENTY)),
            "RETRY after 10s, remembering component \"feed\" exceeded its timeout of 5m: GET"
                + " http://x/feed"),
        row(
            "the context refused a call at the run's deadline",
            () ->
                AttemptDecisions.afterFailure(
                    attempt(1),
                    new ComponentCancelledException("no time left"),
                    UnaryOperator.identity(),
                    "GET http://x/feed",
                    true,
                    false,
                    running(0)),
            "TIMED_OUT RUN_TIMED_OUT stopped: the run's timeout of 2h passed while it was running"
                + " [STOPS_RUN] (stopped by the run's timeout of 2h: GET http://x/feed)"),
        row(
            "a cancellation thrown before any deadline is a plain failure",
            () ->
                AttemptDecisions.afterFailure(
                    attempt(3),
                    new ComponentCancelledException("cancelled by the task itself"),
                    UnaryOperator.identity(),
                    null,
                    false,
                    true,
                    running(PLENTY)),
            "FAILED TASK_FAILED failed on attempt 3 of 3: ComponentCancelledException: cancelled by"
                + " the task itself"),
        row(
            "a secret in the failure is masked",
            () ->
                AttemptDecisions.afterFailure(
                    attempt(3),
                    new IOException("GET https://api?key=s3cret failed"),
                    text -> text.replace("s3cret", "****"),
                    null,
                    false,
                    true,
                    running(PLENTY)),
            "FAILED TASK_FAILED failed on attempt 3 of 3: IOException: GET https://api?key=****"
                + " failed"));
  }

  static Stream<Arguments> timeouts() {
    return Stream.of(
        row(
            "attempt 1 of 3 times out while calling",
            () -> AttemptDecisions.afterTimeout(attempt(1), "GET http://x/feed", running(PLENTY)),
            "RETRY after 10s, remembering component \"feed\" exceeded its timeout of 5m: GET"
                + " http://x/feed"),
        row(
            "attempt 3 of 3 times out",
            () -> AttemptDecisions.afterTimeout(attempt(3), null, running(PLENTY)),
            "TIMED_OUT TIMED_OUT attempt 3 of 3 exceeded the timeout of 5m and was stopped"
                + " (component \"feed\" exceeded its timeout of 5m)"),
        row(
            "the run stops as the retry would be scheduled",
            () -> AttemptDecisions.afterTimeout(attempt(1), null, stopping(RunStatus.TIMED_OUT)),
            "TIMED_OUT TIMED_OUT attempt 1 of 3 exceeded the timeout of 5m and was stopped; the"
                + " retry was not started: the run's timeout of 2h passed first [ENDED_BY_STOP]"
                + " (component \"feed\" exceeded its timeout of 5m)"),
        row(
            "no time for a retry",
            () -> AttemptDecisions.afterTimeout(attempt(2), null, running(1)),
            "TIMED_OUT TIMED_OUT attempt 2 of 3 exceeded the timeout of 5m and was stopped; not"
                + " retried: the next attempt would start after the run's timeout"
                + " (component \"feed\" exceeded its timeout of 5m)"));
  }

  static Stream<Arguments> stops() {
    AttemptDecisions.Failure failed =
        new AttemptDecisions.Failure("IOException: boom", null, false);
    AttemptDecisions.Failure timedOut =
        new AttemptDecisions.Failure("component \"feed\" exceeded its timeout of 5m", null, true);
    return Stream.of(
        row(
            "running when the run's deadline passed",
            () ->
                AttemptDecisions.stoppedWhileRunning(
                    RunStatus.TIMED_OUT, RUN_TIMEOUT, "the task was at Feed.read(Feed.java:12)"),
            "TIMED_OUT RUN_TIMED_OUT stopped: the run's timeout of 2h passed while it was running"
                + " (stopped by the run's timeout of 2h: the task was at Feed.read(Feed.java:12))"),
        row(
            "running when the orchestrator was closed, no thread in it",
            () -> AttemptDecisions.stoppedWhileRunning(RunStatus.CANCELLED, RUN_TIMEOUT, null),
            "CANCELLED CANCELLED stopped: the orchestrator was closed while it was running"),
        row(
            "waiting for its retry after a failure, run closed",
            () ->
                AttemptDecisions.retryNotStarted(attempt(1), failed, stopping(RunStatus.CANCELLED)),
            "FAILED TASK_FAILED failed on attempt 1 of 3; the retry was not started: the"
                + " orchestrator was closed during the run: IOException: boom"),
        row(
            "waiting for its retry after a timeout, run timed out",
            () ->
                AttemptDecisions.retryNotStarted(
                    attempt(2), timedOut, stopping(RunStatus.TIMED_OUT)),
            "TIMED_OUT TIMED_OUT attempt 2 of 3 exceeded the timeout of 5m and was stopped; the"
                + " retry was not started: the run's timeout of 2h passed first"
                + " (component \"feed\" exceeded its timeout of 5m)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"failures", "timeouts", "stops"})
  void verdict(String situation, Supplier<AttemptDecisions.Verdict> decide, String expected) {
    assertThat(describe(decide.get())).as(situation).isEqualTo(expected);
  }

  @Test
  void jitter_isDrawnOnlyWhenTheRunGoesOn_andTheFailureMayBeRetried() {
    AtomicInteger draws = new AtomicInteger();
    DoubleSupplier counting =
        () -> {
          draws.incrementAndGet();
          return 0.5;
        };
    AttemptDecisions.afterFailure(
        attempt(1),
        BOOM,
        UnaryOperator.identity(),
        null,
        false,
        true,
        new AttemptDecisions.RunState(RunStatus.CANCELLED, PLENTY, RUN_TIMEOUT, counting));
    AttemptDecisions.afterFailure(
        attempt(3),
        BOOM,
        UnaryOperator.identity(),
        null,
        false,
        true,
        new AttemptDecisions.RunState(null, PLENTY, RUN_TIMEOUT, counting));
    assertThat(draws).as("a stopping run and a last attempt draw nothing").hasValue(0);

    AttemptDecisions.afterFailure(
        attempt(1),
        BOOM,
        UnaryOperator.identity(),
        null,
        false,
        true,
        new AttemptDecisions.RunState(null, PLENTY, RUN_TIMEOUT, counting));
    assertThat(draws).as("a retry scheduled").hasValue(1);

    AttemptDecisions.afterFailure(
        attempt(1),
        BOOM,
        UnaryOperator.identity(),
        null,
        false,
        true,
        new AttemptDecisions.RunState(null, 1, RUN_TIMEOUT, counting));
    // the delay, jitter included, is what shows the retry would outlive the run: seeded runs draw
    // the same numbers in the same order as before the engine was split into these classes
    assertThat(draws).as("a retry refused for the run's deadline").hasValue(2);
  }

  @Test
  void notStarted_namesTheStopAndWhoHeldTheSlots() {
    assertThat(
            AttemptDecisions.notStarted(
                RunStatus.TIMED_OUT, RUN_TIMEOUT, List.of("\"slow\" (running)")))
        .isEqualTo(
            new Reason(
                ReasonCode.RUN_TIMED_OUT,
                "not started: the run's timeout of 2h passed first; it was ready, waiting for a"
                    + " worker slot, all held by \"slow\" (running)"));
    assertThat(AttemptDecisions.notStarted(RunStatus.CANCELLED, RUN_TIMEOUT, List.of()))
        .isEqualTo(
            new Reason(
                ReasonCode.CANCELLED, "not started: the orchestrator was closed during the run"));
  }

  static Stream<Arguments> successes() {
    ChangeTracker.Found unchanged =
        new ChangeTracker.Found(
            Fingerprint.of("etag", "ETag \"a\"", java.util.Map.of("etag", "a")),
            false,
            "unchanged: ETag \"a\" same as on 1 May");
    ChangeTracker.Found changed =
        new ChangeTracker.Found(
            Fingerprint.of("etag", "ETag \"b\"", java.util.Map.of("etag", "b")),
            true,
            "source changed: ETag \"b\", was \"a\"");
    return Stream.of(
        Arguments.of(
            "no detector, new data", null, false, true, null, 1, null, "DUE: due: daily at 06:00"),
        Arguments.of(
            "the probe found no change",
            unchanged,
            false,
            true,
            null,
            1,
            null,
            "SOURCE_UNCHANGED: unchanged: ETag \"a\" same as on 1 May"),
        Arguments.of(
            "forced although unchanged",
            unchanged,
            true,
            true,
            null,
            1,
            null,
            "DUE: due: daily at 06:00; it ran although its source was unchanged: ETag \"a\""
                + " same as on 1 May"),
        Arguments.of(
            "changed, on the second attempt",
            changed,
            false,
            true,
            null,
            2,
            "IOException: boom",
            "DUE: due: daily at 06:00; source changed: ETag \"b\", was \"a\"; succeeded on attempt"
                + " 2 after: IOException: boom"),
        Arguments.of(
            "the task reported nothing new",
            null,
            false,
            false,
            null,
            1,
            null,
            "SOURCE_UNCHANGED: unchanged: the task reported no new data"),
        Arguments.of(
            "the task said why nothing is new",
            null,
            false,
            false,
            "the feed's SHA-256 3f9a is the one delivered before",
            1,
            null,
            "SOURCE_UNCHANGED: unchanged: the feed's SHA-256 3f9a is the one delivered before"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("successes")
  void successReason(
      String situation,
      ChangeTracker.Found probe,
      boolean forced,
      boolean changed,
      String why,
      int attempt,
      String failedBefore,
      String expected) {
    Reason due = new Reason(ReasonCode.DUE, "due: daily at 06:00");
    assertThat(
            AttemptDecisions.success(due, probe, forced, changed, why, attempt, failedBefore)
                .toString())
        .as(situation)
        .isEqualTo(expected);
  }

  private static Arguments row(
      String situation, Supplier<AttemptDecisions.Verdict> decide, String expected) {
    return Arguments.of(situation, decide, expected);
  }

  private static AttemptDecisions.Ended attempt(int number) {
    return new AttemptDecisions.Ended("feed", THREE, Duration.ofMinutes(5), number);
  }

  private static AttemptDecisions.RunState running(long nanosLeft) {
    return new AttemptDecisions.RunState(null, nanosLeft, RUN_TIMEOUT, () -> 0.5);
  }

  private static AttemptDecisions.RunState stopping(RunStatus as) {
    return new AttemptDecisions.RunState(as, PLENTY, RUN_TIMEOUT, () -> 0.5);
  }

  private static AttemptDecisions.Verdict failure(
      int number, Throwable error, AttemptDecisions.RunState run) {
    return AttemptDecisions.afterFailure(
        attempt(number), error, UnaryOperator.identity(), null, false, true, run);
  }

  private static String describe(AttemptDecisions.Verdict verdict) {
    if (verdict instanceof AttemptDecisions.Retry retry) {
      return "RETRY after "
          + dev.flinders.orchestration.Durations.format(retry.delay())
          + ", remembering "
          + retry.failure().summary();
    }
    AttemptDecisions.Final end = (AttemptDecisions.Final) verdict;
    return end.status()
        + " "
        + end.reason().code()
        + " "
        + end.reason().message()
        + (end.effect() == AttemptDecisions.Effect.NONE ? "" : " [" + end.effect() + "]")
        + (end.error() == null || end.reason().message().contains(end.error())
            ? ""
            : " (" + end.error() + ")");
  }
}

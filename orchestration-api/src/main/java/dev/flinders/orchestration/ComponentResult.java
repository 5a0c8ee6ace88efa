package dev.flinders.orchestration;

import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.http.HttpUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one component ended in one run, and why. Immutable.
 *
 * @param component the component's name
 * @param status how it ended
 * @param reason why: for components that ran, why they ran (or why they failed); for the others,
 *     why they did not
 * @param attempts attempts made; zero if the task never started
 * @param startedAt when the first attempt started, or null if none did
 * @param endedAt when it ended, or null if it never started
 * @param duration time from the first attempt's start to the end, including retry waits; zero if it
 *     never started
 * @param outcome what the task reported, or null if it did not complete
 * @param error a one-line summary of the last failure (exception type and message), or null
 * @param errorDetail the last failure in parts a program can act on, or null
 * @param http the HTTP calls its attempts made through {@code ComponentContext.http()}, or null if
 *     none
 * @param datasets what happened to each dataset its attempts wrote: those of attempts that were
 *     retried first (discarded, their {@code failure} starting with "attempt N: "), then the last
 *     attempt's
 */
public record ComponentResult(
    String component,
    Status status,
    Reason reason,
    int attempts,
    @Nullable Instant startedAt,
    @Nullable Instant endedAt,
    Duration duration,
    @Nullable Outcome outcome,
    @Nullable String error,
    @Nullable ErrorDetail errorDetail,
    @Nullable HttpUsage http,
    List<DatasetSummary> datasets) {

  public ComponentResult {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(duration, "duration");
    datasets = datasets == null ? List.of() : List.copyOf(datasets);
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
    }
  }

  /** A result without HTTP calls. */
  public ComponentResult(
      String component,
      Status status,
      Reason reason,
      int attempts,
      @Nullable Instant startedAt,
      @Nullable Instant endedAt,
      Duration duration,
      @Nullable Outcome outcome,
      @Nullable String error) {
    this(
        component, status, reason, attempts, startedAt, endedAt, duration, outcome, error, null,
        null, List.of());
  }

  /** A component that was not started, with the reason. */
  public static ComponentResult notStarted(String component, Status status, Reason reason) {
    return new ComponentResult(component, status, reason, 0, null, null, Duration.ZERO, null, null);
  }

  /** This result with another error summary. */
  public ComponentResult withError(@Nullable String error) {
    return new ComponentResult(
        component,
        status,
        reason,
        attempts,
        startedAt,
        endedAt,
        duration,
        outcome,
        error,
        errorDetail,
        http,
        datasets);
  }

  /**
   * This result with other HTTP totals and dataset summaries, e.g. once a stopped task returned.
   */
  public ComponentResult withUsage(@Nullable HttpUsage http, List<DatasetSummary> datasets) {
    return new ComponentResult(
        component,
        status,
        reason,
        attempts,
        startedAt,
        endedAt,
        duration,
        outcome,
        error,
        errorDetail,
        http,
        datasets);
  }

  /**
   * Whether downstreams with the default trigger must be skipped because of this result: it failed,
   * timed out or was cancelled, or was itself skipped because of such an upstream.
   */
  public boolean blocksDownstreams() {
    return status.isFailure()
        || (status == Status.SKIPPED
            && (reason.code() == ReasonCode.UPSTREAM_FAILED
                || reason.code() == ReasonCode.RUN_TIMED_OUT
                || reason.code() == ReasonCode.CANCELLED));
  }

  /** Whether this result brought new data: the task succeeded and reported a change. */
  public boolean changed() {
    return status == Status.SUCCEEDED && (outcome == null || outcome.changed());
  }
}

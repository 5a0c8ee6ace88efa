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
 * @param breaches the thresholds its success breached, one line each ({@code duration above 5m:
 *     took 7m12s, above 5m}); empty otherwise
 * @param resources what its attempts used (CPU, allocation, heap, waits for a slot and for quota),
 *     or null if it did not start or the orchestrator does not measure it
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
    List<DatasetSummary> datasets,
    @Nullable ResourceUse resources,
    List<String> breaches) {

  public ComponentResult {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(duration, "duration");
    datasets = datasets == null ? List.of() : List.copyOf(datasets);
    breaches = breaches == null ? List.of() : List.copyOf(breaches);
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
        null, List.of(), null, List.of());
  }

  /** A component that was not started, with the reason. */
  public static ComponentResult notStarted(String component, Status status, Reason reason) {
    return new ComponentResult(component, status, reason, 0, null, null, Duration.ZERO, null, null);
  }

  /** A builder for the result of {@code component}, started with its status and reason. */
  public static Builder builder(String component, Status status, Reason reason) {
    return new Builder(component, status, reason);
  }

  /** A builder that starts from this result, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
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

  /**
   * Builds a {@link ComponentResult}; every field not set is as in {@link #notStarted}: no
   * attempts, no times, no outcome, error, HTTP calls or datasets. Not thread-safe.
   */
  public static final class Builder {
    private final String component;
    private Status status;
    private Reason reason;
    private int attempts;
    private @Nullable Instant startedAt;
    private @Nullable Instant endedAt;
    private Duration duration = Duration.ZERO;
    private @Nullable Outcome outcome;
    private @Nullable String error;
    private @Nullable ErrorDetail errorDetail;
    private @Nullable HttpUsage http;
    private List<DatasetSummary> datasets = List.of();
    private @Nullable ResourceUse resources;
    private List<String> breaches = List.of();

    private Builder(String component, Status status, Reason reason) {
      this.component = Objects.requireNonNull(component, "component");
      this.status = Objects.requireNonNull(status, "status");
      this.reason = Objects.requireNonNull(reason, "reason");
    }

    private Builder(ComponentResult result) {
      this.component = result.component;
      this.status = result.status;
      this.reason = result.reason;
      this.attempts = result.attempts;
      this.startedAt = result.startedAt;
      this.endedAt = result.endedAt;
      this.duration = result.duration;
      this.outcome = result.outcome;
      this.error = result.error;
      this.errorDetail = result.errorDetail;
      this.http = result.http;
      this.datasets = result.datasets;
      this.resources = result.resources;
      this.breaches = result.breaches;
    }

    public Builder status(Status status) {
      this.status = Objects.requireNonNull(status, "status");
      return this;
    }

    public Builder reason(Reason reason) {
      this.reason = Objects.requireNonNull(reason, "reason");
      return this;
    }

    /**
     * The attempts made, when the first started and when the last ended ({@code duration} is the
     * time between, retry waits included).
     */
    public Builder attempts(int attempts, Instant startedAt, Instant endedAt) {
      if (attempts < 0) {
        throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
      }
      this.attempts = attempts;
      this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
      this.endedAt = Objects.requireNonNull(endedAt, "endedAt");
      this.duration = Duration.between(startedAt, endedAt);
      return this;
    }

    public Builder outcome(@Nullable Outcome outcome) {
      this.outcome = outcome;
      return this;
    }

    /** The last failure, as one line for people and in parts for programs. */
    public Builder error(@Nullable String error, @Nullable ErrorDetail errorDetail) {
      this.error = error;
      this.errorDetail = errorDetail;
      return this;
    }

    /** The last failure's one-line summary; its detail stays as it was. */
    public Builder error(@Nullable String error) {
      this.error = error;
      return this;
    }

    public Builder http(@Nullable HttpUsage http) {
      this.http = http;
      return this;
    }

    public Builder datasets(List<DatasetSummary> datasets) {
      this.datasets = Objects.requireNonNull(datasets, "datasets");
      return this;
    }

    /** What its attempts used: CPU, memory, waits. */
    public Builder resources(@Nullable ResourceUse resources) {
      this.resources = resources;
      return this;
    }

    /** The thresholds its success breached. */
    public Builder breaches(List<String> breaches) {
      this.breaches = Objects.requireNonNull(breaches, "breaches");
      return this;
    }

    public ComponentResult build() {
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
          datasets,
          resources,
          breaches);
    }
  }
}

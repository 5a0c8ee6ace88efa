package dev.flinders.orchestration.spi;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.change.Fingerprint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the engine keeps about one component between runs: how it last ended, when it last succeeded
 * (schedules are computed from this), and the task's own small state. Immutable.
 *
 * @param component the component's name
 * @param lastRunId the run it last ran in, or null if it never ran
 * @param lastResult how it ended in that run, or null if it never ran
 * @param lastSucceededAt the start of the last run in which it succeeded or was unchanged, or null
 * @param state the task's key-value state (see {@code ComponentContext.state()})
 * @param fingerprint what its change detector saw at its last success, or null
 * @param fingerprintAt the start of the run that first saw that fingerprint, or null
 * @param unchangedProbes how many probes in a row, up to the last success, found the source
 *     unchanged (for adaptive polling)
 * @param recentDurations the durations of its last successes, oldest first, as many as its
 *     thresholds relative to its history look at (up to {@value #RECENT}); empty without one
 * @param changes the start times of the last runs whose probe found its source changed (a first
 *     probe is not a change), oldest first, up to {@value #CHANGES}: what {@code plan()} learns
 *     when the source usually changes from
 */
public record ComponentRecord(
    String component,
    @Nullable String lastRunId,
    @Nullable ComponentResult lastResult,
    @Nullable Instant lastSucceededAt,
    Map<String, String> state,
    @Nullable Fingerprint fingerprint,
    @Nullable Instant fingerprintAt,
    int unchangedProbes,
    List<java.time.Duration> recentDurations,
    List<Instant> changes) {

  /** How many durations of successes a record keeps. */
  public static final int RECENT = 100;

  /** How many change times a record keeps: a year of a monthly source. */
  public static final int CHANGES = 12;

  public ComponentRecord {
    Objects.requireNonNull(component, "component");
    if (unchangedProbes < 0) {
      throw new IllegalArgumentException(
          "unchangedProbes must not be negative, was " + unchangedProbes);
    }
    state =
        state == null || state.isEmpty() // null: a record written without it
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new TreeMap<>(state));
    recentDurations = recentDurations == null ? List.of() : List.copyOf(recentDurations);
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  /** A record without change times. */
  public ComponentRecord(
      String component,
      @Nullable String lastRunId,
      @Nullable ComponentResult lastResult,
      @Nullable Instant lastSucceededAt,
      Map<String, String> state,
      @Nullable Fingerprint fingerprint,
      @Nullable Instant fingerprintAt,
      int unchangedProbes,
      List<java.time.Duration> recentDurations) {
    this(
        component,
        lastRunId,
        lastResult,
        lastSucceededAt,
        state,
        fingerprint,
        fingerprintAt,
        unchangedProbes,
        recentDurations,
        List.of());
  }

  /** A record without durations of past successes. */
  public ComponentRecord(
      String component,
      @Nullable String lastRunId,
      @Nullable ComponentResult lastResult,
      @Nullable Instant lastSucceededAt,
      Map<String, String> state,
      @Nullable Fingerprint fingerprint,
      @Nullable Instant fingerprintAt,
      int unchangedProbes) {
    this(
        component,
        lastRunId,
        lastResult,
        lastSucceededAt,
        state,
        fingerprint,
        fingerprintAt,
        unchangedProbes,
        List.of());
  }

  /** The record of a component that has never run. */
  public static ComponentRecord empty(String component) {
    return new ComponentRecord(component, null, null, null, Map.of(), null, null, 0);
  }

  /** A record without change detection. */
  public ComponentRecord(
      String component,
      @Nullable String lastRunId,
      @Nullable ComponentResult lastResult,
      @Nullable Instant lastSucceededAt,
      Map<String, String> state) {
    this(component, lastRunId, lastResult, lastSucceededAt, state, null, null, 0);
  }
}

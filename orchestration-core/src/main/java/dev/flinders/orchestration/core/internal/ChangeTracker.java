package dev.flinders.orchestration.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.LeaseLostException;
import dev.flinders.orchestration.change.ChangeDetector;
import dev.flinders.orchestration.change.Fingerprint;
import dev.flinders.orchestration.change.ProbeContext;
import dev.flinders.orchestration.http.Http;
import dev.flinders.orchestration.spi.ComponentRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change tracking for one run: probes a component's source with its change detector before its
 * task, explains what the probe found, and writes each component's record when it ends: its last
 * result, its last success and state, and the fingerprint and unchanged-probe count that the next
 * run's probe and adaptive polling start from. See docs/change-detection.md. Thread-safe: probes
 * run on workers, each component's record is written once per run.
 */
final class ChangeTracker {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeTracker.class);

  /**
   * What a probe found.
   *
   * @param fingerprint what the detector saw
   * @param changed whether that is a change from the last success (always, on a first probe)
   * @param sentence the finding for the component's reason
   */
  record Found(Fingerprint fingerprint, boolean changed, String sentence) {}

  private final RunContext run;

  /** Told when the store refuses a record because the pipeline's lease was lost. */
  private final java.util.function.Consumer<LeaseLostException> leaseLost;

  /** Values the run's probes share (see {@link ProbeContext#sharedInRun}); made at first use. */
  private volatile @Nullable Cache<String, Object> shared;

  ChangeTracker(RunContext run, java.util.function.Consumer<LeaseLostException> leaseLost) {
    this.run = run;
    this.leaseLost = leaseLost;
  }

  /**
   * Runs the component's change detector, if it has one, keeping what it found on the attempt.
   *
   * @return whether the task must run: there is no detector, the source changed, or the run is
   *     forced (a forced run probes to record the fingerprint; if the probe fails, it runs anyway)
   */
  boolean mustRun(Attempt attempt) throws Exception {
    int p = attempt.position;
    ChangeDetector detector = run.dag.detector(p);
    if (detector == null) {
      return true;
    }
    Component component = run.dag.component(p);
    boolean forced = run.forced(p);
    try {
      attempt.probe = probe(detector, attempt);
    } catch (Exception e) {
      if (!forced || attempt.isCancelled()) {
        throw e;
      }
      LOG.warn(
          "{}: the change detector failed ({}); running anyway because the run is forced",
          component.name(),
          ErrorText.summarize(e, attempt::mask));
      return true;
    }
    if (forced || attempt.probe.changed()) {
      return true;
    }
    attempt.closeDownloads(); // the task will not run: nothing the probe downloaded is needed
    return false;
  }

  private Found probe(ChangeDetector detector, Attempt attempt) throws Exception {
    ComponentRecord record = run.records[attempt.position];
    Optional<Fingerprint> previous = Optional.ofNullable(record.fingerprint());
    Fingerprint current;
    attempt.probing(true); // what it downloads in full is kept for the task
    try {
      current = detector.probe(new Context(attempt, previous));
    } finally {
      attempt.probing(false);
    }
    if (current == null) {
      throw new IllegalStateException(
          "the change detector " + detector + " returned no fingerprint");
    }
    if (previous.isEmpty()) {
      return new Found(current, true, "first probe: " + current.description());
    }
    Instant at = record.fingerprintAt();
    String since = at == null ? "at the last success" : "on " + Planner.format(at, run.zone());
    if (detector.changed(previous.get(), current)) {
      return new Found(
          current,
          true,
          "source changed: " + current.description() + ", was " + previous.get() + " " + since);
    }
    return new Found(current, false, "unchanged: " + current.description() + " same as " + since);
  }

  /**
   * Saves what the next run needs of the component at {@code p}: how it ended and, if it succeeded,
   * its state and what its probe found. {@code attempt} is the attempt {@code result} is of, or
   * null if none started. A store that fails is logged: the run goes on.
   */
  void record(int p, ComponentResult result, @Nullable Attempt attempt) {
    ComponentRecord previous = run.records[p];
    boolean success = result.status().isSuccess();
    Fingerprint fingerprint = previous.fingerprint();
    Instant fingerprintAt = previous.fingerprintAt();
    int unchangedProbes = previous.unchangedProbes();
    java.util.List<Instant> changes = previous.changes();
    Found probe = attempt == null ? null : attempt.probe;
    if (success && probe != null) {
      if (probe.changed()) {
        if (fingerprint != null) { // a first probe finds what is there, not a change
          changes = appended(changes, run.clock.startedAt(), ComponentRecord.CHANGES);
        }
        fingerprint = probe.fingerprint();
        fingerprintAt = run.clock.startedAt();
        unchangedProbes = 0;
      } else {
        unchangedProbes++;
      }
    }
    ComponentRecord record =
        new ComponentRecord(
            run.dag.name(p),
            run.runId,
            result,
            success ? run.clock.startedAt() : previous.lastSucceededAt(),
            success && attempt != null ? attempt.stateToSave() : previous.state(),
            fingerprint,
            fingerprintAt,
            unchangedProbes,
            success
                ? appended(previous.recentDurations(), result.duration(), kept(p))
                : previous.recentDurations(),
            changes);
    try {
      run.engine.store().saveComponent(run.pipeline(), record);
    } catch (LeaseLostException e) {
      // another instance holds the pipeline now: this run must not go on (docs/postgres.md)
      try (LogTags tags =
          LogTags.about(
              run.pipeline(), run.runId, run.dag.name(p), attempt == null ? 0 : attempt.number)) {
        LOG.error("{}; stopping run {}", e.getMessage(), run.runId);
      }
      leaseLost.accept(e);
    } catch (RuntimeException e) {
      try (LogTags tags =
          LogTags.about(
              run.pipeline(), run.runId, run.dag.name(p), attempt == null ? 0 : attempt.number)) {
        LOG.error(
            "cannot save the record of component {} in run {}", run.dag.name(p), run.runId, e);
      }
    }
  }

  /**
   * How many durations of successes the component at {@code p} keeps: as many as its relative
   * thresholds look at, none without one (a record write copies them).
   */
  private int kept(int p) {
    int kept = 0;
    for (dev.flinders.orchestration.Threshold threshold : run.dag.component(p).thresholds()) {
      kept = Math.max(kept, threshold.history());
    }
    return kept;
  }

  /** The last {@code kept} of {@code before} and {@code latest}, oldest first. */
  private static <T> java.util.List<T> appended(java.util.List<T> before, T latest, int kept) {
    if (kept == 0) {
      return java.util.List.of();
    }
    java.util.List<T> recent = new java.util.ArrayList<>(before);
    recent.add(latest);
    return recent.size() <= kept ? recent : recent.subList(recent.size() - kept, recent.size());
  }

  @SuppressWarnings("unchecked")
  private <T> T shared(String key, Supplier<T> compute) {
    Cache<String, Object> cache = shared;
    if (cache == null) {
      synchronized (this) {
        cache = shared;
        if (cache == null) {
          cache = Caffeine.newBuilder().build();
          shared = cache;
        }
      }
    }
    return (T) cache.get(key, ignored -> compute.get());
  }

  /** The probe's view of the attempt. */
  private final class Context implements ProbeContext {
    private final Attempt attempt;
    private final Optional<Fingerprint> previous;

    Context(Attempt attempt, Optional<Fingerprint> previous) {
      this.attempt = attempt;
      this.previous = previous;
    }

    @Override
    public String componentName() {
      return attempt.componentName();
    }

    @Override
    public Clock clock() {
      return attempt.clock();
    }

    @Override
    public Instant deadline() {
      return attempt.deadline();
    }

    @Override
    public Optional<Fingerprint> previous() {
      return previous;
    }

    @Override
    public Http http() {
      return attempt.http();
    }

    @Override
    public <T> T sharedInRun(String key, Supplier<T> compute) {
      return shared(key, compute);
    }

    @Override
    public ProbeContext withPrevious(Optional<Fingerprint> previous) {
      return new Context(attempt, previous);
    }
  }
}

package dev.flinders.orchestration.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.flinders.orchestration.change.ChangeDetector;
import dev.flinders.orchestration.change.Fingerprint;
import dev.flinders.orchestration.change.ProbeContext;
import dev.flinders.orchestration.http.Http;
import dev.flinders.orchestration.spi.ComponentRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Runs a component's change detector at the start of an attempt and explains what it found. */
final class Probing {
  private Probing() {}

  /**
   * What a probe found.
   *
   * @param fingerprint what the detector saw
   * @param changed whether that is a change from the last success (always, on a first probe)
   * @param sentence the finding for the component's reason
   */
  record Found(Fingerprint fingerprint, boolean changed, String sentence) {}

  /** Values shared by the probes of one run (see {@link ProbeContext#sharedInRun}). */
  static final class Shared {
    private volatile @Nullable Cache<String, Object> values;

    @SuppressWarnings("unchecked")
    <T> T get(String key, Supplier<T> compute) {
      Cache<String, Object> cache = values;
      if (cache == null) {
        synchronized (this) {
          cache = values;
          if (cache == null) {
            cache = Caffeine.newBuilder().build();
            values = cache;
          }
        }
      }
      return (T) cache.get(key, ignored -> compute.get());
    }
  }

  static Found probe(
      ChangeDetector detector, Attempt attempt, ComponentRecord record, Shared shared, ZoneId zone)
      throws Exception {
    Optional<Fingerprint> previous = Optional.ofNullable(record.fingerprint());
    Fingerprint current = detector.probe(new Context(attempt, previous, shared));
    if (current == null) {
      throw new IllegalStateException(
          "the change detector " + detector + " returned no fingerprint");
    }
    if (previous.isEmpty()) {
      return new Found(current, true, "first probe: " + current.description());
    }
    Instant at = record.fingerprintAt();
    String since = at == null ? "at the last success" : "on " + Planner.format(at, zone);
    if (detector.changed(previous.get(), current)) {
      return new Found(
          current,
          true,
          "source changed: " + current.description() + ", was " + previous.get() + " " + since);
    }
    return new Found(current, false, "unchanged: " + current.description() + " same as " + since);
  }

  /** The probe's view of the attempt. */
  private record Context(Attempt attempt, Optional<Fingerprint> previous, Shared shared)
      implements ProbeContext {
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
    public Http http() {
      return attempt.http();
    }

    @Override
    public <T> T sharedInRun(String key, Supplier<T> compute) {
      return shared.get(key, compute);
    }

    @Override
    public ProbeContext withPrevious(Optional<Fingerprint> previous) {
      return new Context(attempt, previous, shared);
    }
  }
}

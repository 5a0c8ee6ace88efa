package dev.flinders.orchestration.change;

import dev.flinders.orchestration.http.Http;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a {@link ChangeDetector} gets for one probe. The probe runs at the start of the component's
 * attempt, on its thread, within its timeout: HTTP calls through {@link #http()} are bounded,
 * cancelled, retried and counted like the task's.
 */
public interface ProbeContext {
  /** The component being probed. */
  String componentName();

  /** The engine's clock. */
  Clock clock();

  /** When the attempt, and so the probe, will be stopped. */
  Instant deadline();

  /**
   * The fingerprint this detector returned at the component's last success, e.g. to send its ETag
   * in {@code If-None-Match}; empty on a first probe.
   */
  Optional<Fingerprint> previous();

  /** HTTP bound to the attempt; see {@link Http}. */
  Http http();

  /**
   * The value for {@code key}, computed once per run and shared by every component that asks for
   * the same key (the others wait for the first): two components probing the same URL with the same
   * validators make one request. The key must say everything the value depends on.
   */
  <T> T sharedInRun(String key, Supplier<T> compute);

  /** This context, with {@link #previous()} replaced; composites give each part its own. */
  default ProbeContext withPrevious(Optional<Fingerprint> previous) {
    ProbeContext outer = this;
    return new ProbeContext() {
      @Override
      public String componentName() {
        return outer.componentName();
      }

      @Override
      public Clock clock() {
        return outer.clock();
      }

      @Override
      public Instant deadline() {
        return outer.deadline();
      }

      @Override
      public Optional<Fingerprint> previous() {
        return previous;
      }

      @Override
      public Http http() {
        return outer.http();
      }

      @Override
      public <T> T sharedInRun(String key, Supplier<T> compute) {
        return outer.sharedInRun(key, compute);
      }
    };
  }
}

package dev.flinders.orchestration.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.http.Http;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ChangeDetectorTest {

  /** A probe context with no HTTP: enough for detectors that read suppliers. */
  private record Probe(Optional<Fingerprint> previous) implements ProbeContext {
    @Override
    public String componentName() {
      return "c";
    }

    @Override
    public Clock clock() {
      return Clock.systemUTC();
    }

    @Override
    public Instant deadline() {
      return Instant.MAX;
    }

    @Override
    public Http http() {
      throw new UnsupportedOperationException("no HTTP in this test");
    }

    @Override
    public <T> T sharedInRun(String key, Supplier<T> compute) {
      return compute.get();
    }
  }

  @Test
  void fingerprintsCompareTheirValues_notTheirDescriptions() {
    Fingerprint a = Fingerprint.of("record-count", "resource has 222 records", Map.of("n", "222"));
    Fingerprint b = Fingerprint.of("record-count", "222 rows", Map.of("n", "222"));

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Fingerprint.of("record-count", "x", Map.of("n", "223")));
    assertThat(a.toString()).isEqualTo("resource has 222 records");
  }

  @Test
  void composites_giveEachPartItsOwnPrevious_andCombineTheirVerdicts() throws Exception {
    ChangeDetector count = ChangeDetector.recordCount("r", context -> 222L);
    ChangeDetector stamp =
        ChangeDetector.lastModified(
            "r",
            context ->
                context.previous().isPresent()
                    ? Instant.parse("2026-11-20T00:00:00Z")
                    : Instant.parse("2026-11-01T00:00:00Z"));
    ChangeDetector any = ChangeDetector.anyOf(count, stamp);
    ChangeDetector all = ChangeDetector.allOf(count, stamp);

    Fingerprint first = any.probe(new Probe(Optional.empty()));
    Fingerprint second = any.probe(new Probe(Optional.of(first)));

    assertThat(first.parts()).hasSize(2);
    assertThat(any.changed(first, second)).isTrue();
    Fingerprint allFirst = all.probe(new Probe(Optional.empty()));
    assertThat(all.changed(allFirst, all.probe(new Probe(Optional.of(allFirst))))).isFalse();
    assertThat(all.changed(first, second)).as("a previous of another shape").isTrue();
    assertThat(any.changed(first, first)).isFalse();
    assertThat(any.describe(Optional.empty()))
        .isEqualTo("any of: record count of r; last modified of r");
    assertThatThrownBy(ChangeDetector::anyOf).hasMessage("a composite needs at least one detector");
  }

  @Test
  void aSupplierReturningNothing_isAnError() {
    ChangeDetector nothing = ChangeDetector.recordCount("r", context -> null);

    assertThatThrownBy(() -> nothing.probe(new Probe(Optional.empty())))
        .hasMessage("the record-count probe of r returned null; it must return a value");
  }

  @Test
  void contentHashes_areSha256() throws Exception {
    Fingerprint hash =
        ChangeDetector.contentHashOfBytes("greeting", context -> "abc".getBytes())
            .probe(new Probe(Optional.empty()));

    assertThat(hash.values())
        .containsEntry(
            "sha256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(hash.description()).isEqualTo("SHA-256 ba7816bf8f01… of greeting");
    assertThat(hash.parts()).isEqualTo(List.of());
  }

  @Test
  void adaptivePolling_doublesFromTheFirstIntervalUpToTheCap() {
    AdaptivePolling polling = AdaptivePolling.after(3, Duration.ofHours(1), Duration.ofHours(5));

    assertThat(polling.interval(2)).isZero();
    assertThat(polling.interval(3)).isEqualTo(Duration.ofHours(1));
    assertThat(polling.interval(4)).isEqualTo(Duration.ofHours(2));
    assertThat(polling.interval(5)).isEqualTo(Duration.ofHours(4));
    assertThat(polling.interval(6)).isEqualTo(Duration.ofHours(5));
    assertThat(polling.interval(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(5));
    assertThatThrownBy(() -> AdaptivePolling.after(0, Duration.ofHours(1), Duration.ofHours(2)))
        .hasMessage("after must be at least 1, was 0");
    assertThatThrownBy(() -> AdaptivePolling.after(1, Duration.ofHours(2), Duration.ofHours(1)))
        .hasMessage("maxInterval (1h) must not be shorter than firstInterval (2h)");
  }
}

package dev.flinders.orchestration.change;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** A detector comparing one value read by a {@link ProbeFunction}: a count or a time stamp. */
final class Supplied<T> implements ChangeDetector {
  private final String kind;
  private final String label;
  private final ProbeFunction<T> read;
  private final Function<T, String> describe;

  Supplied(String kind, String label, ProbeFunction<T> read, Function<T, String> describe) {
    this.kind = kind;
    this.label = Objects.requireNonNull(label, "label");
    this.read = Objects.requireNonNull(read, "read");
    this.describe = describe;
  }

  @Override
  public Fingerprint probe(ProbeContext context) throws Exception {
    T value = read.apply(context);
    if (value == null) {
      throw new IllegalStateException(
          "the " + kind + " probe of " + label + " returned null; it must return a value");
    }
    return Fingerprint.of(kind, describe.apply(value), Map.of(kind, value.toString()));
  }

  @Override
  public String describe(Optional<Fingerprint> previous) {
    return kind.replace('-', ' ') + " of " + label;
  }

  @Override
  public String toString() {
    return kind + "(" + label + ")";
  }
}

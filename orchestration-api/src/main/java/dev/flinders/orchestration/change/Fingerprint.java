package dev.flinders.orchestration.change;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a {@link ChangeDetector} saw of a source: a kind (which detector), the values it compares
 * (an ETag, a hash, a count), and a description for reasons, e.g. {@code ETag "abc"}. Two
 * fingerprints are equal when kind, values and parts are; the description is not compared.
 * Immutable; stored in the state store between runs.
 *
 * @param kind which detector made it, e.g. {@code http-validators}
 * @param description the values for people, e.g. {@code ETag "abc"}
 * @param values what is compared
 * @param parts the fingerprints of a composite's detectors, in order; empty otherwise
 */
public record Fingerprint(
    String kind, String description, Map<String, String> values, List<Fingerprint> parts) {

  public Fingerprint {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    parts = List.copyOf(parts);
  }

  /** A fingerprint with values and no parts. */
  public static Fingerprint of(String kind, String description, Map<String, String> values) {
    return new Fingerprint(kind, description, values, List.of());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Fingerprint that
        && kind.equals(that.kind)
        && values.equals(that.values)
        && parts.equals(that.parts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, values, parts);
  }

  @Override
  public String toString() {
    return description;
  }
}

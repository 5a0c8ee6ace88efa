package dev.flinders.orchestration.change;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** See {@link ChangeDetector#anyOf} and {@link ChangeDetector#allOf}. */
final class Composite implements ChangeDetector {
  private final boolean all;
  private final List<ChangeDetector> detectors;

  Composite(boolean all, List<ChangeDetector> detectors) {
    if (detectors.isEmpty()) {
      throw new IllegalArgumentException("a composite needs at least one detector");
    }
    detectors.forEach(detector -> Objects.requireNonNull(detector, "detector"));
    this.all = all;
    this.detectors = List.copyOf(detectors);
  }

  private String kind() {
    return all ? "all-of" : "any-of";
  }

  /** The previous fingerprint of part {@code i}, if the previous one has the same shape. */
  private Optional<Fingerprint> part(Optional<Fingerprint> previous, int i) {
    return previous
        .filter(f -> f.kind().equals(kind()) && f.parts().size() == detectors.size())
        .map(f -> f.parts().get(i));
  }

  @Override
  public Fingerprint probe(ProbeContext context) throws Exception {
    List<Fingerprint> parts = new ArrayList<>();
    List<String> descriptions = new ArrayList<>();
    for (int i = 0; i < detectors.size(); i++) {
      Fingerprint part = detectors.get(i).probe(context.withPrevious(part(context.previous(), i)));
      parts.add(part);
      descriptions.add(part.description());
    }
    return new Fingerprint(kind(), String.join("; ", descriptions), java.util.Map.of(), parts);
  }

  @Override
  public boolean changed(Fingerprint previous, Fingerprint current) {
    if (!previous.kind().equals(kind()) || previous.parts().size() != detectors.size()) {
      return true;
    }
    for (int i = 0; i < detectors.size(); i++) {
      boolean partChanged =
          detectors.get(i).changed(previous.parts().get(i), current.parts().get(i));
      if (partChanged != all) {
        return !all; // any: one changed is enough; all: one unchanged is enough
      }
    }
    return all;
  }

  @Override
  public String describe(Optional<Fingerprint> previous) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < detectors.size(); i++) {
      parts.add(detectors.get(i).describe(part(previous, i)));
    }
    return (all ? "all of: " : "any of: ") + String.join("; ", parts);
  }

  @Override
  public String toString() {
    return kind() + detectors;
  }
}

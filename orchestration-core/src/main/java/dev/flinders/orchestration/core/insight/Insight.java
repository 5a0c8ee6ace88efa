package dev.flinders.orchestration.core.insight;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One finding over a pipeline's recent runs, with the numbers it rests on.
 *
 * @param kind what sort of finding
 * @param component the component it is about, or null for the pipeline
 * @param text one readable sentence, its numbers included
 * @param numbers the numbers, by name (seconds for durations), in the order the text uses them
 */
public record Insight(
    Kind kind, @Nullable String component, String text, Map<String, Double> numbers) {
  public Insight {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
    numbers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
  }

  /** What sort of finding an {@link Insight} is. */
  public enum Kind {
    /** One of the slowest components, with its trend. */
    SLOWEST,
    /** The chain of components that set the last run's length. */
    CRITICAL_PATH,
    /** A component that took much longer than it usually does. */
    REGRESSION,
    /** A source unchanged in most of its runs: a longer interval would do. */
    MOSTLY_UNCHANGED,
    /** A component that waited long for a worker slot: more parallelism would help. */
    SLOT_WAITING,
    /** How much of a daily quota is used. */
    QUOTA_HEADROOM
  }

  @Override
  public String toString() {
    return text;
  }
}

package dev.flinders.orchestration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a task reports when it completes: how many records it produced, which outputs it wrote,
 * whether its source had anything new, and any metrics of its own. Immutable.
 *
 * @param records records produced (rows written, messages read); zero if not meaningful
 * @param outputs outputs written, such as file paths or table names, in the order written
 * @param changed whether the source had new data; {@code false} ends the component {@link
 *     Status#UNCHANGED} and does not trigger downstreams that wait for a change
 * @param metrics free-form numeric metrics, e.g. {@code bytes_downloaded}, in insertion order
 * @param notes what the task has to tell a reader, one sentence each, printed with the component in
 *     the run report (e.g. which parts of a feed it re-ingested and why); for an unchanged source,
 *     the first says why it is unchanged
 */
public record Outcome(
    long records,
    List<String> outputs,
    boolean changed,
    Map<String, Double> metrics,
    List<String> notes) {
  private static final Outcome SUCCESS = new Outcome(0, List.of(), true, Map.of());
  private static final Outcome UNCHANGED = new Outcome(0, List.of(), false, Map.of());

  public Outcome {
    if (records < 0) {
      throw new IllegalArgumentException("records must not be negative, was " + records);
    }
    outputs = outputs == null ? List.of() : List.copyOf(outputs); // null: written without it
    metrics =
        metrics == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    metrics.forEach((key, value) -> Objects.requireNonNull(value, () -> "metric " + key));
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** An outcome without notes. */
  public Outcome(long records, List<String> outputs, boolean changed, Map<String, Double> metrics) {
    this(records, outputs, changed, metrics, List.of());
  }

  /** A completed task with new data and nothing more to say. */
  public static Outcome success() {
    return SUCCESS;
  }

  /** A completed task whose source had nothing new. */
  public static Outcome unchanged() {
    return UNCHANGED;
  }

  /**
   * A completed task whose source had nothing new, saying how it knows, e.g. {@code the feed's
   * SHA-256 3f9a… is the one delivered on 2026-11-25}: the component's reason reads {@code
   * unchanged: <why>}.
   */
  public static Outcome unchanged(String why) {
    return new Outcome(0, List.of(), false, Map.of(), List.of(Objects.requireNonNull(why, "why")));
  }

  /** A completed task that produced {@code records} records. */
  public static Outcome records(long records) {
    return new Outcome(records, List.of(), true, Map.of());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link Outcome}. Not thread-safe. */
  public static final class Builder {
    private long records;
    private final List<String> outputs = new ArrayList<>();
    private boolean changed = true;
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private Builder() {}

    public Builder records(long records) {
      if (records < 0) {
        throw new IllegalArgumentException("records must not be negative, was " + records);
      }
      this.records = records;
      return this;
    }

    public Builder output(String output) {
      outputs.add(Objects.requireNonNull(output, "output"));
      return this;
    }

    public Builder changed(boolean changed) {
      this.changed = changed;
      return this;
    }

    public Builder metric(String name, double value) {
      Objects.requireNonNull(name, "name");
      if (Double.isNaN(value)) {
        throw new IllegalArgumentException("metric \"" + name + "\" must be a number, was NaN");
      }
      metrics.put(name, value);
      return this;
    }

    /** Adds a sentence for the run report; see {@link Outcome#notes()}. */
    public Builder note(String note) {
      notes.add(Objects.requireNonNull(note, "note"));
      return this;
    }

    public Outcome build() {
      return new Outcome(records, outputs, changed, metrics, notes);
    }
  }
}

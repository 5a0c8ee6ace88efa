package dev.flinders.orchestration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named set of {@link Component}s with their dependencies, validated as a whole: names are
 * unique, every dependency exists, and there are no cycles. Immutable and thread-safe; the engine
 * that runs it is {@code dev.flinders.orchestration.core.Orchestrator}.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder("victorian-transport")
 *     .component(Component.builder("gtfs-schedule").task(gtfs).schedule(Schedule.weekly()).build())
 *     .component(Component.builder("patronage").task(patronage).dependsOn("gtfs-schedule").build())
 *     .timeout(Duration.ofMinutes(120))
 *     .parallelism(4)
 *     .build();
 * }</pre>
 */
public final class Pipeline {
  /** The run timeout of a pipeline that sets none: 120 minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(120);

  /** The parallelism of a pipeline that sets none. */
  public static final int DEFAULT_PARALLELISM = 4;

  private final String name;
  private final List<Component> components;
  private final Map<String, Component> byName;
  private final List<Component> executionOrder;
  private final Duration timeout;
  private final int parallelism;
  private final List<Threshold> thresholds;

  private Pipeline(Builder builder, int[] order) {
    this.name = builder.name;
    this.components = List.copyOf(builder.components);
    this.byName = new HashMap<>(components.size() * 2);
    for (Component component : components) {
      byName.put(component.name(), component);
    }
    List<Component> ordered = new ArrayList<>(order.length);
    for (int index : order) {
      ordered.add(components.get(index));
    }
    this.executionOrder = List.copyOf(ordered);
    this.timeout = builder.timeout;
    this.parallelism = builder.parallelism;
    this.thresholds = List.copyOf(builder.thresholds);
  }

  /** Starts a pipeline named {@code name}: letters, digits, '.', '_' and '-', up to 100. */
  public static Builder builder(String name) {
    return new Builder(Objects.requireNonNull(name, "name"));
  }

  /** A builder holding this pipeline's settings and components, to derive a changed copy. */
  public Builder toBuilder() {
    Builder builder = new Builder(name).timeout(timeout).parallelism(parallelism);
    builder.components.addAll(components);
    builder.thresholds.addAll(thresholds);
    return builder;
  }

  public String name() {
    return name;
  }

  /** The components in declaration order. */
  public List<Component> components() {
    return components;
  }

  /** The named component, if the pipeline has it. */
  public Optional<Component> component(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The components in the order they are considered for a run: every component after all of its
   * dependencies, ties broken by declaration order. The same pipeline always gives the same order.
   */
  public List<Component> executionOrder() {
    return executionOrder;
  }

  /** The run timeout: when it passes, running components are stopped and the rest skipped. */
  public Duration timeout() {
    return timeout;
  }

  /** How many components may run at once. */
  public int parallelism() {
    return parallelism;
  }

  /**
   * The thresholds each successful run is checked against as a whole; see {@link
   * Builder#threshold}.
   */
  public List<Threshold> thresholds() {
    return thresholds;
  }

  @Override
  public String toString() {
    return "Pipeline{" + name + ", " + components.size() + " components}";
  }

  /** Builds a {@link Pipeline}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final List<Component> components = new ArrayList<>();
    private Duration timeout = DEFAULT_TIMEOUT;
    private int parallelism = DEFAULT_PARALLELISM;
    private final List<Threshold> thresholds = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** Adds a component. */
    public Builder component(Component component) {
      components.add(Objects.requireNonNull(component, "component"));
      return this;
    }

    /** Adds components, in order. */
    public Builder components(Collection<Component> components) {
      components.forEach(this::component);
      return this;
    }

    /** The run timeout; must be positive. Default 120 minutes. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** How many components may run at once; at least 1. Default 4. */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /**
     * Adds a threshold that each successful run is checked against as a whole: its duration (start
     * to end), the highest heap in use after any of its components, the records of all its
     * components, or its duration against the median of the pipeline's last successful runs in the
     * history. A breach is reported with the run ({@link RunReport#breaches()}) and alerted ({@code
     * THRESHOLD_BREACHED}); a {@linkplain Threshold#failing() failing} one fails the run.
     */
    public Builder threshold(Threshold threshold) {
      thresholds.add(Objects.requireNonNull(threshold, "threshold"));
      return this;
    }

    /** Removes the thresholds added so far, e.g. to replace those of {@link #toBuilder()}. */
    public Builder withoutThresholds() {
      thresholds.clear();
      return this;
    }

    /**
     * Validates the whole pipeline and builds it.
     *
     * @throws PipelineValidationException listing every problem found, each with its fix
     */
    public Pipeline build() {
      PipelineValidator validator = new PipelineValidator(name, components, timeout);
      List<Problem> problems = validator.problems();
      if (!problems.isEmpty()) {
        throw new PipelineValidationException(name, problems);
      }
      return new Pipeline(this, validator.order());
    }
  }
}

package dev.flinders.orchestration;

import dev.flinders.orchestration.change.AdaptivePolling;
import dev.flinders.orchestration.change.ChangeDetector;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One unit of work in a {@link Pipeline}: a task, the components it depends on, when it is due, how
 * long it may take, how it is retried and when its upstreams let it run. Immutable and thread-safe.
 *
 * <pre>{@code
 * Component.builder("patronage-monthly")
 *     .task(context -> Outcome.records(fetchPatronage(context)))
 *     .dependsOn("gtfs-schedule")
 *     .schedule(Schedule.monthly().in(ZoneId.of("Australia/Melbourne")))
 *     .timeout(Duration.ofMinutes(10))
 *     .retry(RetryPolicy.exponential(3, Duration.ofSeconds(2)))
 *     .build();
 * }</pre>
 *
 * <p>Names, the task and the timeout are checked when the pipeline is built, so that one {@link
 * PipelineValidationException} lists every problem in the pipeline; setters reject only nulls and
 * values that can never be right.
 */
public final class Component {
  /** The timeout of a component that sets none: 30 minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  private final String name;
  private final @Nullable Task task;
  private final List<String> dependsOn;
  private final Schedule schedule;
  private final Duration timeout;
  private final RetryPolicy retry;
  private final TriggerRule trigger;
  private final boolean enabled;
  private final boolean deferrable;
  private final int priority;
  private final Set<String> tags;
  private final List<Threshold> thresholds;
  private final @Nullable ChangeDetector changeDetector;
  private final @Nullable AdaptivePolling adaptivePolling;
  private final @Nullable String quota;
  private final boolean quotaPriority;

  private Component(Builder builder) {
    this.name = builder.name;
    this.task = builder.task;
    this.dependsOn = List.copyOf(builder.dependsOn);
    this.schedule = builder.schedule;
    this.timeout = builder.timeout;
    this.retry = builder.retry;
    this.trigger = builder.trigger;
    this.enabled = builder.enabled;
    this.deferrable = builder.deferrable;
    this.priority = builder.priority;
    this.tags = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(builder.tags));
    this.thresholds = List.copyOf(builder.thresholds);
    this.changeDetector = builder.changeDetector;
    this.adaptivePolling = builder.adaptivePolling;
    this.quota = builder.quota;
    this.quotaPriority = builder.quotaPriority;
  }

  /** Starts a component named {@code name}: letters, digits, '.', '_' and '-', up to 100. */
  public static Builder builder(String name) {
    return new Builder(Objects.requireNonNull(name, "name"));
  }

  /** A builder holding this component's settings, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public String name() {
    return name;
  }

  /** The task; every component of a built {@link Pipeline} has one. */
  public Task task() {
    if (task == null) {
      throw new IllegalStateException("component \"" + name + "\" has no task");
    }
    return task;
  }

  boolean hasTask() {
    return task != null;
  }

  /** Names of the components this one depends on, in declaration order, without repeats. */
  public List<String> dependsOn() {
    return dependsOn;
  }

  public Schedule schedule() {
    return schedule;
  }

  /** How long one attempt may take before it is stopped and reported {@link Status#TIMED_OUT}. */
  public Duration timeout() {
    return timeout;
  }

  public RetryPolicy retry() {
    return retry;
  }

  public TriggerRule trigger() {
    return trigger;
  }

  /** Whether it waits out peak hours when due in one; see {@link PeakHours}. */
  public boolean deferrable() {
    return deferrable;
  }

  public boolean enabled() {
    return enabled;
  }

  /** Among components ready at the same time, higher priorities start first. Default 0. */
  public int priority() {
    return priority;
  }

  /** Free-form labels, e.g. for selecting components in reports. */
  public Set<String> tags() {
    return tags;
  }

  /** The thresholds its successes are checked against; see {@link Threshold}. */
  public List<Threshold> thresholds() {
    return thresholds;
  }

  /** How the engine decides, before the task runs, whether the source has anything new. */
  public Optional<ChangeDetector> changeDetector() {
    return Optional.ofNullable(changeDetector);
  }

  /** Whether and how probing backs off while the source stays unchanged. */
  public Optional<AdaptivePolling> adaptivePolling() {
    return Optional.ofNullable(adaptivePolling);
  }

  /** The API provider whose quota this component's HTTP calls count against. */
  public Optional<String> quota() {
    return Optional.ofNullable(quota);
  }

  /** Whether its calls may use the share of the provider's daily budget kept for priority. */
  public boolean quotaPriority() {
    return quotaPriority;
  }

  @Override
  public String toString() {
    return "Component{"
        + name
        + (dependsOn.isEmpty() ? "" : ", dependsOn=" + dependsOn)
        + ", schedule="
        + schedule.description()
        + ", timeout="
        + Durations.format(timeout)
        + (enabled ? "" : ", disabled")
        + "}";
  }

  /** Builds a {@link Component}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private @Nullable Task task;
    private final Set<String> dependsOn = new LinkedHashSet<>();
    private Schedule schedule = Schedule.everyRun();
    private Duration timeout = DEFAULT_TIMEOUT;
    private RetryPolicy retry = RetryPolicy.none();
    private TriggerRule trigger = TriggerRule.ALL_SUCCEEDED;
    private boolean enabled = true;
    private boolean deferrable;
    private int priority;
    private final Set<String> tags = new LinkedHashSet<>();
    private final List<Threshold> thresholds = new java.util.ArrayList<>();
    private @Nullable ChangeDetector changeDetector;
    private @Nullable AdaptivePolling adaptivePolling;
    private @Nullable String quota;
    private boolean quotaPriority;

    private Builder(String name) {
      this.name = name;
    }

    private Builder(Component component) {
      this.name = component.name;
      this.task = component.task;
      this.dependsOn.addAll(component.dependsOn);
      this.schedule = component.schedule;
      this.timeout = component.timeout;
      this.retry = component.retry;
      this.trigger = component.trigger;
      this.enabled = component.enabled;
      this.deferrable = component.deferrable;
      this.priority = component.priority;
      this.tags.addAll(component.tags);
      this.thresholds.addAll(component.thresholds);
      this.changeDetector = component.changeDetector;
      this.adaptivePolling = component.adaptivePolling;
      this.quota = component.quota;
      this.quotaPriority = component.quotaPriority;
    }

    /** The work to do. Required. */
    public Builder task(Task task) {
      this.task = Objects.requireNonNull(task, "task");
      return this;
    }

    /** Adds upstream components that must finish before this one starts. */
    public Builder dependsOn(String... names) {
      for (String upstream : names) {
        dependsOn.add(Objects.requireNonNull(upstream, "dependsOn name"));
      }
      return this;
    }

    /** Adds upstream components that must finish before this one starts. */
    public Builder dependsOn(List<String> names) {
      return dependsOn(names.toArray(new String[0]));
    }

    /** Removes every dependency added so far. */
    public Builder withoutDependencies() {
      dependsOn.clear();
      return this;
    }

    /** When it is due. Default {@link Schedule#everyRun()}. */
    public Builder schedule(Schedule schedule) {
      this.schedule = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    /** How long one attempt may take; must be positive. Default 30 minutes. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** How failures are retried. Default {@link RetryPolicy#none()}. */
    public Builder retry(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /** When upstream outcomes let it run. Default {@link TriggerRule#ALL_SUCCEEDED}. */
    public Builder trigger(TriggerRule trigger) {
      this.trigger = Objects.requireNonNull(trigger, "trigger");
      return this;
    }

    /**
     * Waits out peak hours ({@link PeakHours}, the Melbourne peaks by default) when due in one,
     * unless it has been due for longer than their grace period: for heavy work that can wait, such
     * as a weekly schedule ingestion. Its first run and forced runs are not deferred.
     */
    public Builder deferrable() {
      return deferrable(true);
    }

    /** Whether it waits out peak hours; see {@link #deferrable()}. Default false. */
    public Builder deferrable(boolean deferrable) {
      this.deferrable = deferrable;
      return this;
    }

    /** A disabled component is skipped with reason {@link ReasonCode#DISABLED}. Default true. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** Among ready components, higher priorities start first. Default 0. */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /**
     * Probes the source before each attempt; if it is as at the last success, the component ends
     * {@link Status#UNCHANGED} without running its task. See {@link ChangeDetector}.
     */
    public Builder changeDetector(ChangeDetector changeDetector) {
      this.changeDetector = Objects.requireNonNull(changeDetector, "changeDetector");
      return this;
    }

    /**
     * Probes less often while the source stays unchanged; needs a {@link #changeDetector}. See
     * {@link AdaptivePolling}.
     */
    public Builder adaptivePolling(AdaptivePolling adaptivePolling) {
      this.adaptivePolling = Objects.requireNonNull(adaptivePolling, "adaptivePolling");
      return this;
    }

    /**
     * Counts every HTTP call of this component against the quota of {@code provider}, which the
     * orchestrator must have a {@code QuotaPolicy} for. A call that cannot get quota is not sent,
     * and the component ends {@link Status#SKIPPED} with {@link ReasonCode#QUOTA_EXHAUSTED}.
     */
    public Builder quota(String provider) {
      return quota(provider, false);
    }

    /**
     * As {@link #quota(String)}; with {@code priority}, its calls may also use the share of the
     * provider's daily budget reserved for priority.
     */
    public Builder quota(String provider, boolean priority) {
      this.quota = Objects.requireNonNull(provider, "provider");
      this.quotaPriority = priority;
      return this;
    }

    /**
     * Checks each success against {@code threshold}: a breach is reported with the result and as an
     * alert, or fails the component if the threshold is {@link Threshold#failing() failing}.
     */
    public Builder threshold(Threshold threshold) {
      thresholds.add(Objects.requireNonNull(threshold, "threshold"));
      return this;
    }

    /** Removes the thresholds added so far, e.g. to replace those of a copied component. */
    public Builder withoutThresholds() {
      thresholds.clear();
      return this;
    }

    /** Adds labels. */
    public Builder tags(String... tags) {
      for (String tag : tags) {
        this.tags.add(Objects.requireNonNull(tag, "tag"));
      }
      return this;
    }

    /**
     * Builds the component. Its name, task and timeout are validated with the rest of the pipeline
     * by {@link Pipeline.Builder#build()}.
     */
    public Component build() {
      return new Component(this);
    }
  }
}

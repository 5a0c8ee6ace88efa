package dev.flinders.orchestration.core;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What one run should do beyond honouring schedules: force components to run whatever their
 * schedule, restrict the run to selected components (with their upstreams or downstreams), or only
 * report what would happen (a dry run). Immutable and thread-safe.
 *
 * <pre>{@code
 * orchestrator.run(RunRequest.force("gtfs-schedule"));
 * orchestrator.run(RunRequest.builder().select("patronage").withUpstreams().dryRun().build());
 * }</pre>
 */
public final class RunRequest {
  private static final RunRequest SCHEDULED = builder().build();

  private final Set<String> forced;
  private final boolean forceAll;
  private final Set<String> selected;
  private final boolean withUpstreams;
  private final boolean withDownstreams;
  private final boolean dryRun;

  private RunRequest(Builder builder) {
    this.forced = Set.copyOf(builder.forced);
    this.forceAll = builder.forceAll;
    this.selected = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(builder.selected));
    this.withUpstreams = builder.withUpstreams;
    this.withDownstreams = builder.withDownstreams;
    this.dryRun = builder.dryRun;
  }

  /** Runs what is due, as {@code runOnce()} does. */
  public static RunRequest scheduled() {
    return SCHEDULED;
  }

  /** Runs what is due, and the named components whatever their schedule. */
  public static RunRequest force(String... components) {
    return builder().force(components).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Components forced to run whatever their schedule. */
  public Set<String> forced() {
    return forced;
  }

  /** Whether every enabled component is forced. */
  public boolean forceAll() {
    return forceAll;
  }

  /** The selected components; empty means all. */
  public Set<String> selected() {
    return selected;
  }

  public boolean withUpstreams() {
    return withUpstreams;
  }

  public boolean withDownstreams() {
    return withDownstreams;
  }

  public boolean dryRun() {
    return dryRun;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("RunRequest{");
    text.append(forceAll ? "force all" : forced.isEmpty() ? "scheduled" : "force " + forced);
    if (!selected.isEmpty()) {
      text.append(", select ").append(selected);
      text.append(withUpstreams ? " with upstreams" : "")
          .append(withDownstreams ? " with downstreams" : "");
    }
    return text.append(dryRun ? ", dry run}" : "}").toString();
  }

  /** Builds a {@link RunRequest}. Not thread-safe. */
  public static final class Builder {
    private final Set<String> forced = new LinkedHashSet<>();
    private boolean forceAll;
    private final Set<String> selected = new LinkedHashSet<>();
    private boolean withUpstreams;
    private boolean withDownstreams;
    private boolean dryRun;

    private Builder() {}

    /** Forces these components to run whatever their schedule (not if disabled). */
    public Builder force(String... components) {
      for (String component : components) {
        forced.add(Objects.requireNonNull(component, "component"));
      }
      return this;
    }

    /** Forces every enabled component. */
    public Builder forceAll() {
      forceAll = true;
      return this;
    }

    /** Restricts the run to these components; the others are skipped as not selected. */
    public Builder select(String... components) {
      for (String component : components) {
        selected.add(Objects.requireNonNull(component, "component"));
      }
      return this;
    }

    /** Adds every upstream of the selected components, transitively, to the selection. */
    public Builder withUpstreams() {
      withUpstreams = true;
      return this;
    }

    /** Adds every downstream of the selected components, transitively, to the selection. */
    public Builder withDownstreams() {
      withDownstreams = true;
      return this;
    }

    /** Decides everything and executes nothing; each result says what would have happened. */
    public Builder dryRun() {
      dryRun = true;
      return this;
    }

    public RunRequest build() {
      return new RunRequest(this);
    }
  }
}

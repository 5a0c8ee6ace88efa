package dev.flinders.orchestration.core;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What one run should do beyond honouring schedules: force components to run whatever their
 * schedule, check components' sources now and run only what changed, restrict the run to selected
 * components (with their upstreams or downstreams), or only report what would happen (a dry run).
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * orchestrator.run(RunRequest.force("gtfs-schedule"));
 * orchestrator.run(RunRequest.checkNow("patronage-monthly")); // probe now, run if it changed
 * orchestrator.run(RunRequest.builder().select("patronage").withUpstreams().dryRun().build());
 * }</pre>
 */
public final class RunRequest {
  private static final RunRequest SCHEDULED = builder().build();

  private final Set<String> forced;
  private final boolean forceAll;
  private final Set<String> checked;
  private final boolean checkAll;
  private final Set<String> selected;
  private final boolean withUpstreams;
  private final boolean withDownstreams;
  private final boolean dryRun;

  private RunRequest(Builder builder) {
    this.forced = Set.copyOf(builder.forced);
    this.forceAll = builder.forceAll;
    this.checked = Set.copyOf(builder.checked);
    this.checkAll = builder.checkAll;
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

  /**
   * Runs what is due, and checks the named components now whatever their schedule: each probes its
   * source with its change detector and runs only if it changed (a component without a detector
   * runs); their downstreams that are not due run too, if an upstream brought new data.
   */
  public static RunRequest checkNow(String... components) {
    return builder().checkNow(components).build();
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

  /** Components checked now: they run only if their source changed; see {@link #checkNow}. */
  public Set<String> checked() {
    return checked;
  }

  /** Whether every enabled component is checked now. */
  public boolean checkAll() {
    return checkAll;
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
    if (checkAll || !checked.isEmpty()) {
      text.append(checkAll ? ", check all now" : ", check now " + checked);
    }
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
    private final Set<String> checked = new LinkedHashSet<>();
    private boolean checkAll;
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

    /**
     * Checks these components now, whatever their schedule: each probes its source and runs only if
     * it changed, and their downstreams that are not due run if an upstream brought new data. A
     * forced component is forced all the same; a disabled one is not checked; a manual one is
     * checked when named.
     */
    public Builder checkNow(String... components) {
      for (String component : components) {
        checked.add(Objects.requireNonNull(component, "component"));
      }
      return this;
    }

    /**
     * Checks now every enabled component that has a change detector, but manual ones; see {@link
     * #checkNow(String...)}. Their downstreams run if an upstream brought new data.
     */
    public Builder checkAllNow() {
      checkAll = true;
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

package dev.flinders.orchestration.core;

import dev.flinders.orchestration.Reason;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a run would do now, and why, without executing anything: returned by {@code
 * Orchestrator.plan()}. Immutable.
 *
 * @param pipeline the pipeline's name
 * @param at the time the plan was made
 * @param steps one step per component, in execution order
 * @param zone the zone the reasons give times in, and {@link #toText()} prints times in
 * @param configuration which settings came from the configuration file, one line per component it
 *     changes; empty without one
 */
public record RunPlan(
    String pipeline, Instant at, List<Step> steps, ZoneId zone, List<String> configuration) {
  public RunPlan {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(zone, "zone");
    steps = List.copyOf(steps);
    configuration = List.copyOf(configuration);
  }

  /** A plan with times in UTC and no configuration file. */
  public RunPlan(String pipeline, Instant at, List<Step> steps) {
    this(pipeline, at, steps, ZoneOffset.UTC, List.of());
  }

  /** Whether a component would be run or skipped. */
  public enum Action {
    RUN,
    SKIP
  }

  /**
   * The decision for one component.
   *
   * @param component the component's name
   * @param action whether it would run
   * @param reason why
   * @param after upstreams that would run first in the same run; if one of them fails, this
   *     component is skipped instead (depending on its trigger rule)
   * @param probe for a component that would run and has a change detector, what the detector would
   *     probe first (its task runs only if that finds a change, unless forced); else null
   * @param onlyIfUpstreamChanged whether a component that would run runs only if one of the
   *     upstreams in {@code after} brings new data (its trigger is {@code ANY_CHANGED}, or it is a
   *     downstream of a checked component), and is skipped otherwise
   * @param usualChange when its source usually changes, learnt from the runs whose probes found
   *     changes, with the numbers it rests on, e.g. {@code usually changes on days 1–6 of the month
   *     (5 of its last 6 changes; about every 30d)}; null until that can be learnt (see
   *     docs/scheduling.md)
   */
  public record Step(
      String component,
      Action action,
      Reason reason,
      List<String> after,
      @Nullable String probe,
      boolean onlyIfUpstreamChanged,
      @Nullable String usualChange) {
    public Step {
      Objects.requireNonNull(component, "component");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(reason, "reason");
      after = List.copyOf(after);
    }

    /** A step of a component whose usual change time is not known. */
    public Step(
        String component,
        Action action,
        Reason reason,
        List<String> after,
        @Nullable String probe,
        boolean onlyIfUpstreamChanged) {
      this(component, action, reason, after, probe, onlyIfUpstreamChanged, null);
    }

    /** A step that does not wait for an upstream's news. */
    public Step(
        String component,
        Action action,
        Reason reason,
        List<String> after,
        @Nullable String probe) {
      this(component, action, reason, after, probe, false);
    }

    /** A step without a probe. */
    public Step(String component, Action action, Reason reason, List<String> after) {
      this(component, action, reason, after, null);
    }

    /**
     * What the step waits for, for people: {@code after a, b}, and for a component that runs only
     * on new data {@code ; only if one of them brings new data}; empty if nothing.
     */
    public String dependence() {
      if (after.isEmpty()) {
        return "";
      }
      String text = "after " + String.join(", ", after);
      if (onlyIfUpstreamChanged) {
        text +=
            after.size() == 1
                ? "; only if it brings new data"
                : "; only if one of them brings new data";
      }
      return text;
    }
  }

  /** The step of the named component, if the pipeline has it. */
  public Optional<Step> step(String component) {
    return steps.stream().filter(step -> step.component().equals(component)).findFirst();
  }

  /** The components that would run, in execution order. */
  public List<String> toRun() {
    return steps.stream().filter(step -> step.action() == Action.RUN).map(Step::component).toList();
  }

  /** The plan as a text table, with times in its {@link #zone()}, as its reasons give them. */
  public String toText() {
    return toText(zone);
  }

  /**
   * The plan as a text table with its time in {@code zone}; reasons keep the times they were
   * written with, in {@link #zone()}.
   */
  public String toText(ZoneId zone) {
    StringBuilder text = new StringBuilder();
    text.append("Plan for ")
        .append(pipeline)
        .append(" at ")
        .append(
            java.time.OffsetDateTime.ofInstant(
                at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), zone))
        .append('\n');
    int width = "COMPONENT".length();
    for (Step step : steps) {
      width = Math.max(width, step.component().length());
    }
    String row = "%-" + width + "s  %-6s  %s%n";
    text.append(String.format(Locale.ROOT, row, "COMPONENT", "ACTION", "REASON"));
    for (Step step : steps) {
      String reason = step.reason().toString();
      if (!step.after().isEmpty()) {
        reason += " (" + step.dependence() + ")";
      }
      if (step.probe() != null) {
        reason += "; first probes " + step.probe();
      }
      if (step.usualChange() != null && !reason.contains(step.usualChange())) {
        reason += "; it " + step.usualChange();
      }
      text.append(String.format(Locale.ROOT, row, step.component(), step.action(), reason));
    }
    for (String line : configuration) {
      text.append(line).append('\n');
    }
    return text.toString();
  }
}

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
 */
public record RunPlan(String pipeline, Instant at, List<Step> steps) {
  public RunPlan {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(at, "at");
    steps = List.copyOf(steps);
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
   */
  public record Step(
      String component, Action action, Reason reason, List<String> after, @Nullable String probe) {
    public Step {
      Objects.requireNonNull(component, "component");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(reason, "reason");
      after = List.copyOf(after);
    }

    /** A step without a probe. */
    public Step(String component, Action action, Reason reason, List<String> after) {
      this(component, action, reason, after, null);
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

  /** The plan as a text table, times in UTC. */
  public String toText() {
    return toText(ZoneOffset.UTC);
  }

  /** The plan as a text table, times in {@code zone}. */
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
        reason += " (after " + String.join(", ", step.after()) + ")";
      }
      if (step.probe() != null) {
        reason += "; first probes " + step.probe();
      }
      text.append(String.format(Locale.ROOT, row, step.component(), step.action(), reason));
    }
    return text.toString();
  }
}

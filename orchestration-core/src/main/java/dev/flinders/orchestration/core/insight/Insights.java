package dev.flinders.orchestration.core.insight;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a pipeline's recent runs say: its slowest components and their trend, the critical path of
 * the last run, regressions, sources that rarely change, components that wait for slots, and quota
 * headroom. Each recommendation names the numbers it rests on. From {@code
 * Orchestrator.insights()}; see docs/monitoring.md.
 *
 * @param pipeline the pipeline
 * @param at when they were computed
 * @param runs how many runs they rest on
 * @param insights the findings, in the order of {@link Insight.Kind}
 */
public record Insights(String pipeline, Instant at, int runs, List<Insight> insights) {
  public Insights {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(at, "at");
    insights = List.copyOf(insights);
  }

  /** The findings of one kind. */
  public List<Insight> of(Insight.Kind kind) {
    return insights.stream().filter(insight -> insight.kind() == kind).toList();
  }

  /** A heading and one line per finding. */
  public String toText() {
    StringBuilder text =
        new StringBuilder("Insights for ")
            .append(pipeline)
            .append(" from its last ")
            .append(runs)
            .append(runs == 1 ? " run" : " runs")
            .append(":\n");
    if (insights.isEmpty()) {
      text.append("- nothing to report\n");
    }
    for (Insight insight : insights) {
      text.append("- ").append(insight.text()).append('\n');
    }
    return text.toString();
  }
}

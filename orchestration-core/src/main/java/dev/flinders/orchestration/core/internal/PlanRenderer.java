package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Reason;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.RunPlan;
import dev.flinders.orchestration.spi.ComponentRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns the planner's decisions into what {@code plan()} and a dry run show: for each component
 * whether it would run, why, after which upstreams, and what its change detector would probe first.
 * Pure.
 */
public final class PlanRenderer {
  private final DagIndex dag;
  private final ZoneId zone;
  private final List<String> configuration;

  /**
   * @param zone the zone the plan's reasons give times in
   * @param configuration the configuration file's settings, one line per component it changes
   */
  public PlanRenderer(DagIndex dag, ZoneId zone, List<String> configuration) {
    this.dag = dag;
    this.zone = zone;
    this.configuration = List.copyOf(configuration);
  }

  /** The plan of a run at {@code now}, from the decisions made for it and the records read. */
  public RunPlan plan(Instant now, Planner.Decision[] decisions, ComponentRecord[] records) {
    List<RunPlan.Step> steps = new ArrayList<>(dag.size());
    for (int p = 0; p < dag.size(); p++) {
      List<String> after = new ArrayList<>();
      if (decisions[p].run()) {
        for (int up : dag.upstreams(p)) {
          if (decisions[up].run()) {
            after.add(dag.name(up));
          }
        }
      }
      steps.add(
          new RunPlan.Step(
              dag.name(p),
              decisions[p].run() ? RunPlan.Action.RUN : RunPlan.Action.SKIP,
              decisions[p].reason(),
              after,
              decisions[p].run() ? probe(p, records[p]) : null,
              decisions[p].run() && Planner.onlyIfUpstreamChanged(dag, p, decisions[p]),
              ChangeRhythm.learn(records[p].changes(), zone)
                  .map(ChangeRhythm::describe)
                  .orElse(null)));
    }
    return new RunPlan(dag.pipelineName(), now, steps, zone, configuration);
  }

  /** The report of a dry run: every component skipped, each reason saying what would happen. */
  public RunReport dryRun(RunPlan plan) {
    List<ComponentResult> results = new ArrayList<>();
    for (RunPlan.Step step : plan.steps()) {
      Reason reason =
          step.action() == RunPlan.Action.RUN
              ? new Reason(
                  ReasonCode.DRY_RUN,
                  "would run: "
                      + step.reason().message()
                      + (step.after().isEmpty() ? "" : ", " + step.dependence())
                      + (step.probe() == null ? "" : "; first probes " + step.probe()))
              : step.reason();
      results.add(ComponentResult.notStarted(step.component(), Status.SKIPPED, reason));
    }
    return new RunReport(
        plan.pipeline(),
        "dry-run-" + RunIds.next(plan.at(), null),
        RunStatus.SUCCEEDED,
        plan.at(),
        plan.at(),
        true,
        results,
        List.of(),
        plan.zone(),
        plan.configuration());
  }

  private @Nullable String probe(int position, ComponentRecord record) {
    return dag.component(position)
        .changeDetector()
        .map(detector -> detector.describe(Optional.ofNullable(record.fingerprint())))
        .orElse(null);
  }
}

package dev.flinders.orchestration.spring;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.cli.LiveStatus;
import dev.flinders.orchestration.cli.StatusPage;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.RunPlan;
import dev.flinders.orchestration.core.RunRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The actuator endpoint {@code flinders}: {@code GET /actuator/flinders} is the pipeline's status
 * (each component's last outcome and what it would do next, the run in progress, the last run),
 * {@code GET /actuator/flinders/plan} the plan of a run now ({@code plan()}), and {@code POST
 * /actuator/flinders} with {@code {"action": "force" | "check" | "run", "components": "a,b"}}
 * requests a run: forced components whatever their schedule, a check now of their sources, or a run
 * of what is due. Requested runs start in the background after a run in progress; the answer says
 * what was accepted. Read-only by default ({@link Access#READ_ONLY}): the POST answers only once
 * {@code management.endpoint.flinders.access=unrestricted}, and like every endpoint but health it
 * is served over HTTP only when exposed ({@code management.endpoints.web.exposure.include}).
 * Thread-safe.
 */
@Endpoint(id = "flinders", defaultAccess = Access.READ_ONLY)
public final class FlindersEndpoint {
  private final Orchestrator orchestrator;
  private final FlindersLifecycle lifecycle;
  private final @Nullable LiveStatus live;

  /**
   * @param lifecycle the lifecycle that runs requested runs
   * @param live what runs now, or null to show only the history
   */
  public FlindersEndpoint(
      Orchestrator orchestrator, FlindersLifecycle lifecycle, @Nullable LiveStatus live) {
    this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
    this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
    this.live = live;
  }

  /**
   * The status of the pipeline now.
   *
   * @param pipeline the pipeline's name
   * @param at the orchestrator's time now
   * @param ticker whether the background ticker runs
   * @param running the run in progress in this instance, or null
   * @param lastRun the newest recorded run, or null
   * @param components each component's last outcome and next decision, in plan order
   */
  public record Status(
      String pipeline,
      String at,
      boolean ticker,
      @Nullable RunSummary running,
      @Nullable RunSummary lastRun,
      List<ComponentStatus> components) {}

  /**
   * A run, in short.
   *
   * @param id the run's id
   * @param status how it ended, or RUNNING
   * @param startedAt when it started
   * @param endedAt when it ended, or null
   */
  public record RunSummary(String id, String status, String startedAt, @Nullable String endedAt) {}

  /**
   * One component's status.
   *
   * @param component its name
   * @param lastOutcome the status of its last run that started it, or NEVER_RAN
   * @param lastRunId the run that was, or null
   * @param lastReason why it ended so, or null
   * @param next RUN or SKIP if a run started now
   * @param nextReason why
   */
  public record ComponentStatus(
      String component,
      String lastOutcome,
      @Nullable String lastRunId,
      @Nullable String lastReason,
      String next,
      String nextReason) {}

  /**
   * A run's plan.
   *
   * @param pipeline the pipeline's name
   * @param at when it was planned
   * @param zone the zone of the times in reasons
   * @param steps each component's decision, in execution order
   * @param configuration what the configuration file set, one line per component
   * @param text the plan as the command line prints it
   */
  public record Plan(
      String pipeline,
      String at,
      String zone,
      List<Step> steps,
      List<String> configuration,
      String text) {}

  /**
   * One component's decision in a plan.
   *
   * @param component its name
   * @param action RUN or SKIP
   * @param reason the machine-readable reason code
   * @param message the reason, for people
   * @param after the upstreams that would run first
   * @param probe what its change detector would probe first, or null
   */
  public record Step(
      String component,
      String action,
      String reason,
      String message,
      List<String> after,
      @Nullable String probe) {}

  /**
   * The answer to a run request.
   *
   * @param accepted the request as the engine reads it
   * @param message what happens next
   */
  public record Accepted(String accepted, String message) {}

  /** The pipeline's status now. */
  @ReadOperation
  public Status status() {
    RunPlan plan = orchestrator.plan();
    List<RunReport> runs = orchestrator.history(StatusPage.HISTORY);
    Map<String, Map.Entry<RunReport, ComponentResult>> outcomes = StatusPage.lastOutcomes(runs);
    List<ComponentStatus> components = new ArrayList<>();
    for (RunPlan.Step step : plan.steps()) {
      Map.Entry<RunReport, ComponentResult> last = outcomes.get(step.component());
      components.add(
          new ComponentStatus(
              step.component(),
              last == null ? "NEVER_RAN" : last.getValue().status().name(),
              last == null ? null : last.getKey().runId(),
              last == null ? null : last.getValue().reason().message(),
              step.action().name(),
              step.reason().message()));
    }
    LiveStatus.Run current = live == null ? null : live.current();
    return new Status(
        orchestrator.pipeline().name(),
        plan.at().toString(),
        orchestrator.isStarted(),
        current == null
            ? null
            : new RunSummary(current.runId(), "RUNNING", current.startedAt().toString(), null),
        summary(runs.isEmpty() ? null : runs.get(0)),
        components);
  }

  /** {@code plan}: what a run now would do, and why, without running anything. */
  @ReadOperation
  public WebEndpointResponse<Object> part(@Selector String part) {
    if (!part.equals("plan")) {
      return new WebEndpointResponse<>(
          Map.of("error", "no part \"" + part + "\": GET /actuator/flinders or .../plan"),
          WebEndpointResponse.STATUS_NOT_FOUND);
    }
    RunPlan plan = orchestrator.plan();
    List<Step> steps = new ArrayList<>();
    for (RunPlan.Step step : plan.steps()) {
      steps.add(
          new Step(
              step.component(),
              step.action().name(),
              step.reason().code().name(),
              step.reason().message(),
              step.after(),
              step.probe()));
    }
    return new WebEndpointResponse<>(
        new Plan(
            plan.pipeline(),
            plan.at().toString(),
            plan.zone().getId(),
            steps,
            plan.configuration(),
            plan.toText()));
  }

  /**
   * Requests a run in the background: {@code force} the components whatever their schedule, {@code
   * check} their sources now (they run only if changed), or {@code run} what is due.
   *
   * @param action force, check or run
   * @param components the names of the components to force or check, separated by commas (all of
   *     them if none is named)
   */
  @WriteOperation
  public WebEndpointResponse<Object> request(String action, @Nullable String components) {
    String[] names =
        components == null
            ? new String[0]
            : java.util.Arrays.stream(components.split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .toArray(String[]::new);
    RunRequest request;
    switch (action) {
      case "force" ->
          request =
              names.length == 0 ? RunRequest.builder().forceAll().build() : RunRequest.force(names);
      case "check" ->
          request =
              names.length == 0
                  ? RunRequest.builder().checkAllNow().build()
                  : RunRequest.checkNow(names);
      case "run" -> {
        if (names.length > 0) {
          return badRequest(
              "action \"run\" runs what is due and takes no components: use \"force\" or"
                  + " \"check\" to name some");
        }
        request = RunRequest.scheduled();
      }
      default -> {
        return badRequest("unknown action \"" + action + "\": use \"force\", \"check\" or \"run\"");
      }
    }
    try {
      lifecycle.submit(request);
    } catch (IllegalArgumentException e) {
      return badRequest(e.getMessage());
    } catch (IllegalStateException e) {
      return new WebEndpointResponse<>(
          Map.of("error", String.valueOf(e.getMessage())),
          WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
    }
    return new WebEndpointResponse<>(
        new Accepted(
            request.toString(),
            "the run starts after any run in progress; GET /actuator/flinders shows its outcome"),
        WebEndpointResponse.STATUS_OK);
  }

  private static WebEndpointResponse<Object> badRequest(@Nullable String message) {
    return new WebEndpointResponse<>(
        Map.of("error", String.valueOf(message)), WebEndpointResponse.STATUS_BAD_REQUEST);
  }

  private static @Nullable RunSummary summary(@Nullable RunReport run) {
    return run == null
        ? null
        : new RunSummary(
            run.runId(),
            run.status().name(),
            run.startedAt().toString(),
            run.endedAt() == null ? null : run.endedAt().toString());
  }
}

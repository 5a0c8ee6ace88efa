package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.Reason;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.TriggerRule;
import dev.flinders.orchestration.change.AdaptivePolling;
import dev.flinders.orchestration.core.RunRequest;
import dev.flinders.orchestration.spi.ComponentRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, before a run starts, whether each component would run and why: selection, enabled,
 * forced, schedule. What upstreams do during the run is decided later by the run loop. Pure: the
 * same inputs give the same decisions.
 */
public final class Planner {
  /**
   * Whether a component runs, whether it was forced, whether it runs only if an upstream brings new
   * data (a downstream of a checked component), and why.
   */
  public record Decision(
      boolean run, boolean forced, boolean onlyIfUpstreamChanged, Reason reason) {
    public Decision(boolean run, boolean forced, Reason reason) {
      this(run, forced, false, reason);
    }
  }

  private static final Decision DUE_EVERY_RUN =
      new Decision(true, false, new Reason(ReasonCode.DUE, "due: scheduled every run"));
  private static final Decision DISABLED =
      new Decision(false, false, new Reason(ReasonCode.DISABLED, "disabled"));

  private final DagIndex dag;

  /** The zone reasons give times in: one for the whole plan and run, the orchestrator's. */
  private final ZoneId zone;

  private final QuotaLedger quotas;
  private final dev.flinders.orchestration.PeakHours peakHours;

  public Planner(
      DagIndex dag,
      ZoneId zone,
      QuotaLedger quotas,
      dev.flinders.orchestration.PeakHours peakHours) {
    this.peakHours = peakHours;
    this.dag = dag;
    this.zone = zone;
    this.quotas = quotas;
  }

  /** One decision per position in execution order. */
  public Decision[] decide(
      ComponentRecord[] records,
      Instant now,
      RunRequest request,
      Set<String> configForced,
      Set<String> configChecked) {
    int n = dag.size();
    boolean[] selected = selection(request);
    Decision[] decisions = new Decision[n];
    for (int i = 0; i < n; i++) {
      Decision decision = decide(i, records[i], now, request, configForced, selected[i]);
      if (!decision.forced() && selected[i] && dag.component(i).enabled()) {
        decision = checked(i, request, configChecked, decision);
      }
      if (decision.run() && !decision.forced() && decision.reason().code() != ReasonCode.CHECKED) {
        decision = backOff(i, records[i], now, decision);
      }
      decisions[i] = decision.run() ? quota(i, now, decision) : decision;
    }
    checkDownstreams(decisions, now);
    skipWithoutNews(decisions);
    return decisions;
  }

  /**
   * Whether the component at {@code position} runs only if an upstream brings new data in the run:
   * its trigger is {@code ANY_CHANGED}, or it is a downstream of a checked component; not if
   * forced.
   */
  public static boolean onlyIfUpstreamChanged(DagIndex dag, int position, Decision decision) {
    return !decision.forced()
        && (decision.onlyIfUpstreamChanged() || dag.trigger(position) == TriggerRule.ANY_CHANGED);
  }

  /**
   * A component that runs only if an upstream brings new data, none of whose upstreams runs in this
   * run, is skipped now, as the run would skip it, so that the plan says so.
   */
  private void skipWithoutNews(Decision[] decisions) {
    for (int p = 0; p < decisions.length; p++) {
      int[] upstreams = dag.upstreams(p);
      if (!decisions[p].run()
          || upstreams.length == 0
          || !onlyIfUpstreamChanged(dag, p, decisions[p])) {
        continue;
      }
      List<String> seen = new ArrayList<>();
      for (int up : upstreams) {
        if (decisions[up].run()) {
          seen = null;
          break;
        }
        seen.add(dag.name(up) + " SKIPPED (" + decisions[up].reason().code() + ")");
      }
      if (seen != null) {
        decisions[p] =
            skip(
                ReasonCode.NO_UPSTREAM_CHANGED,
                "no upstream brought new data: " + String.join(", ", seen));
      }
    }
  }

  /** A component the request (or the configuration file) checks now: it runs, probing first. */
  private Decision checked(
      int position, RunRequest request, Set<String> configChecked, Decision scheduled) {
    String name = dag.name(position);
    boolean manual = dag.component(position).schedule().equals(Schedule.manual());
    boolean probes = dag.detector(position) != null;
    if (request.checked().contains(name) || (request.checkAll() && probes && !manual)) {
      return new Decision(
          true,
          false,
          new Reason(ReasonCode.CHECKED, "checked now by the run request" + ifChanged(position)));
    }
    if (configChecked.contains(name)) {
      return new Decision(
          true,
          false,
          new Reason(
              ReasonCode.CHECKED,
              "checked by the configuration file (\"check\": true)" + ifChanged(position)));
    }
    return scheduled;
  }

  private String ifChanged(int position) {
    return dag.detector(position) == null
        ? ": it has no change detector, so it runs"
        : ": it runs only if its source changed";
  }

  /**
   * Downstreams of checked components that their schedules hold back (not due, or polled less
   * often) run too, but only if an upstream brings new data in this run.
   */
  private void checkDownstreams(Decision[] decisions, Instant now) {
    // reached: runs in this run and is, or descends from, a checked component
    boolean[] reached = new boolean[decisions.length];
    int[] checkedAbove = new int[decisions.length]; // the checked component it descends from
    for (int i = 0; i < decisions.length; i++) {
      Decision decision = decisions[i];
      int from = -1;
      for (int up : dag.upstreams(i)) {
        if (reached[up]) {
          from = up;
          break;
        }
      }
      ReasonCode code = decision.reason().code();
      checkedAbove[i] = from >= 0 ? checkedAbove[from] : i;
      if (decision.run()) {
        reached[i] = code == ReasonCode.CHECKED || decision.onlyIfUpstreamChanged() || from >= 0;
        continue;
      }
      if (from < 0 || (code != ReasonCode.NOT_DUE && code != ReasonCode.POLLING_BACKED_OFF)) {
        continue;
      }
      Decision downstream =
          new Decision(
              true,
              false,
              true,
              new Reason(
                  ReasonCode.CHECKED,
                  "downstream of checked \""
                      + dag.name(checkedAbove[i])
                      + "\": it runs only if an upstream brings new data ("
                      + decision.reason().message()
                      + ")"));
      decisions[i] = quota(i, now, downstream);
      reached[i] = decisions[i].run();
    }
  }

  private Decision decide(
      int position,
      ComponentRecord record,
      Instant now,
      RunRequest request,
      Set<String> configForced,
      boolean selected) {
    Component component = dag.component(position);
    String name = component.name();
    if (!selected) {
      return skip(
          ReasonCode.NOT_SELECTED,
          "not selected: the run request selected " + describe(request.selected()));
    }
    if (!component.enabled()) {
      return DISABLED;
    }
    if (request.forceAll() || (!request.forced().isEmpty() && request.forced().contains(name))) {
      return new Decision(true, true, new Reason(ReasonCode.FORCED, "forced by the run request"));
    }
    if (!configForced.isEmpty() && configForced.contains(name)) {
      return new Decision(
          true,
          true,
          new Reason(
              ReasonCode.FORCED,
              "forced by the configuration file (\"force\": true), on every run until it is"
                  + " removed"));
    }
    Schedule schedule = component.schedule();
    if (schedule.equals(Schedule.manual())) {
      return skip(ReasonCode.MANUAL_ONLY, "manual schedule: it runs only when forced");
    }
    Instant last = record.lastSucceededAt();
    if (last == null) {
      String history =
          record.lastResult() == null ? "it has never run" : "it has not succeeded before";
      return run(
          ReasonCode.FIRST_RUN,
          "first run: " + history + " (schedule " + schedule.description() + ")");
    }
    if (schedule.equals(Schedule.everyRun())) {
      return deferred(component, last, now).orElse(DUE_EVERY_RUN);
    }
    Optional<Instant> next = schedule.nextDue(last);
    String context = schedule.description() + ", last succeeded " + format(last, zone);
    if (schedule.isDue(last, now)) {
      return deferred(component, next.orElse(last), now)
          .orElseGet(
              () ->
                  run(
                      ReasonCode.DUE,
                      "due: "
                          + context
                          + next.map(at -> ", due since " + format(at, zone)).orElse("")));
    }
    return skip(
        ReasonCode.NOT_DUE,
        "not due: " + context + next.map(at -> ", next due " + format(at, zone)).orElse(""));
  }

  /**
   * A due component that is deferrable waits out the peak {@code now} falls in, unless it has been
   * due since {@code dueSince} for longer than the grace period.
   */
  private Optional<Decision> deferred(Component component, Instant dueSince, Instant now) {
    if (!component.deferrable()) {
      return Optional.empty();
    }
    Optional<Instant> end = peakHours.peakEnd(now);
    if (end.isEmpty()) {
      return Optional.empty();
    }
    Instant overdueAt = dueSince.plus(peakHours.grace());
    if (!now.isBefore(overdueAt)) {
      return Optional.empty();
    }
    return Optional.of(
        skip(
            ReasonCode.DEFERRED,
            "deferred: due since "
                + format(dueSince, zone)
                + ", but deferrable and in peak hours ("
                + peakHours
                + "); it runs when the peak ends at "
                + format(end.get(), zone)
                + (overdueAt.isBefore(end.get())
                    ? ", or at "
                        + format(overdueAt, zone)
                        + " once overdue by the grace of "
                        + dev.flinders.orchestration.Durations.format(peakHours.grace())
                    : "")));
  }

  /** A component whose provider's daily budget is used is skipped, forced or not. */
  private Decision quota(int position, Instant now, Decision due) {
    Component component = dag.component(position);
    Optional<String> provider = component.quota();
    if (provider.isEmpty()) {
      return due;
    }
    return quotas
        .exhausted(provider.get(), component.quotaPriority(), now)
        .map(why -> skip(ReasonCode.QUOTA_EXHAUSTED, why))
        .orElse(due);
  }

  /**
   * Adaptive polling: a component whose source stayed unchanged for long enough is held back until
   * its backed-off interval since the last probe has passed, even if its schedule is due.
   */
  private Decision backOff(int position, ComponentRecord record, Instant now, Decision due) {
    Component component = dag.component(position);
    Optional<AdaptivePolling> polling = component.adaptivePolling();
    Instant lastProbe = record.lastSucceededAt();
    if (polling.isEmpty() || lastProbe == null) {
      return due;
    }
    if (polling.get().followsUsualChange()) {
      Optional<ChangeRhythm> rhythm = ChangeRhythm.learn(record.changes(), zone);
      if (rhythm.isPresent()) {
        return aroundUsualChange(polling.get(), rhythm.get(), record, now, due);
      }
    }
    int unchanged = record.unchangedProbes();
    Duration interval = polling.get().interval(unchanged);
    if (interval.isZero()) {
      return due;
    }
    String backedOff =
        "unchanged for "
            + unchanged
            + " probes in a row, so probed every "
            + Durations.format(interval)
            + " (adaptive polling "
            + polling.get()
            + ")";
    Instant next = lastProbe.plus(interval);
    if (now.isBefore(next)) {
      return skip(
          ReasonCode.POLLING_BACKED_OFF,
          "not probed: "
              + backedOff
              + "; last probed "
              + format(lastProbe, zone)
              + ", next probe "
              + format(next, zone));
    }
    return noted(due, backedOff);
  }

  /**
   * Polling that follows the source's usual change window: on schedule inside the window until the
   * change is seen there; otherwise held until the longest back-off interval has passed or the
   * window next opens, whichever is first.
   */
  private Decision aroundUsualChange(
      AdaptivePolling polling,
      ChangeRhythm rhythm,
      ComponentRecord record,
      Instant now,
      Decision due) {
    Instant lastProbe = record.lastSucceededAt();
    List<Instant> changes = record.changes();
    Instant lastChange = changes.get(changes.size() - 1);
    Optional<ChangeRhythm.Window> window = rhythm.windowAt(now);
    if (window.isPresent() && lastChange.isBefore(window.get().start())) {
      return noted(
          due,
          "in its usual change window, where it has not changed yet, so probed on its schedule: it "
              + rhythm.describe());
    }
    // the window's next opening after the last probe: one that opened since (the host was down,
    // say) is probed now rather than a cycle later
    Instant opens = rhythm.nextStart(lastProbe);
    Instant next = lastProbe.plus(polling.maxInterval());
    next = opens.isBefore(next) ? opens : next;
    String where =
        window.isPresent()
            ? "it changed in this window already, on " + format(lastChange, zone)
            : "it is outside that window";
    String basis = "it " + rhythm.describe() + " and " + where;
    if (now.isBefore(next)) {
      return skip(
          ReasonCode.POLLING_BACKED_OFF,
          "not probed: "
              + basis
              + "; last probed "
              + format(lastProbe, zone)
              + ", next probe "
              + format(next, zone)
              + " (adaptive polling "
              + polling
              + ")");
    }
    return noted(
        due,
        basis
            + ", but last probed "
            + format(lastProbe, zone)
            + ", "
            + Durations.format(polling.maxInterval())
            + " or more ago");
  }

  /** The due decision, its reason followed by {@code note}. */
  private static Decision noted(Decision due, String note) {
    return new Decision(
        true, false, new Reason(due.reason().code(), due.reason().message() + "; " + note));
  }

  private boolean[] selection(RunRequest request) {
    int n = dag.size();
    boolean[] selected = new boolean[n];
    if (request.selected().isEmpty()) {
      java.util.Arrays.fill(selected, true);
      return selected;
    }
    boolean[] upstream = new boolean[n];
    boolean[] downstream = new boolean[n];
    for (String name : request.selected()) {
      int position = dag.position(name);
      selected[position] = true;
      if (request.withUpstreams()) {
        dag.reach(position, true, upstream);
      }
      if (request.withDownstreams()) {
        dag.reach(position, false, downstream);
      }
    }
    for (int i = 0; i < n; i++) {
      selected[i] |= upstream[i] | downstream[i];
    }
    return selected;
  }

  private static String describe(Set<String> names) {
    List<String> quoted = new ArrayList<>();
    for (String name : names) {
      if (quoted.size() == 5) {
        quoted.add("and " + (names.size() - 5) + " more");
        break;
      }
      quoted.add("\"" + name + "\"");
    }
    return String.join(", ", quoted);
  }

  /** An instant in a zone, to the second, with its offset: {@code 2026-11-25T06:00+11:00}. */
  public static String format(Instant instant, ZoneId zone) {
    return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), zone).toString();
  }

  private static Decision run(ReasonCode code, String message) {
    return new Decision(true, false, new Reason(code, message));
  }

  private static Decision skip(ReasonCode code, String message) {
    return new Decision(false, false, new Reason(code, message));
  }
}

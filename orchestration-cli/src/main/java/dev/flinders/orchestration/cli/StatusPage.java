package dev.flinders.orchestration.cli;

import static dev.flinders.orchestration.core.report.RunReportHtml.colour;
import static dev.flinders.orchestration.core.report.RunReportHtml.escape;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.RunPlan;
import dev.flinders.orchestration.core.report.ReportDirectory;
import dev.flinders.orchestration.core.report.RunReportHtml;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The status page of a pipeline: what runs now, each component's last outcome and what it would do
 * next (from {@code plan()}, with the reason and the next due time), the recent runs and links to
 * their reports. Plain HTML with its styles inline and no scripts; it refreshes itself every 10
 * seconds. Served by {@link StatusServer}, or rendered by a host's own web layer. Thread-safe.
 */
public final class StatusPage {
  /** How many runs of the history the page reads for each component's last outcome. */
  public static final int HISTORY = 100;

  private final Orchestrator orchestrator;
  private final @Nullable LiveStatus live;
  private final @Nullable ReportDirectory reports;

  /**
   * @param live the live status the orchestrator reports to, or null to show only the history
   * @param reports where its reports are written, or null for no links to them
   */
  public StatusPage(
      Orchestrator orchestrator, @Nullable LiveStatus live, @Nullable ReportDirectory reports) {
    this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
    this.live = live;
    this.reports = reports;
  }

  /**
   * Each component's last run that started it (or found its source unchanged), from {@code runs}
   * (newest first, e.g. the newest {@link #HISTORY} runs of the history), and the run it was in.
   */
  public static Map<String, Map.Entry<RunReport, ComponentResult>> lastOutcomes(
      List<RunReport> runs) {
    Map<String, Map.Entry<RunReport, ComponentResult>> last = new HashMap<>();
    for (RunReport run : runs) { // newest first
      for (ComponentResult result : run.results()) {
        if (result.attempts() > 0 || result.status() == Status.UNCHANGED) {
          last.putIfAbsent(result.component(), Map.entry(run, result));
        }
      }
    }
    return last;
  }

  /** The page now. */
  public String render() {
    RunPlan plan = orchestrator.plan();
    ZoneId zone = plan.zone();
    List<RunReport> runs = orchestrator.history(HISTORY);
    Map<String, Map.Entry<RunReport, ComponentResult>> last = lastOutcomes(runs);
    String name = orchestrator.pipeline().name();
    StringBuilder html = new StringBuilder(8 * 1024);
    html.append("<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n")
        .append("<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<meta http-equiv=\"refresh\" content=\"10\"/>\n<title>")
        .append(escape(name))
        .append(" status</title>\n<style>\n")
        .append(RunReportHtml.baseStyle())
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(escape(name))
        .append("</h1>\n<p class=\"muted\">")
        .append(escape(time(plan.at(), zone)))
        .append(orchestrator.isStarted() ? ", running on a schedule" : "")
        .append("; this page refreshes every 10 seconds.</p>\n");
    now(html, zone);
    html.append("<h2>Components</h2>\n<table id=\"components\">\n<thead><tr><th>component</th>")
        .append("<th>last outcome</th><th>next</th><th>schedule</th></tr></thead>\n<tbody>\n");
    for (RunPlan.Step step : plan.steps()) {
      Map.Entry<RunReport, ComponentResult> outcome = last.get(step.component());
      String status = outcome == null ? "NEVER_RAN" : outcome.getValue().status().name();
      html.append("<tr id=\"component-")
          .append(escape(step.component()))
          .append("\" data-status=\"")
          .append(status)
          .append("\"><td>")
          .append(escape(step.component()))
          .append("</td><td>");
      if (outcome == null) {
        html.append("<span class=\"muted\">not run in the last ")
            .append(runs.size())
            .append(runs.size() == 1 ? " run" : " runs")
            .append("</span>");
      } else {
        ComponentResult result = outcome.getValue();
        html.append(badge(status))
            .append(' ')
            .append(
                escape(
                    time(
                        result.startedAt() == null
                            ? outcome.getKey().startedAt()
                            : result.startedAt(),
                        zone)))
            .append(result.attempts() == 0 ? "" : ", " + Durations.formatElapsed(result.duration()))
            .append("<br/><span class=\"muted\">")
            .append(escape(result.reason().message()))
            .append("</span>");
      }
      html.append("</td><td>")
          .append(step.action() == RunPlan.Action.RUN ? "<b>due now</b>: " : "")
          .append("<code>")
          .append(step.reason().code())
          .append("</code> ")
          .append(escape(step.reason().message()));
      if (step.usualChange() != null) {
        html.append("<br/><span class=\"muted\">it ")
            .append(escape(step.usualChange()))
            .append("</span>");
      }
      html.append("</td><td>")
          .append(
              escape(
                  orchestrator
                      .pipeline()
                      .component(step.component())
                      .map(Component::schedule)
                      .map(schedule -> schedule.description())
                      .orElse("")))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
    recentRuns(runs, zone, html);
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  private void now(StringBuilder html, ZoneId zone) {
    html.append("<h2>Now</h2>\n");
    LiveStatus.Run run = live == null ? null : live.current();
    if (run == null) {
      html.append("<p id=\"now\" data-state=\"idle\">No run in progress.</p>\n");
      return;
    }
    html.append("<p id=\"now\" data-state=\"running\">Run <code>")
        .append(escape(run.runId()))
        .append("</code> started ")
        .append(escape(time(run.startedAt(), zone)))
        .append(".</p>\n<ul>\n");
    Instant now = Instant.now();
    for (LiveStatus.Activity activity : run.components().values()) {
      html.append("<li>").append(escape(activity.component())).append(": ");
      if (activity.result() == null) {
        html.append(badge("RUNNING"))
            .append(" attempt ")
            .append(activity.attempt())
            .append(", for ")
            .append(
                Durations.formatElapsed(
                    Duration.between(activity.since(), now).isNegative()
                        ? Duration.ZERO
                        : Duration.between(activity.since(), now)));
      } else {
        html.append(badge(activity.result().status().name()))
            .append(' ')
            .append(escape(activity.result().reason().message()));
      }
      html.append("</li>\n");
    }
    html.append("</ul>\n");
  }

  private void recentRuns(List<RunReport> runs, ZoneId zone, StringBuilder html) {
    html.append("<h2>Recent runs</h2>\n");
    if (reports != null && Files.exists(reports.latestHtml())) {
      html.append("<p><a href=\"reports/latest.html\">The latest run's report</a></p>\n");
    }
    if (runs.isEmpty()) {
      html.append("<p class=\"muted\">No runs yet.</p>\n");
      return;
    }
    html.append("<table id=\"runs\">\n<thead><tr><th>run</th><th>status</th><th>started</th>")
        .append("<th>took</th><th>components</th></tr></thead>\n<tbody>\n");
    for (RunReport run : runs.subList(0, Math.min(10, runs.size()))) {
      html.append("<tr><td>");
      if (reports != null && Files.exists(reports.html(run.runId()))) {
        html.append("<a href=\"reports/")
            .append(escape(reports.html(run.runId()).getFileName().toString()))
            .append("\"><code>")
            .append(escape(run.runId()))
            .append("</code></a>");
      } else {
        html.append("<code>").append(escape(run.runId())).append("</code>");
      }
      StringBuilder counts = new StringBuilder();
      run.counts()
          .forEach(
              (status, count) ->
                  counts
                      .append(counts.length() == 0 ? "" : ", ")
                      .append(count)
                      .append(' ')
                      .append(status));
      html.append("</td><td>")
          .append(badge(run.status().name()))
          .append("</td><td>")
          .append(escape(time(run.startedAt(), zone)))
          .append("</td><td>")
          .append(run.endedAt() == null ? "-" : Durations.formatElapsed(run.duration()))
          .append("</td><td>")
          .append(escape(counts.toString()))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  private static String badge(String status) {
    return "<span class=\"badge\" style=\"background:"
        + colour(status)
        + "\">"
        + escape(status)
        + "</span>";
  }

  /** A time as the pages and the command line show it: to the second, with its offset. */
  static String time(Instant instant, ZoneId zone) {
    return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), zone).toString();
  }
}

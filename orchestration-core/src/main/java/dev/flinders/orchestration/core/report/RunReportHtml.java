package dev.flinders.orchestration.core.report;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ResourceUse;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.core.insight.Insight;
import dev.flinders.orchestration.core.insight.Insights;
import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.quota.QuotaUse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders a {@link RunReport} as one self-contained HTML page: no scripts, fonts, styles or images
 * from elsewhere, so it can be mailed, archived or opened from disk. It shows the run's status and
 * times, a timeline of the components (attempts, waits for a worker slot and for quota), the
 * dependency graph coloured by status, a table of every component (status, reason, duration,
 * records, quarantined rows, HTTP calls, datasets), the quotas, the thresholds breached, the
 * insights and the settings from the configuration file. The markup is well-formed XML (XHTML
 * syntax, served as HTML) so that tools can read it. Thread-safe and pure.
 */
public final class RunReportHtml {
  private static final int WIDTH = 960;
  private static final int LABEL = 200;
  private static final int ROW = 24;

  /** By the name of a component's or a run's status. */
  private static final Map<String, String> COLOURS =
      Map.of(
          "SUCCEEDED", "#2e7d32",
          "UNCHANGED", "#00796b",
          "SKIPPED", "#9e9e9e",
          "FAILED", "#c62828",
          "TIMED_OUT", "#ef6c00",
          "CANCELLED", "#6a1b9a",
          "RUNNING", "#1565c0",
          "ABANDONED", "#795548",
          "LEASE_LOST", "#795548");

  private RunReportHtml() {}

  /** The page of a run, without its dependency graph's edges or insights. */
  public static String render(RunReport report) {
    return render(report, null, null);
  }

  /**
   * The page of a run.
   *
   * @param pipeline the pipeline the run was of, for the dependency graph; null to show the
   *     components without their edges
   * @param insights what the history says, shown under the run; null to leave them out
   */
  public static String render(
      RunReport report, @Nullable Pipeline pipeline, @Nullable Insights insights) {
    StringBuilder html = new StringBuilder(16 * 1024);
    String title = report.pipeline() + " run " + report.runId() + ": " + report.status();
    html.append("<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n")
        .append("<head>\n<meta charset=\"utf-8\"/>\n<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n");
    header(report, html);
    timeline(report, html);
    graph(report, pipeline, html);
    table(report, html);
    quotasAndBreaches(report, html);
    if (insights != null) {
      insights(insights, html);
    }
    if (!report.configuration().isEmpty()) {
      html.append("<h2>Configuration file</h2>\n<ul class=\"plain\">\n");
      for (String line : report.configuration()) {
        html.append("<li>").append(escape(line)).append("</li>\n");
      }
      html.append("</ul>\n");
    }
    // the page says when the run ended, not when it was rendered: the same run, the same page
    html.append("<p class=\"muted\">Flinders run report")
        .append(
            report.endedAt() == null
                ? ", run in progress"
                : ", run ended " + escape(time(report, report.endedAt())))
        .append("</p>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void header(RunReport report, StringBuilder html) {
    html.append("<h1>")
        .append(escape(report.pipeline()))
        .append(" <span class=\"badge\" style=\"background:")
        .append(colour(report.status().name()))
        .append("\">")
        .append(report.status())
        .append("</span></h1>\n<p>Run <code>")
        .append(escape(report.runId()))
        .append("</code>")
        .append(report.dryRun() ? " (dry run: nothing was executed)" : "")
        .append(", started ")
        .append(escape(time(report, report.startedAt())));
    if (report.endedAt() != null) {
      html.append(", took ").append(Durations.formatElapsed(report.duration()));
    }
    html.append(". ");
    List<String> counts = new ArrayList<>();
    report.counts().forEach((status, count) -> counts.add(count + " " + status));
    html.append(report.results().size())
        .append(report.results().size() == 1 ? " component" : " components")
        .append(counts.isEmpty() ? "" : ": " + String.join(", ", counts))
        .append(".</p>\n");
  }

  /** A bar per component from its start to its end, with its wait for a slot before it. */
  private static void timeline(RunReport report, StringBuilder html) {
    Instant start = report.startedAt();
    Instant end = report.endedAt() == null ? start : report.endedAt();
    for (ComponentResult result : report.results()) {
      if (result.endedAt() != null && result.endedAt().isAfter(end)) {
        end = result.endedAt();
      }
    }
    double span = Math.max(1, Duration.between(start, end).toNanos());
    int plot = WIDTH - LABEL - 160;
    int height = ROW * report.results().size() + 30;
    html.append("<h2>Timeline</h2>\n<svg class=\"chart\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"timeline of the run\">\n");
    for (int tick = 0; tick <= 4; tick++) {
      double x = LABEL + plot * tick / 4.0;
      Duration at = Duration.ofNanos((long) (span * tick / 4));
      html.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\"", x, x))
          .append(" y2=\"")
          .append(height - 18)
          .append("\" class=\"grid\"/>")
          .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\"", x, height - 4))
          .append(" class=\"axis\">")
          .append(tick == 0 ? "0s" : escape(Durations.formatElapsed(at)))
          .append("</text>\n");
    }
    int y = 4;
    for (ComponentResult result : report.results()) {
      html.append("<g data-component=\"")
          .append(escape(result.component()))
          .append("\"><text x=\"4\" y=\"")
          .append(y + 15)
          .append("\">")
          .append(escape(result.component()))
          .append("</text>");
      if (result.startedAt() == null) {
        html.append("<text x=\"")
            .append(LABEL)
            .append("\" y=\"")
            .append(y + 15)
            .append("\" class=\"muted\">not started: ")
            .append(escape(result.reason().code().name()))
            .append("</text>");
      } else {
        double x = LABEL + plot * Duration.between(start, result.startedAt()).toNanos() / span;
        Instant ended = result.endedAt() == null ? end : result.endedAt();
        double w = Math.max(2, plot * Duration.between(result.startedAt(), ended).toNanos() / span);
        ResourceUse used = result.resources();
        if (used != null && !used.slotWait().isZero()) {
          double wait = Math.min(x - LABEL, plot * used.slotWait().toNanos() / span);
          html.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\"", x - wait, y + 6))
              .append(String.format(Locale.ROOT, " width=\"%.1f\" height=\"8\"", wait))
              .append(" class=\"wait\"><title>waited ")
              .append(escape(Durations.formatElapsed(used.slotWait())))
              .append(" for a worker slot</title></rect>");
        }
        html.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\"", x, y + 2))
            .append(String.format(Locale.ROOT, " width=\"%.1f\" height=\"16\" rx=\"3\"", w))
            .append(" fill=\"")
            .append(colour(result.status().name()))
            .append("\"><title>")
            .append(escape(result.component() + " " + result.status() + ": " + result.reason()))
            .append("</title></rect>");
        List<String> notes = new ArrayList<>();
        notes.add(Durations.formatElapsed(result.duration()));
        if (result.attempts() > 1) {
          notes.add(result.attempts() + " attempts");
        }
        if (used != null && used.quotaWait().compareTo(Duration.ofMillis(1)) >= 0) {
          notes.add("quota wait " + Durations.formatElapsed(used.quotaWait())); // not the µs
        }
        html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\"", x + w + 6, y + 15))
            .append(" class=\"note\">")
            .append(escape(String.join(", ", notes)))
            .append("</text>");
      }
      html.append("</g>\n");
      y += ROW;
    }
    html.append("</svg>\n");
  }

  /**
   * The components in columns by depth (a component one column right of its deepest upstream),
   * coloured by status, with an arrow from each upstream.
   */
  private static void graph(RunReport report, @Nullable Pipeline pipeline, StringBuilder html) {
    Map<String, ComponentResult> results = new LinkedHashMap<>();
    report.results().forEach(result -> results.put(result.component(), result));
    Map<String, Integer> depth = new HashMap<>();
    Map<Integer, Integer> rows = new HashMap<>();
    Map<String, int[]> at = new LinkedHashMap<>();
    for (ComponentResult result : report.results()) { // in execution order: upstreams first
      int d = 0;
      for (String up : upstreams(pipeline, result.component())) {
        if (depth.containsKey(up)) {
          d = Math.max(d, depth.get(up) + 1);
        }
      }
      depth.put(result.component(), d);
      int row = rows.merge(d, 1, Integer::sum) - 1;
      at.put(result.component(), new int[] {10 + d * 200, 10 + row * 44});
    }
    int width = 20;
    int height = 20;
    for (int[] xy : at.values()) {
      width = Math.max(width, xy[0] + 170);
      height = Math.max(height, xy[1] + 40);
    }
    html.append("<h2>Dependencies</h2>\n");
    if (pipeline == null) {
      html.append("<p class=\"muted\">The pipeline was not given: components without edges.</p>\n");
    }
    html.append("<svg class=\"chart\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"dependency graph coloured by status\">\n")
        .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\"")
        .append(" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\">")
        .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n");
    for (Map.Entry<String, int[]> node : at.entrySet()) {
      for (String up : upstreams(pipeline, node.getKey())) {
        int[] from = at.get(up);
        if (from != null) {
          int[] to = node.getValue();
          html.append("<line x1=\"")
              .append(from[0] + 160)
              .append("\" y1=\"")
              .append(from[1] + 14)
              .append("\" x2=\"")
              .append(to[0])
              .append("\" y2=\"")
              .append(to[1] + 14)
              .append("\" class=\"edge\" marker-end=\"url(#arrow)\"/>\n");
        }
      }
    }
    for (Map.Entry<String, int[]> node : at.entrySet()) {
      ComponentResult result = results.get(node.getKey());
      int[] xy = node.getValue();
      html.append("<g data-component=\"")
          .append(escape(node.getKey()))
          .append("\" data-status=\"")
          .append(result.status())
          .append("\"><rect x=\"")
          .append(xy[0])
          .append("\" y=\"")
          .append(xy[1])
          .append("\" width=\"160\" height=\"28\" rx=\"4\" fill=\"")
          .append(colour(result.status().name()))
          .append("\"><title>")
          .append(escape(node.getKey() + " " + result.status() + ": " + result.reason()))
          .append("</title></rect><text x=\"")
          .append(xy[0] + 6)
          .append("\" y=\"")
          .append(xy[1] + 18)
          .append("\" class=\"node\">")
          .append(escape(shorten(node.getKey(), 22)))
          .append("</text></g>\n");
    }
    html.append("</svg>\n");
  }

  private static List<String> upstreams(@Nullable Pipeline pipeline, String component) {
    if (pipeline == null) {
      return List.of();
    }
    return pipeline.component(component).map(Component::dependsOn).orElse(List.of());
  }

  private static void table(RunReport report, StringBuilder html) {
    html.append("<h2>Components</h2>\n<table id=\"components\">\n<thead><tr>")
        .append("<th>component</th><th>status</th><th>reason</th><th>attempts</th>")
        .append("<th>duration</th><th>records</th><th>quarantined</th><th>HTTP</th>")
        .append("<th>details</th></tr></thead>\n<tbody>\n");
    for (ComponentResult result : report.results()) {
      long quarantined = 0;
      for (DatasetSummary dataset : result.datasets()) {
        quarantined += dataset.quarantined();
      }
      html.append("<tr id=\"component-")
          .append(escape(result.component()))
          .append("\" data-status=\"")
          .append(result.status())
          .append("\"><td>")
          .append(escape(result.component()))
          .append("</td><td><span class=\"badge\" style=\"background:")
          .append(colour(result.status().name()))
          .append("\">")
          .append(result.status())
          .append("</span></td><td><code>")
          .append(result.reason().code())
          .append("</code> ")
          .append(escape(result.reason().message()))
          .append("</td><td class=\"num\">")
          .append(result.attempts())
          .append("</td><td class=\"num\">")
          .append(result.attempts() == 0 ? "-" : Durations.formatElapsed(result.duration()))
          .append("</td><td class=\"num\">")
          .append(result.outcome() == null ? "-" : Long.toString(result.outcome().records()))
          .append("</td><td class=\"num\">")
          .append(result.datasets().isEmpty() ? "-" : Long.toString(quarantined))
          .append("</td><td>")
          .append(result.http() == null ? "-" : escape(result.http().toString()))
          .append("</td><td>");
      details(result, html);
      html.append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  private static void details(ComponentResult result, StringBuilder html) {
    List<String> lines = new ArrayList<>();
    if (result.error() != null && !result.reason().message().contains(result.error())) {
      lines.add("error: " + result.error());
    }
    for (String breach : result.breaches()) {
      lines.add("breached: " + breach);
    }
    if (result.resources() != null && !result.resources().toString().isEmpty()) {
      lines.add("used: " + result.resources());
    }
    for (DatasetSummary dataset : result.datasets()) {
      lines.add("dataset " + dataset);
    }
    if (result.outcome() != null) {
      lines.addAll(result.outcome().notes());
    }
    for (int i = 0; i < lines.size(); i++) {
      html.append(i == 0 ? "" : "<br/>").append(escape(lines.get(i)));
    }
  }

  private static void quotasAndBreaches(RunReport report, StringBuilder html) {
    if (!report.quotas().isEmpty()) {
      html.append("<h2>Quotas</h2>\n<table>\n<thead><tr><th>provider</th><th>calls in run</th>")
          .append("<th>used today</th><th>daily budget</th></tr></thead>\n<tbody>\n");
      for (QuotaUse quota : report.quotas()) {
        html.append("<tr><td>")
            .append(escape(quota.provider()))
            .append("</td><td class=\"num\">")
            .append(quota.callsInRun())
            .append("</td><td class=\"num\">")
            .append(quota.dailyBudget() > 0 ? Long.toString(quota.usedToday()) : "-")
            .append("</td><td class=\"num\">")
            .append(quota.dailyBudget() > 0 ? Long.toString(quota.dailyBudget()) : "-")
            .append("</td></tr>\n");
      }
      html.append("</tbody>\n</table>\n");
    }
    if (!report.breaches().isEmpty()) {
      html.append("<h2>Thresholds breached by the run</h2>\n<ul>\n");
      for (String breach : report.breaches()) {
        html.append("<li>").append(escape(breach)).append("</li>\n");
      }
      html.append("</ul>\n");
    }
  }

  private static void insights(Insights insights, StringBuilder html) {
    html.append("<h2>Insights</h2>\n<p class=\"muted\">Over the last ")
        .append(insights.runs())
        .append(insights.runs() == 1 ? " run" : " runs")
        .append(" in the history.</p>\n");
    if (insights.insights().isEmpty()) {
      html.append("<p>Nothing to remark.</p>\n");
      return;
    }
    html.append("<ul id=\"insights\">\n");
    for (Insight insight : insights.insights()) {
      html.append("<li><code>")
          .append(insight.kind())
          .append("</code> ")
          .append(escape(insight.text()))
          .append("</li>\n");
    }
    html.append("</ul>\n");
  }

  private static String time(RunReport report, Instant instant) {
    return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), report.zone())
        .toString();
  }

  /**
   * The colour this report gives a component's or a run's status ({@code Status} or {@code
   * RunStatus} name), as CSS, for other pages that show statuses the same way.
   */
  public static String colour(String status) {
    return COLOURS.getOrDefault(status, "#555555");
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  /**
   * Text as it may stand in an HTML element or a quoted attribute: markup characters escaped, and
   * characters that XML 1.0 cannot hold (controls other than tab and line breaks, lone surrogates)
   * replaced by U+FFFD.
   */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(++i));
          } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r')
              || Character.isSurrogate(c)
              || c == 0xFFFE
              || c == 0xFFFF) {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * The styles of the page's text, tables and status badges, for other pages that should look the
   * same.
   */
  public static String baseStyle() {
    return BASE_STYLE;
  }

  private static final String BASE_STYLE =
      """
      body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px;
             color: #212121; max-width: 1400px; }
      h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
      code { font: 12px ui-monospace, Menlo, Consolas, monospace; }
      .badge { color: #fff; border-radius: 4px; padding: 1px 7px; font-size: 12px; }
      .muted { color: #757575; }
      table { border-collapse: collapse; width: 100%; }
      th, td { border-bottom: 1px solid #e0e0e0; padding: 5px 8px; text-align: left;
               vertical-align: top; }
      th { background: #f5f5f5; } td.num { text-align: right; white-space: nowrap; }
      ul.plain { list-style: none; padding-left: 0; }
      """;

  private static final String STYLE =
      BASE_STYLE
          + """
          svg.chart { display: block; max-width: 100%; height: auto; }
          svg text { font: 12px system-ui, sans-serif; fill: #212121; }
          svg text.axis, svg text.muted { fill: #757575; } svg text.note { fill: #424242; }
          svg text.node { fill: #fff; }
          svg line.grid { stroke: #eeeeee; } svg line.edge { stroke: #555; stroke-width: 1.2; }
          svg rect.wait { fill: #bdbdbd; }
          """;
}

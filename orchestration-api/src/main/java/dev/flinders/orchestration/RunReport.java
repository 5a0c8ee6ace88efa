package dev.flinders.orchestration;

import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.quota.QuotaUse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything one run did: for each component, how it ended and why. This is also the run record
 * kept in the history. Immutable. {@code orchestration-core} renders it as JSON; {@link #toText()}
 * renders it as a table.
 *
 * @param pipeline the pipeline's name
 * @param runId the run's id, unique per pipeline and sortable by start time
 * @param status how the run ended, or {@link RunStatus#RUNNING}
 * @param startedAt when the run started; schedules treat this as the time of the run
 * @param endedAt when the run ended, or null while running or if abandoned
 * @param dryRun whether nothing was executed (each result's reason says what would have happened)
 * @param results one result per component, in execution order
 * @param quotas the quota of each API provider the run called, after the run
 * @param zone the zone the reasons give times in, and {@link #toText()} prints times in (the run id
 *     is the start in UTC, so that ids sort by time in any zone)
 * @param configuration which settings came from the configuration file, one line per component it
 *     changes; empty without one
 * @param breaches the pipeline's thresholds this run breached as a whole, one line each ({@code
 *     duration above 1h: took 1h12m, above 1h}); a breach of a failing threshold fails the run (see
 *     {@code Pipeline.Builder.threshold}); those of components are on their results
 */
public record RunReport(
    String pipeline,
    String runId,
    RunStatus status,
    Instant startedAt,
    @Nullable Instant endedAt,
    boolean dryRun,
    List<ComponentResult> results,
    List<QuotaUse> quotas,
    ZoneId zone,
    List<String> configuration,
    List<String> breaches) {

  /** A report whose run breached none of the pipeline's thresholds. */
  public RunReport(
      String pipeline,
      String runId,
      RunStatus status,
      Instant startedAt,
      @Nullable Instant endedAt,
      boolean dryRun,
      List<ComponentResult> results,
      List<QuotaUse> quotas,
      ZoneId zone,
      List<String> configuration) {
    this(
        pipeline,
        runId,
        status,
        startedAt,
        endedAt,
        dryRun,
        results,
        quotas,
        zone,
        configuration,
        List.of());
  }

  /** A report without quota use, times in UTC. */
  public RunReport(
      String pipeline,
      String runId,
      RunStatus status,
      Instant startedAt,
      @Nullable Instant endedAt,
      boolean dryRun,
      List<ComponentResult> results) {
    this(pipeline, runId, status, startedAt, endedAt, dryRun, results, List.of());
  }

  /** A report with times in UTC and no configuration file. */
  public RunReport(
      String pipeline,
      String runId,
      RunStatus status,
      Instant startedAt,
      @Nullable Instant endedAt,
      boolean dryRun,
      List<ComponentResult> results,
      List<QuotaUse> quotas) {
    this(
        pipeline,
        runId,
        status,
        startedAt,
        endedAt,
        dryRun,
        results,
        quotas,
        ZoneOffset.UTC,
        List.of());
  }

  public RunReport {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    results = List.copyOf(results);
    quotas = quotas == null ? List.of() : List.copyOf(quotas);
    zone = zone == null ? ZoneOffset.UTC : zone; // a record written before reports had a zone
    configuration = configuration == null ? List.of() : List.copyOf(configuration);
    breaches = breaches == null ? List.of() : List.copyOf(breaches);
  }

  /** This report with another status and end, e.g. the final one of a run that was in progress. */
  public RunReport ended(
      RunStatus status, @Nullable Instant endedAt, List<ComponentResult> results) {
    return with(status, endedAt, results, breaches);
  }

  /**
   * This report with the pipeline's thresholds it breached, and the status that follows (FAILED if
   * a failing one was breached).
   */
  public RunReport breached(RunStatus status, List<String> breaches) {
    return with(status, endedAt, results, breaches);
  }

  private RunReport with(
      RunStatus status,
      @Nullable Instant endedAt,
      List<ComponentResult> results,
      List<String> breaches) {
    return new RunReport(
        pipeline,
        runId,
        status,
        startedAt,
        endedAt,
        dryRun,
        results,
        quotas,
        zone,
        configuration,
        breaches);
  }

  /** The result of the named component, if it is part of this run. */
  public Optional<ComponentResult> result(String component) {
    for (ComponentResult result : results) {
      if (result.component().equals(component)) {
        return Optional.of(result);
      }
    }
    return Optional.empty();
  }

  /** The status of the named component; throws if the pipeline has no such component. */
  public Status status(String component) {
    return result(component)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "run " + runId + " has no component named \"" + component + "\""))
        .status();
  }

  /** Wall time from start to end; zero while running. */
  public Duration duration() {
    return endedAt == null ? Duration.ZERO : Duration.between(startedAt, endedAt);
  }

  /** How many components ended with each status. */
  public Map<Status, Integer> counts() {
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    for (ComponentResult result : results) {
      counts.merge(result.status(), 1, Integer::sum);
    }
    return counts;
  }

  /** The report as a text table, with times in its {@link #zone()}, as its reasons give them. */
  public String toText() {
    return toText(zone);
  }

  /**
   * The report as a text table with its start in {@code zone}; reasons keep the times they were
   * written with, in {@link #zone()}.
   */
  public String toText(ZoneId zone) {
    StringBuilder text = new StringBuilder();
    text.append("Run ")
        .append(runId)
        .append(" of ")
        .append(pipeline)
        .append(dryRun ? " (dry run)" : "")
        .append(": ")
        .append(status);
    if (endedAt != null) {
      text.append(" in ").append(Durations.formatElapsed(duration()));
    }
    text.append(", started ")
        .append(
            java.time.OffsetDateTime.ofInstant(
                startedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), zone))
        .append('\n');
    int nameWidth = "COMPONENT".length();
    for (ComponentResult result : results) {
      nameWidth = Math.max(nameWidth, result.component().length());
    }
    String row = "%-" + nameWidth + "s  %-9s  %8s  %9s  %s%n";
    text.append(
        String.format(
            java.util.Locale.ROOT, row, "COMPONENT", "STATUS", "ATTEMPTS", "DURATION", "REASON"));
    for (ComponentResult result : results) {
      String reason = result.reason().message();
      if (result.error() != null && !reason.contains(result.error())) {
        reason = reason + " [" + result.error() + "]";
      }
      text.append(
          String.format(
              java.util.Locale.ROOT,
              row,
              result.component(),
              result.status(),
              result.attempts(),
              result.attempts() == 0 ? "-" : Durations.formatElapsed(result.duration()),
              reason));
      if (result.outcome() != null) {
        for (String note : result.outcome().notes()) {
          if (!reason.contains(note)) {
            text.append(" ".repeat(nameWidth + 2)).append("note: ").append(note).append('\n');
          }
        }
      }
      if (result.http() != null) {
        text.append(" ".repeat(nameWidth + 2)).append("http: ").append(result.http()).append('\n');
      }
      for (String breach : result.breaches()) {
        text.append(" ".repeat(nameWidth + 2)).append("breached: ").append(breach).append('\n');
      }
      if (result.resources() != null && notable(result.resources())) {
        text.append(" ".repeat(nameWidth + 2))
            .append("used: ")
            .append(result.resources())
            .append('\n');
      }
      for (DatasetSummary dataset : result.datasets()) {
        text.append(" ".repeat(nameWidth + 2)).append("dataset ").append(dataset).append('\n');
      }
    }
    for (QuotaUse quota : quotas) {
      text.append("quota ").append(quota).append('\n');
    }
    for (String breach : breaches) {
      text.append("run breached: ").append(breach).append('\n');
    }
    for (String line : configuration) {
      text.append(line).append('\n');
    }
    Map<Status, Integer> counts = counts();
    text.append(results.size()).append(results.size() == 1 ? " component" : " components");
    counts.forEach((status, count) -> text.append(", ").append(count).append(' ').append(status));
    return text.append('\n').toString();
  }

  /**
   * Whether a component's use is worth a line of the text report: 100 ms of CPU or more, or a wait
   * of 100 ms or more for a slot or for quota, or a start with parallelism lowered for load (the
   * JSON report has every component's).
   */
  private static boolean notable(ResourceUse used) {
    Duration notable = Duration.ofMillis(100);
    return used.loadLimit() != null
        || used.cpu() != null && used.cpu().compareTo(notable) >= 0
        || used.slotWait().compareTo(notable) >= 0
        || used.quotaWait().compareTo(notable) >= 0;
  }
}

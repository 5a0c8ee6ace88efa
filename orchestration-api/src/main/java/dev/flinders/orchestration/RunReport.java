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
 */
public record RunReport(
    String pipeline,
    String runId,
    RunStatus status,
    Instant startedAt,
    @Nullable Instant endedAt,
    boolean dryRun,
    List<ComponentResult> results,
    List<QuotaUse> quotas) {

  /** A report without quota use. */
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

  public RunReport {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    results = List.copyOf(results);
    quotas = quotas == null ? List.of() : List.copyOf(quotas);
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

  /** The report as a text table with times in UTC. */
  public String toText() {
    return toText(ZoneOffset.UTC);
  }

  /** The report as a text table with times in {@code zone}. */
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
      if (result.http() != null) {
        text.append(" ".repeat(nameWidth + 2)).append("http: ").append(result.http()).append('\n');
      }
      for (DatasetSummary dataset : result.datasets()) {
        text.append(" ".repeat(nameWidth + 2)).append("dataset ").append(dataset).append('\n');
      }
    }
    for (QuotaUse quota : quotas) {
      text.append("quota ").append(quota).append('\n');
    }
    Map<Status, Integer> counts = counts();
    text.append(results.size()).append(results.size() == 1 ? " component" : " components");
    counts.forEach((status, count) -> text.append(", ").append(count).append(' ').append(status));
    return text.append('\n').toString();
  }
}

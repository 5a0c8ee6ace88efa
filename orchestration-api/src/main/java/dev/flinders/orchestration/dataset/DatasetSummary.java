package dev.flinders.orchestration.dataset;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one dataset of a component: rows in, rows that passed the rules and rows
 * quarantined (per rule), warnings per rule, and where it went or why it was discarded. {@code
 * rowsIn == written + quarantined}. A dataset that was not committed ({@link #committed()} is
 * false) kept none of its rows: {@code written} and {@code quarantined} then count what was
 * discarded.
 *
 * @param dataset the dataset
 * @param rowsIn rows the task wrote
 * @param written rows that passed the rules: in the curated file if committed
 * @param quarantined rows that broke a rule: in the quarantine file if committed
 * @param quarantinedByRule quarantined rows per rule (the first rule each broke)
 * @param warningsByRule warnings per rule
 * @param location the committed curated file, or null if not committed
 * @param quarantineLocation the committed quarantine file, or null if none
 * @param failure why the dataset was not committed, or null
 * @param partitions for a partitioned dataset, the partitions written, e.g. {@code mode=4}, in the
 *     order written (the others were left as they were); empty otherwise
 * @param compactions for an appending dataset compacted after the commit, one line per period
 *     merged ({@code 20261202T07: 120 files, 51840 rows}) or not merged ({@code 20261202T07 not
 *     merged: ...}, retried after the next commit); empty otherwise
 */
public record DatasetSummary(
    String dataset,
    long rowsIn,
    long written,
    long quarantined,
    Map<String, Long> quarantinedByRule,
    Map<String, Long> warningsByRule,
    @Nullable String location,
    @Nullable String quarantineLocation,
    @Nullable String failure,
    List<String> partitions,
    List<String> compactions) {

  public DatasetSummary {
    Objects.requireNonNull(dataset, "dataset");
    quarantinedByRule = java.util.Collections.unmodifiableMap(new TreeMap<>(quarantinedByRule));
    warningsByRule = java.util.Collections.unmodifiableMap(new TreeMap<>(warningsByRule));
    partitions = partitions == null ? List.of() : List.copyOf(partitions);
    compactions = compactions == null ? List.of() : List.copyOf(compactions);
  }

  /** A summary of a dataset that is not partitioned. */
  public DatasetSummary(
      String dataset,
      long rowsIn,
      long written,
      long quarantined,
      Map<String, Long> quarantinedByRule,
      Map<String, Long> warningsByRule,
      @Nullable String location,
      @Nullable String quarantineLocation,
      @Nullable String failure) {
    this(
        dataset,
        rowsIn,
        written,
        quarantined,
        quarantinedByRule,
        warningsByRule,
        location,
        quarantineLocation,
        failure,
        List.of(),
        List.of());
  }

  /** This summary with another failure, e.g. one labelled with its attempt. */
  public DatasetSummary withFailure(@Nullable String failure) {
    return new DatasetSummary(
        dataset,
        rowsIn,
        written,
        quarantined,
        quarantinedByRule,
        warningsByRule,
        location,
        quarantineLocation,
        failure,
        partitions,
        compactions);
  }

  /** Whether the dataset was committed: its rows are in the curated (and quarantine) files. */
  public boolean committed() {
    return location != null;
  }

  /**
   * One line, e.g. {@code patronage: 4032 rows in, 4030 written, 2 quarantined {one_of(Mode)=2}},
   * or for a dataset that was not committed {@code patronage: 2000 rows in, all discarded (2000
   * passed the rules, 0 quarantined): the attempt timed out}.
   */
  @Override
  public String toString() {
    StringBuilder text =
        new StringBuilder(dataset).append(": ").append(rowsIn).append(" rows in, ");
    boolean discarded = failure != null && location == null;
    if (discarded) {
      text.append(rowsIn == 0 ? "nothing to discard" : "all discarded")
          .append(" (")
          .append(written)
          .append(" passed the rules, ")
          .append(quarantined)
          .append(" quarantined");
    } else {
      text.append(written).append(" written, ").append(quarantined).append(" quarantined");
    }
    if (!quarantinedByRule.isEmpty()) {
      text.append(' ').append(quarantinedByRule);
    }
    if (!warningsByRule.isEmpty()) {
      text.append(", warnings ").append(warningsByRule);
    }
    if (!partitions.isEmpty()) {
      text.append(", partitions ").append(String.join(" ", partitions));
    }
    if (!compactions.isEmpty()) {
      text.append(", compacted ").append(String.join("; ", compactions));
    }
    if (discarded) {
      text.append("): ").append(failure);
    } else if (failure != null) {
      text.append("; ").append(failure);
    }
    return text.toString();
  }
}

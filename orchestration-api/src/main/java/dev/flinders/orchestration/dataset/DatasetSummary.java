package dev.flinders.orchestration.dataset;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one dataset of a component: rows in, written to the curated file, quarantined
 * per rule, warnings per rule, and where it went or why it failed. {@code rowsIn == written +
 * quarantined}.
 *
 * @param dataset the dataset
 * @param rowsIn rows the task wrote
 * @param written rows in the curated file
 * @param quarantined rows in the quarantine file
 * @param quarantinedByRule quarantined rows per rule (the first rule each broke)
 * @param warningsByRule warnings per rule
 * @param location the committed curated file, or null if not committed
 * @param quarantineLocation the committed quarantine file, or null if none
 * @param failure why the dataset was not committed, or null
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
    @Nullable String failure) {

  public DatasetSummary {
    Objects.requireNonNull(dataset, "dataset");
    quarantinedByRule = java.util.Collections.unmodifiableMap(new TreeMap<>(quarantinedByRule));
    warningsByRule = java.util.Collections.unmodifiableMap(new TreeMap<>(warningsByRule));
  }

  @Override
  public String toString() {
    StringBuilder text =
        new StringBuilder(dataset)
            .append(": ")
            .append(rowsIn)
            .append(" rows in, ")
            .append(written)
            .append(" written, ")
            .append(quarantined)
            .append(" quarantined");
    if (!quarantinedByRule.isEmpty()) {
      text.append(' ').append(quarantinedByRule);
    }
    if (!warningsByRule.isEmpty()) {
      text.append(", warnings ").append(warningsByRule);
    }
    if (failure != null) {
      text.append("; not committed: ").append(failure);
    }
    return text.toString();
  }
}

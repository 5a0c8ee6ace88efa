package dev.flinders.orchestration.spi;

import dev.flinders.orchestration.dataset.DatasetSchema;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Where datasets are stored. A writer opens a new version with {@link #open}, streams rows into it
 * and commits it: until then no reader sees any of it, and if it is never committed (the component
 * failed, timed out, or the process died) nothing of it remains and the previous versions stay as
 * they were. The Parquet implementation is {@code ParquetDatasetSink} in {@code
 * orchestration-parquet}.
 *
 * <p>Implementations are thread-safe; each {@link DatasetOutput} is used by one thread.
 */
public interface DatasetSink {
  /**
   * Starts a new version of {@code dataset}.
   *
   * @param dataset the dataset's name: lower-case letters, digits and '_'
   * @param schema its columns
   * @param at the time the version is for (usually the run's start), which names it
   */
  DatasetOutput open(String dataset, DatasetSchema schema, Instant at);

  /** The committed versions of {@code dataset}, newest first. */
  List<DatasetVersion> versions(String dataset);

  /**
   * Starts a new version of some partitions of {@code dataset}, partitioned by {@code column}: see
   * {@link PartitionedOutput}. The schema is that of the rows without the partition column.
   *
   * @throws UnsupportedOperationException if this sink does not store partitioned datasets
   */
  default PartitionedOutput openPartitioned(
      String dataset, DatasetSchema schema, String column, Instant at) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName()
            + " does not store partitioned datasets (dataset "
            + dataset
            + " is partitioned by "
            + column
            + "): use a sink that does, such as ParquetDatasetSink, or drop partitionedBy from the"
            + " dataset's spec");
  }

  /**
   * The partitions of a partitioned {@code dataset} as they stand, one version each, named by its
   * directory ({@code mode=4}) and sorted by it; empty if it has none or is not partitioned.
   */
  default List<DatasetVersion> partitions(String dataset) {
    return List.of();
  }

  /**
   * Opens a new file of an appending {@code dataset} (see {@code DatasetSpec.Builder.appending}),
   * named by {@code at}: its commit adds it beside the dataset's earlier files and replaces none.
   * The default refuses: this sink does not store appending datasets.
   */
  default DatasetOutput openAppending(String dataset, DatasetSchema schema, Instant at) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName()
            + " does not store appending datasets (dataset "
            + dataset
            + "): use a sink that does, such as ParquetDatasetSink, or drop appending from the"
            + " dataset's spec");
  }

  /**
   * Merges the files of an appending {@code dataset} by {@code period} ({@link ChronoUnit#HOURS} or
   * {@link ChronoUnit#DAYS}): every period that ended by {@code now} and holds files not yet merged
   * becomes one file holding all their rows, and its small files go, atomically (no row is lost or
   * doubled, even if the process dies during it). Periods still open are left alone. The default
   * refuses: this sink does not store appending datasets.
   *
   * @return one entry per period merged, oldest first; empty if there was nothing to merge
   */
  default List<Compaction> compact(
      String dataset, DatasetSchema schema, ChronoUnit period, Instant now) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName()
            + " does not compact appending datasets (dataset "
            + dataset
            + ")");
  }

  /**
   * The files of an appending {@code dataset}, oldest first: snapshots and merged periods alike.
   * Empty for a dataset that has none or a sink that does not store appending datasets.
   */
  default List<DatasetVersion> appended(String dataset) {
    return List.of();
  }

  /**
   * When {@code dataset} last got a committed file (a version, a partition or an appended file), if
   * it has one and the sink can tell: for freshness alerts. The default cannot tell.
   */
  default Optional<Instant> lastCommitted(String dataset) {
    return Optional.empty();
  }

  /** The newest committed version of {@code dataset}, if any. */
  default Optional<DatasetVersion> latest(String dataset) {
    List<DatasetVersion> versions = versions(dataset);
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(0));
  }
}

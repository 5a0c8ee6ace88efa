package dev.flinders.orchestration.spi;

import java.util.List;

/**
 * A new version of some partitions of a partitioned dataset, being written: each row goes to the
 * partition of its value (a directory per value, {@code <column>=<value>} as Hive lays them out),
 * and nothing is visible until {@link #commit()}, which replaces the written partitions as a whole
 * and leaves every other partition as it was. Closing it without committing discards it. Used by
 * one thread.
 *
 * <p>The rows of one partition come together: a row of another partition finishes the current one
 * (its file is complete and its buffers freed), and a row of a partition finished before is
 * refused.
 */
public interface PartitionedOutput extends AutoCloseable {
  /**
   * Appends one row to partition {@code value}: one value per column of the schema, in order, each
   * of the column type's Java type or null (the partition column is not part of the row).
   *
   * @throws IllegalArgumentException naming the column if a value does not fit the schema
   * @throws IllegalStateException if {@code value}'s partition was finished before
   */
  void write(String value, Object[] row);

  /** Finishes the partition being written now, rather than at the next partition or the commit. */
  void finishPartition();

  /** Rows written so far, over all partitions. */
  long rows();

  /** The values of the partitions written so far, in the order they were started. */
  List<String> partitions();

  /** Where the dataset's partitions are, e.g. its directory. */
  String location();

  /**
   * Publishes the written partitions, each replacing that partition's previous data: after a crash
   * in the middle, the next sink that opens the dataset completes the commit, so the written
   * partitions are replaced all together or, if the crash came before the commit, not at all.
   *
   * @return one committed version per partition, in the order they were written
   */
  List<DatasetVersion> commit();

  /** Discards every partition written unless committed; harmless after a commit. */
  @Override
  void close();
}

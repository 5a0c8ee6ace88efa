package dev.flinders.orchestration.spi;

/**
 * A version of a dataset being written: rows go in one at a time and are not visible until {@link
 * #commit()}. Closing it without committing discards it. Used by one thread.
 */
public interface DatasetOutput extends AutoCloseable {
  /**
   * Appends one row: one value per column of the schema, in order, each of the column type's Java
   * type or null.
   *
   * @throws IllegalArgumentException naming the column if a value does not fit the schema
   */
  void write(Object[] row);

  /** Rows written so far. */
  long rows();

  /**
   * Publishes the version atomically, replacing a version of the same name (a rerun on the same
   * day), then applies the sink's retention.
   *
   * @return the committed version
   */
  DatasetVersion commit();

  /** Discards the version unless it was committed; harmless after a commit. */
  @Override
  void close();
}

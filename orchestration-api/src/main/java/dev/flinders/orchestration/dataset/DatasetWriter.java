package dev.flinders.orchestration.dataset;

import java.util.List;

/**
 * Writes rows of one dataset for one attempt, from {@code ComponentContext.dataset(spec)}. Rows are
 * checked against the dataset's rules as they come and streamed to the curated file or the
 * quarantine, never collected in memory. The engine commits the dataset when the task succeeds (if
 * no rule fails it) and discards it if the task fails or is stopped. Used by the task's thread.
 */
public interface DatasetWriter {
  /**
   * Writes a row of typed values, one per column in the schema's order (see {@link ColumnType} for
   * each type's Java class); null for a missing value.
   *
   * @throws IllegalArgumentException if the row does not have one value per column, or a value is
   *     of the wrong Java type (a bug in the task, not in the data)
   * @throws DataQualityException if the row breaks a rule whose action is FAIL
   */
  void write(Object... values);

  /**
   * Writes a row of text, e.g. a CSV record or CKAN values, converting each value to its column's
   * type ({@link ColumnType#parse}). A value that does not convert, or a missing value in a
   * required column, sends the row to the quarantine (rule {@code type}) with its original text.
   *
   * @throws DataQualityException if the row breaks a rule whose action is FAIL
   */
  void writeText(String... values);

  /**
   * Sends a row the task could not read (e.g. a CSV line with too many fields) to the quarantine
   * under rule {@code source}, with {@code reason} and whatever text it has, one value per column
   * as far as there are any.
   */
  void reject(String reason, String... texts);

  /**
   * Tells the rules which columns the source has (e.g. a CSV header), for {@code
   * Rule.requiredColumns}.
   *
   * @throws DataQualityException if a FAIL rule finds a column missing
   */
  void sourceColumns(List<String> columns);

  /** Rows written so far, curated and quarantined. */
  long rows();

  /**
   * For a {@linkplain DatasetSpec.Builder#partitionedBy partitioned} dataset: the rows of the
   * partition being written are complete, so its file is finished now (its buffers freed) rather
   * than when the next partition's first row comes or the attempt ends. A source that writes many
   * datasets one partition at a time calls it after each, to keep memory low. Nothing for a dataset
   * that is not partitioned.
   */
  default void finishPartition() {}
}

package dev.flinders.orchestration.spi;

import java.util.List;
import java.util.Objects;

/**
 * One period of an appending dataset merged into one file by {@link DatasetSink#compact}.
 *
 * @param dataset the dataset
 * @param result the merged file, its version the period ({@code 20261202T07} for an hour, {@code
 *     20261202} for a day)
 * @param merged the versions of the files it replaced, oldest first
 * @param rows the rows it holds: the sum of those of the files it replaced
 * @param failure why the period was not merged (its files are as they were), or null if it was
 */
public record Compaction(
    String dataset,
    DatasetVersion result,
    List<String> merged,
    long rows,
    @org.jspecify.annotations.Nullable String failure) {
  public Compaction {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(result, "result");
    merged = List.copyOf(merged);
  }

  /** A period merged into {@code result}. */
  public Compaction(String dataset, DatasetVersion result, List<String> merged, long rows) {
    this(dataset, result, merged, rows, null);
  }

  /** A period that could not be merged: its files are as they were. */
  public static Compaction failed(
      String dataset, DatasetVersion intended, List<String> files, String failure) {
    return new Compaction(dataset, intended, files, 0, Objects.requireNonNull(failure, "failure"));
  }

  @Override
  public String toString() {
    if (failure != null) {
      return dataset + ": " + result.version() + " not merged: " + failure;
    }
    return dataset
        + ": "
        + merged.size()
        + (merged.size() == 1 ? " file" : " files")
        + " of "
        + result.version()
        + " merged into "
        + result.location()
        + " ("
        + rows
        + (rows == 1 ? " row)" : " rows)");
  }
}

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
 */
public record Compaction(String dataset, DatasetVersion result, List<String> merged, long rows) {
  public Compaction {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(result, "result");
    merged = List.copyOf(merged);
  }

  @Override
  public String toString() {
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

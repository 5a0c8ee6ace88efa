package dev.flinders.orchestration.parquet.internal;

import dev.flinders.orchestration.dataset.Column;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.parquet.ParquetDatasetReader;
import dev.flinders.orchestration.spi.Compaction;
import dev.flinders.orchestration.spi.DatasetVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Merges the files of one period of an appending dataset into one file, through a {@link
 * CommitJournal}: the merged file is finished under a temporary name, then the journal renames it
 * into place and deletes the files it replaces. See {@code ParquetDatasetSink.compact}.
 */
public final class Compactor {
  private Compactor() {}

  /**
   * Merges {@code files} (oldest first; {@code target} itself may be one of them) into {@code
   * target}.
   *
   * @param output opens the output of a final file, written under a temporary name
   */
  public static Compaction merge(
      String dataset,
      DatasetSchema schema,
      String period,
      List<DatasetVersion> files,
      Function<Path, ParquetOutput> output,
      Path target) {
    Path directory = target.getParent();
    ParquetOutput merged = output.apply(target);
    Path temporary = merged.temporary();
    long rows = 0;
    List<Path> replaced = new ArrayList<>();
    try {
      for (DatasetVersion file : files) {
        Path path = Path.of(file.location());
        rows += copy(dataset, period, path, schema, merged);
        if (!path.equals(target)) {
          replaced.add(path);
        }
      }
      merged.prepare();
    } catch (RuntimeException e) {
      merged.close(); // nothing was swapped: the files stay as they were
      throw e;
    }
    Path journal;
    try {
      journal = CommitJournal.write(directory, Map.of(temporary, target), replaced);
    } catch (IOException e) {
      merged.close();
      throw new UncheckedIOException(
          "cannot compact " + dataset + " " + period + ": cannot write its journal: " + e, e);
    }
    try {
      CommitJournal.replay(directory, journal);
    } catch (IOException e) {
      // the merged file stays under its temporary name, named by the journal: never close (delete)
      // it here; the next compaction of the dataset renames it
      CommitJournal.abandon(journal);
      throw new UncheckedIOException(
          "cannot finish compacting "
              + dataset
              + " "
              + period
              + " (the next compaction of the dataset finishes it from "
              + journal
              + "): "
              + e,
          e);
    }
    merged.close(); // its file is renamed: this only releases it
    return new Compaction(
        dataset,
        new DatasetVersion(dataset, period, target.toString()),
        files.stream().map(DatasetVersion::version).toList(),
        rows);
  }

  /** Copies every row of {@code file} to {@code output}, its columns matched by name. */
  private static long copy(
      String dataset, String period, Path file, DatasetSchema schema, ParquetOutput output) {
    try (ParquetDatasetReader reader = ParquetDatasetReader.open(file)) {
      int[] from = positions(file, reader.schema(), schema);
      boolean same = reader.schema().equals(schema);
      long rows = 0;
      for (Object[] row = reader.next(); row != null; row = reader.next()) {
        if (same) {
          output.write(row);
        } else {
          Object[] mapped = new Object[from.length];
          for (int i = 0; i < from.length; i++) {
            mapped[i] = from[i] < 0 ? null : row[from[i]];
          }
          output.write(mapped);
        }
        rows++;
      }
      return rows;
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot compact "
              + dataset
              + " "
              + period
              + ": "
              + file
              + " cannot be merged ("
              + e.getMessage()
              + "); its files stay as they are. Move that file out of "
              + file.getParent()
              + " to merge the others",
          e);
    }
  }

  /** For each column of {@code schema}, its position in the file, or -1 if the file lacks it. */
  private static int[] positions(Path file, DatasetSchema fileSchema, DatasetSchema schema) {
    for (Column column : fileSchema.columns()) {
      int at = schema.indexOf(column.name());
      if (at < 0) {
        throw new IllegalArgumentException(
            "it has column " + column.name() + ", which the dataset's schema lacks");
      }
      if (schema.column(at).type() != column.type()) {
        throw new IllegalArgumentException(
            "its column "
                + column.name()
                + " is "
                + column.type()
                + ", the dataset's schema has "
                + schema.column(at).type());
      }
    }
    int[] from = new int[schema.size()];
    for (int i = 0; i < from.length; i++) {
      Column column = schema.column(i);
      from[i] = fileSchema.indexOf(column.name());
      if (from[i] < 0 && !column.nullable()) {
        throw new IllegalArgumentException("it lacks the required column " + column.name());
      }
    }
    return from;
  }
}

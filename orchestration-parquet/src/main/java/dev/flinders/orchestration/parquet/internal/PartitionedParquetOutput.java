package dev.flinders.orchestration.parquet.internal;

import dev.flinders.orchestration.spi.DatasetVersion;
import dev.flinders.orchestration.spi.PartitionedOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Some partitions of a partitioned dataset being written, one at a time: each partition is a {@link
 * ParquetOutput} to a hidden temporary file in its directory ({@code <dataset>/<column>=<value>/}),
 * finished when the next partition starts. The commit writes a journal naming every finished file
 * and its final name, renames them all, then deletes the journal; {@link CommitJournal#recover}
 * finishes the renames of a writer that died in between, so the written partitions are replaced
 * together or not at all. Used by one thread.
 */
public final class PartitionedParquetOutput implements PartitionedOutput {
  private final String dataset;
  private final String column;
  private final Path directory;
  private final Function<Path, ParquetOutput> open;
  private final Map<String, ParquetOutput> finished = new LinkedHashMap<>();
  private @Nullable String currentValue;
  private @Nullable ParquetOutput current;
  private long rows;
  private boolean closed;

  /**
   * @param directory the dataset's directory
   * @param open starts a partition's output in the partition directory it is given
   */
  public PartitionedParquetOutput(
      String dataset, String column, Path directory, Function<Path, ParquetOutput> open) {
    this.dataset = dataset;
    this.column = column;
    this.directory = directory;
    this.open = open;
  }

  /** The directory name of a partition: {@code column=value}, escaped as Hive escapes it. */
  public static String directoryName(String column, String value) {
    return column + "=" + escape(value);
  }

  /**
   * A partition value as a path segment: letters, digits, '.', '_' and '-' as they are, every other
   * byte of its UTF-8 as {@code %XX}, as Hive writes them (DuckDB and pyarrow read them back).
   */
  static String escape(String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a partition value must not be empty");
    }
    StringBuilder escaped = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.' && !value.equals(".") && !value.equals("..")
          || c == '_'
          || c == '-') {
        escaped.append(c);
      } else {
        escaped.append('%').append(String.format(java.util.Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return escaped.toString();
  }

  @Override
  public void write(String value, Object[] row) {
    checkOpen();
    if (!value.equals(currentValue)) {
      if (finished.containsKey(value)) {
        throw new IllegalStateException(
            "dataset "
                + dataset
                + ": a row of partition "
                + column
                + "="
                + value
                + " came after that partition was finished; write each partition's rows together");
      }
      finishPartition();
      Path partition = directory.resolve(directoryName(column, value));
      try {
        Files.createDirectories(partition);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + partition + ": " + e.getMessage(), e);
      }
      current = open.apply(partition);
      currentValue = value;
    }
    current.write(row);
    rows++;
  }

  @Override
  public void finishPartition() {
    checkOpen();
    if (current != null) {
      ParquetOutput done = current;
      String value = currentValue;
      current = null;
      currentValue = null;
      finished.put(value, done);
      done.prepare();
    }
  }

  @Override
  public long rows() {
    return rows;
  }

  @Override
  public List<String> partitions() {
    List<String> values = new ArrayList<>(finished.keySet());
    if (currentValue != null) {
      values.add(currentValue);
    }
    return values;
  }

  @Override
  public String location() {
    return directory.toString();
  }

  @Override
  public List<DatasetVersion> commit() {
    checkOpen();
    finishPartition();
    closed = true;
    List<DatasetVersion> versions = new ArrayList<>();
    if (finished.isEmpty()) {
      return versions;
    }
    Map<Path, Path> renames = new LinkedHashMap<>();
    finished.values().forEach(output -> renames.put(output.temporary(), output.target()));
    Path journal;
    try {
      journal = CommitJournal.write(directory, renames, List.of());
    } catch (IOException e) {
      discardAll();
      throw new UncheckedIOException(
          "cannot commit dataset " + dataset + ": cannot write its commit journal: " + e, e);
    }
    try {
      for (Map.Entry<String, ParquetOutput> partition : finished.entrySet()) {
        DatasetVersion published = partition.getValue().publish();
        versions.add(
            new DatasetVersion(
                dataset, directoryName(column, partition.getKey()), published.location()));
      }
    } catch (RuntimeException e) {
      CommitJournal.abandon(journal); // the next writer of the dataset finishes the renames
      throw e;
    }
    CommitJournal.delete(journal);
    return versions;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    discardAll();
  }

  private void discardAll() {
    if (current != null) {
      current.close();
      current = null;
    }
    finished.values().forEach(ParquetOutput::close);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("dataset " + dataset + " is committed or closed");
    }
  }
}

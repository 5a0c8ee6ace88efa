package dev.flinders.orchestration.parquet.internal;

import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.spi.DatasetOutput;
import dev.flinders.orchestration.spi.DatasetVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * One version being written: to a hidden temporary file next to the final one, renamed over it on
 * commit after being forced to disk, so a reader sees the old file or the whole new one.
 */
public final class ParquetOutput implements DatasetOutput {
  private final String dataset;
  private final String version;
  private final DatasetSchema schema;
  private final Path temporary;
  private final Path target;
  private final Consumer<String> afterCommit;
  private final ParquetWriter<Object[]> writer;
  private long rows;
  private boolean committed;
  private boolean closed;

  /** The options of a writer: compression, row-group and page size. */
  public record Options(CompressionCodecName codec, long rowGroupBytes, int pageBytes) {}

  public ParquetOutput(
      String dataset,
      String version,
      DatasetSchema schema,
      Path temporary,
      Path target,
      Options options,
      Consumer<String> afterCommit) {
    this.dataset = dataset;
    this.version = version;
    this.schema = schema;
    this.temporary = temporary;
    this.target = target;
    this.afterCommit = afterCommit;
    try {
      this.writer =
          new Builder(new LocalOutputFile(temporary), schema)
              .withConf(new PlainParquetConfiguration())
              .withWriteMode(ParquetFileWriter.Mode.CREATE)
              .withCompressionCodec(options.codec())
              .withRowGroupSize(options.rowGroupBytes())
              .withPageSize(options.pageBytes())
              .withDictionaryPageSize(options.pageBytes())
              .withDictionaryEncoding(true)
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + temporary + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void write(Object[] row) {
    if (committed || closed) {
      throw new IllegalStateException("dataset " + dataset + " version " + version + " is closed");
    }
    schema.check(row);
    try {
      writer.write(row);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write row " + (rows + 1) + " of " + dataset + " to " + temporary, e);
    }
    rows++;
  }

  @Override
  public long rows() {
    return rows;
  }

  @Override
  public DatasetVersion commit() {
    if (closed) {
      throw new IllegalStateException("dataset " + dataset + " version " + version + " is closed");
    }
    try {
      writer.close();
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory(target.getParent());
    } catch (IOException e) {
      deleteQuietly();
      closed = true;
      throw new UncheckedIOException(
          "cannot commit " + dataset + " version " + version + " to " + target + ": " + e, e);
    }
    committed = true;
    closed = true;
    afterCommit.accept(dataset);
    return new DatasetVersion(dataset, version, target.toString());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.close();
    } catch (IOException | RuntimeException e) {
      // discarding: the file is deleted whatever state the writer is in
    }
    deleteQuietly();
  }

  private void deleteQuietly() {
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      // a leftover temporary file is hidden, never read, and swept at the next open
    }
  }

  private static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some file systems cannot open a directory; the rename itself is still atomic
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final DatasetSchema schema;

    Builder(OutputFile file, DatasetSchema schema) {
      super(file);
      this.schema = schema;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(Configuration configuration) {
      return new RowWriteSupport(schema, Map.of("flinders.writer", "orchestration-parquet"));
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration configuration) {
      return new RowWriteSupport(schema, Map.of("flinders.writer", "orchestration-parquet"));
    }
  }
}

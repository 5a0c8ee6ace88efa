package dev.flinders.orchestration.parquet;

import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.parquet.internal.PageCodecs;
import dev.flinders.orchestration.parquet.internal.Schemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.VersionParser;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReaderImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.jspecify.annotations.Nullable;

/**
 * Reads the rows of a dataset file written by {@link ParquetDatasetSink}, one at a time: by column
 * name and typed ({@link #nextRow()}, {@link #rows()}: {@code row.string("Stop_name")}), or by
 * position as arrays of values of the columns' Java types ({@link #next()}; see {@link
 * ColumnType}). Both move the same cursor.
 *
 * <p>It reads a row group at a time (memory use is one row group) and decodes it column by column
 * with parquet-java's column readers; pages are decompressed by the module's own codecs, so reading
 * logs nothing (parquet-java's record reader logs each row group at INFO, Hadoop's codec pool each
 * new decompressor). Not thread-safe; close it when done.
 */
public final class ParquetDatasetReader implements AutoCloseable {
  /** Every column reader materializes its own values: this converter is never called. */
  private static final PrimitiveConverter UNUSED = new PrimitiveConverter() {};

  private final Path file;
  private final ParquetFileReader reader;
  private final DatasetSchema schema;
  private final List<ColumnDescriptor> descriptors;
  private final VersionParser.@Nullable ParsedVersion writer;
  private final ColumnReader[] columns;
  private long rowsLeftInGroup;

  private ParquetDatasetReader(Path file) {
    this.file = file;
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .withCodecFactory(new PageCodecs(1)) // the level is for writing
            .build();
    try {
      this.reader = ParquetFileReader.open(new LocalInputFile(file), options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Parquet file " + file + ": " + e.getMessage(), e);
    }
    try {
      MessageType message = reader.getFileMetaData().getSchema();
      this.schema = Schemas.fromParquet(message);
      this.descriptors = message.getColumns();
      this.writer = writerVersion(reader.getFileMetaData().getCreatedBy());
      this.columns = new ColumnReader[descriptors.size()];
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  /** Opens a dataset file. */
  public static ParquetDatasetReader open(Path file) {
    return new ParquetDatasetReader(file);
  }

  /** The file's columns. */
  public DatasetSchema schema() {
    return schema;
  }

  /** The next row, or null after the last. */
  public Object @Nullable [] next() {
    try {
      while (rowsLeftInGroup == 0) {
        PageReadStore group = reader.readNextRowGroup();
        if (group == null) {
          return null;
        }
        for (int i = 0; i < columns.length; i++) {
          ColumnDescriptor column = descriptors.get(i);
          columns[i] = new ColumnReaderImpl(column, group.getPageReader(column), UNUSED, writer);
        }
        rowsLeftInGroup = group.getRowCount();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    Object[] row = new Object[columns.length];
    for (int i = 0; i < row.length; i++) {
      ColumnReader column = columns[i];
      if (column.getCurrentDefinitionLevel() == descriptors.get(i).getMaxDefinitionLevel()) {
        row[i] = value(column, schema.column(i).type());
      }
      column.consume();
    }
    rowsLeftInGroup--;
    return row;
  }

  /** The next row, read by column name, or null after the last. */
  public @Nullable ParquetRow nextRow() {
    Object[] values = next();
    return values == null ? null : new ParquetRow(schema, values);
  }

  /**
   * The remaining rows, read as the stream is consumed (one row group in memory). The stream does
   * not close the reader.
   */
  public Stream<ParquetRow> rows() {
    Spliterator<ParquetRow> rows =
        new Spliterators.AbstractSpliterator<>(
            Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
          @Override
          public boolean tryAdvance(Consumer<? super ParquetRow> action) {
            ParquetRow row = nextRow();
            if (row == null) {
              return false;
            }
            action.accept(row);
            return true;
          }
        };
    return StreamSupport.stream(rows, false);
  }

  /** Every remaining row; for small files and tests. */
  public List<Object[]> readAll() {
    List<Object[]> rows = new ArrayList<>();
    for (Object[] row = next(); row != null; row = next()) {
      rows.add(row);
    }
    return rows;
  }

  private static Object value(ColumnReader column, ColumnType type) {
    switch (type) {
      case STRING:
        return column.getBinary().toStringUsingUTF8();
      case INT:
        return column.getInteger();
      case LONG:
        return column.getLong();
      case DOUBLE:
        return column.getDouble();
      case BOOLEAN:
        return column.getBoolean();
      case DATE:
        return LocalDate.ofEpochDay(column.getInteger());
      case TIMESTAMP:
        return Schemas.instant(column.getLong());
      default:
        throw new AssertionError(type);
    }
  }

  /**
   * The writer's version, which parquet-java's column readers consult for the workarounds of old
   * parquet-mr bugs; null if {@code created_by} does not parse (no workaround applies then).
   */
  private static VersionParser.@Nullable ParsedVersion writerVersion(@Nullable String createdBy) {
    if (createdBy == null) {
      return null;
    }
    try {
      return VersionParser.parse(createdBy);
    } catch (VersionParser.VersionParseException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
    }
  }

  private void closeQuietly() {
    try {
      reader.close();
    } catch (IOException | RuntimeException e) {
      // already failing
    }
  }
}

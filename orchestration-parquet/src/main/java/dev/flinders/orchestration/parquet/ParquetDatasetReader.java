package dev.flinders.orchestration.parquet;

import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.parquet.internal.Schemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.jspecify.annotations.Nullable;

/**
 * Reads the rows of a dataset file written by {@link ParquetDatasetSink}, one at a time, as arrays
 * of values of the columns' Java types (see {@link ColumnType}). Memory use is one row group. Not
 * thread-safe; close it when done.
 */
public final class ParquetDatasetReader implements AutoCloseable {
  private final Path file;
  private final DatasetSchema schema;
  private final ParquetReader<Group> reader;

  private ParquetDatasetReader(Path file) {
    this.file = file;
    InputFile input = new LocalInputFile(file);
    try (ParquetFileReader footer = ParquetFileReader.open(input)) {
      this.schema = Schemas.fromParquet(footer.getFileMetaData().getSchema());
      this.reader = new GroupReader(input).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Parquet file " + file + ": " + e.getMessage(), e);
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
    Group group;
    try {
      group = reader.read();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (group == null) {
      return null;
    }
    Object[] row = new Object[schema.size()];
    for (int i = 0; i < row.length; i++) {
      if (group.getFieldRepetitionCount(i) > 0) {
        row[i] = value(group, i, schema.column(i).type());
      }
    }
    return row;
  }

  /** Every remaining row; for small files and tests. */
  public List<Object[]> readAll() {
    List<Object[]> rows = new ArrayList<>();
    for (Object[] row = next(); row != null; row = next()) {
      rows.add(row);
    }
    return rows;
  }

  private static Object value(Group group, int field, ColumnType type) {
    switch (type) {
      case STRING:
        return group.getBinary(field, 0).toStringUsingUTF8();
      case INT:
        return group.getInteger(field, 0);
      case LONG:
        return group.getLong(field, 0);
      case DOUBLE:
        return group.getDouble(field, 0);
      case BOOLEAN:
        return group.getBoolean(field, 0);
      case DATE:
        return LocalDate.ofEpochDay(group.getInteger(field, 0));
      case TIMESTAMP:
        return Schemas.instant(group.getLong(field, 0));
      default:
        throw new AssertionError(type);
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

  private static final class GroupReader extends ParquetReader.Builder<Group> {
    GroupReader(InputFile file) {
      super(file, new PlainParquetConfiguration());
    }

    @Override
    protected ReadSupport<Group> getReadSupport() {
      return new GroupReadSupport();
    }
  }
}

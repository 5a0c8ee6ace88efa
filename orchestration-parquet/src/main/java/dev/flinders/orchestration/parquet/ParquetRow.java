package dev.flinders.orchestration.parquet;

import dev.flinders.orchestration.dataset.Column;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One row of a dataset file, read by column name: {@code row.string("Stop_name")}, {@code
 * row.integer("Stop_ID")}. Each typed accessor reads a column of one {@link ColumnType}: {@link
 * #string} STRING, {@link #integer} INT, {@link #longValue} LONG, {@link #doubleValue} DOUBLE,
 * {@link #booleanValue} BOOLEAN, {@link #date} DATE, {@link #timestamp} TIMESTAMP; {@link #get}
 * reads any column, null included.
 *
 * <p>Names are matched exactly (as in the file). An unknown name, a column of another type, or a
 * missing value for a typed accessor throws, saying what to call instead. Immutable and
 * thread-safe.
 */
public final class ParquetRow {
  private final DatasetSchema schema;
  private final @Nullable Object[] values;

  ParquetRow(DatasetSchema schema, @Nullable Object[] values) {
    this.schema = schema;
    this.values = values;
  }

  /** The file's columns. */
  public DatasetSchema schema() {
    return schema;
  }

  /**
   * The value of the column, of its type's Java class ({@link ColumnType#javaType()}), or null if
   * the row has none.
   *
   * @throws IllegalArgumentException if the file has no such column; the message lists its columns
   */
  public @Nullable Object get(String column) {
    return values[index(column)];
  }

  /** Whether the row has no value in the column. */
  public boolean isNull(String column) {
    return get(column) == null;
  }

  /** The value of a STRING column. */
  public String string(String column) {
    return (String) value(column, ColumnType.STRING);
  }

  /** The value of an INT column. */
  public int integer(String column) {
    return (Integer) value(column, ColumnType.INT);
  }

  /** The value of a LONG column. */
  public long longValue(String column) {
    return (Long) value(column, ColumnType.LONG);
  }

  /** The value of a DOUBLE column. */
  public double doubleValue(String column) {
    return (Double) value(column, ColumnType.DOUBLE);
  }

  /** The value of a BOOLEAN column. */
  public boolean booleanValue(String column) {
    return (Boolean) value(column, ColumnType.BOOLEAN);
  }

  /** The value of a DATE column. */
  public LocalDate date(String column) {
    return (LocalDate) value(column, ColumnType.DATE);
  }

  /** The value of a TIMESTAMP column (to the microsecond, as stored). */
  public Instant timestamp(String column) {
    return (Instant) value(column, ColumnType.TIMESTAMP);
  }

  /**
   * The value of a column of the given type.
   *
   * @throws IllegalArgumentException if there is no such column or it has another type
   * @throws IllegalStateException if the row has no value in it
   */
  private Object value(String column, ColumnType type) {
    int index = index(column);
    ColumnType actual = schema.column(index).type();
    if (actual != type) {
      throw new IllegalArgumentException(
          "column "
              + column
              + " holds "
              + actual
              + " values, not "
              + type
              + ": read it with "
              + accessor(actual)
              + "(\""
              + column
              + "\")");
    }
    Object value = values[index];
    if (value == null) {
      throw new IllegalStateException(
          "column "
              + column
              + " has no value in this row: check isNull(\""
              + column
              + "\") first, or read it with get(\""
              + column
              + "\")");
    }
    return value;
  }

  private int index(String column) {
    int index = schema.indexOf(column);
    if (index < 0) {
      throw new IllegalArgumentException(unknown(column));
    }
    return index;
  }

  private String unknown(String column) {
    StringBuilder message = new StringBuilder("no column \"").append(column).append("\"; ");
    String similar = null;
    for (Column candidate : schema.columns()) {
      if (candidate.name().toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT))) {
        similar = candidate.name();
      }
    }
    message.append(similar == null ? "t" : "did you mean \"" + similar + "\"? T");
    message.append("he columns are [");
    for (int i = 0; i < schema.size(); i++) {
      message.append(i == 0 ? "" : ", ").append(schema.column(i).name());
    }
    return message.append(']').toString();
  }

  private static String accessor(ColumnType type) {
    switch (type) {
      case STRING:
        return "string";
      case INT:
        return "integer";
      case LONG:
        return "longValue";
      case DOUBLE:
        return "doubleValue";
      case BOOLEAN:
        return "booleanValue";
      case DATE:
        return "date";
      case TIMESTAMP:
        return "timestamp";
      default:
        throw new AssertionError(type);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ParquetRow that
        && schema.equals(that.schema)
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return 31 * schema.hashCode() + Arrays.hashCode(values);
  }

  /** The row as {@code {Stop_ID=1, Stop_name=Flinders Street, Stop_lat=null}}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ", ").append(schema.column(i).name()).append('=').append(values[i]);
    }
    return text.append('}').toString();
  }
}

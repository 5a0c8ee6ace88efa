package dev.flinders.orchestration.parquet.internal;

import dev.flinders.orchestration.dataset.Column;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Maps dataset schemas to Parquet's and back. STRING is a UTF-8 BINARY, INT an INT32, LONG an
 * INT64, DOUBLE a DOUBLE, BOOLEAN a BOOLEAN, DATE an INT32 with the DATE annotation, TIMESTAMP an
 * INT64 with TIMESTAMP(MICROS, adjusted to UTC): the types DuckDB, pandas/pyarrow and Power BI read
 * as text, integers, floats, booleans, dates and UTC time stamps.
 */
public final class Schemas {
  private Schemas() {}

  /** A TIMESTAMP value as Parquet stores it: microseconds since the epoch, rounded down. */
  public static long micros(java.time.Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  /** The instant of a stored TIMESTAMP value; the inverse of {@link #micros}. */
  public static java.time.Instant instant(long micros) {
    return java.time.Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  public static MessageType toParquet(DatasetSchema schema) {
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (Column column : schema.columns()) {
      Type.Repetition repetition =
          column.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
      message.addField(primitive(column.type(), repetition).named(column.name()));
    }
    return message.named("row");
  }

  private static Types.PrimitiveBuilder<PrimitiveType> primitive(
      ColumnType type, Type.Repetition repetition) {
    switch (type) {
      case STRING:
        return Types.primitive(PrimitiveTypeName.BINARY, repetition)
            .as(LogicalTypeAnnotation.stringType());
      case INT:
        return Types.primitive(PrimitiveTypeName.INT32, repetition);
      case LONG:
        return Types.primitive(PrimitiveTypeName.INT64, repetition);
      case DOUBLE:
        return Types.primitive(PrimitiveTypeName.DOUBLE, repetition);
      case BOOLEAN:
        return Types.primitive(PrimitiveTypeName.BOOLEAN, repetition);
      case DATE:
        return Types.primitive(PrimitiveTypeName.INT32, repetition)
            .as(LogicalTypeAnnotation.dateType());
      case TIMESTAMP:
        return Types.primitive(PrimitiveTypeName.INT64, repetition)
            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
      default:
        throw new AssertionError(type);
    }
  }

  /**
   * The dataset schema of a Parquet file written by this module (or by another writer, if it uses
   * the same types; a signed INTEGER annotation on INT32 or INT64 reads as INT or LONG).
   *
   * @throws IllegalArgumentException naming the column if the file has a type this module does not
   *     write
   */
  public static DatasetSchema fromParquet(MessageType message) {
    List<Column> columns = new ArrayList<>();
    for (Type field : message.getFields()) {
      if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
        throw new IllegalArgumentException(
            "column " + field.getName() + " is nested or repeated; datasets are flat");
      }
      columns.add(
          new Column(
              field.getName(),
              typeOf(field.asPrimitiveType()),
              field.isRepetition(Type.Repetition.OPTIONAL)));
    }
    return DatasetSchema.of(columns);
  }

  private static ColumnType typeOf(PrimitiveType field) {
    LogicalTypeAnnotation logical = field.getLogicalTypeAnnotation();
    switch (field.getPrimitiveTypeName()) {
      case BINARY:
        if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
          return ColumnType.STRING;
        }
        break;
      case INT32:
        if (logical == null || signedInteger(logical, 32)) {
          return ColumnType.INT;
        }
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return ColumnType.DATE;
        }
        break;
      case INT64:
        if (logical == null || signedInteger(logical, 64)) {
          return ColumnType.LONG;
        }
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t
            && t.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS) {
          return ColumnType.TIMESTAMP;
        }
        break;
      case DOUBLE:
        return ColumnType.DOUBLE;
      case BOOLEAN:
        return ColumnType.BOOLEAN;
      default:
        break;
    }
    throw new IllegalArgumentException(
        "column " + field.getName() + " has a type datasets do not use: " + field);
  }

  /** INTEGER(bits, signed): what DuckDB writes for INTEGER and BIGINT columns, say. */
  private static boolean signedInteger(LogicalTypeAnnotation logical, int bits) {
    return logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer
        && integer.isSigned()
        && integer.getBitWidth() == bits;
  }
}

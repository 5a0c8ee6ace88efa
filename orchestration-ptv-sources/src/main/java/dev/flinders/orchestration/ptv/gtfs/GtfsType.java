package dev.flinders.orchestration.ptv.gtfs;

import dev.flinders.orchestration.dataset.ColumnType;

/**
 * The field types of the GTFS Schedule reference, and the column type each is stored as: ids and
 * texts as STRING, coordinates and other decimals as DOUBLE, counts and sequences as INT, enums as
 * INT, dates ({@code YYYYMMDD}) as DATE. A time ({@code H:MM:SS}, possibly past {@code 24:00:00})
 * is stored twice: its text as published (STRING) and its seconds since noon minus 12 hours of the
 * service day (INT, column {@code <name>_secs}).
 */
public enum GtfsType {
  /** An id, unique or a reference to one. */
  ID(ColumnType.STRING),
  TEXT(ColumnType.STRING),
  URL(ColumnType.STRING),
  EMAIL(ColumnType.STRING),
  PHONE(ColumnType.STRING),
  TIMEZONE(ColumnType.STRING),
  LANGUAGE(ColumnType.STRING),
  CURRENCY_CODE(ColumnType.STRING),
  /** Six hexadecimal digits, e.g. {@code FFFFFF}. */
  COLOR(ColumnType.STRING),
  INTEGER(ColumnType.INT),
  NON_NEGATIVE_INTEGER(ColumnType.INT),
  POSITIVE_INTEGER(ColumnType.INT),
  FLOAT(ColumnType.DOUBLE),
  NON_NEGATIVE_FLOAT(ColumnType.DOUBLE),
  POSITIVE_FLOAT(ColumnType.DOUBLE),
  CURRENCY_AMOUNT(ColumnType.DOUBLE),
  LATITUDE(ColumnType.DOUBLE),
  LONGITUDE(ColumnType.DOUBLE),
  /** A value from a list the reference gives, stored as its number. */
  ENUM(ColumnType.INT),
  /** {@code YYYYMMDD}. */
  DATE(ColumnType.DATE),
  /** {@code H:MM:SS} or {@code HH:MM:SS}, from noon minus 12 hours; may pass 24:00:00. */
  TIME(ColumnType.STRING);

  private final ColumnType columnType;

  GtfsType(ColumnType columnType) {
    this.columnType = columnType;
  }

  /** How a value of this type is stored. */
  public ColumnType columnType() {
    return columnType;
  }
}

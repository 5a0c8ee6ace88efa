package dev.flinders.orchestration.ptv.datavic;

import dev.flinders.orchestration.dataset.ColumnType;
import java.util.Locale;

/**
 * A field of a datastore resource: its id (the column's name in the source) and its CKAN type.
 *
 * @param id e.g. {@code Stop_ID}
 * @param type e.g. {@code text}, {@code int4}, {@code numeric}, {@code timestamp}
 */
public record DatastoreField(String id, String type) {
  /**
   * The column type of this field's values: {@code int}, {@code int4}, {@code int2}, {@code
   * integer}, {@code smallint} are INT; {@code int8}, {@code bigint} LONG; {@code numeric}, {@code
   * float8}, {@code float4}, {@code real}, {@code double precision} DOUBLE; {@code bool}, {@code
   * boolean} BOOLEAN; {@code date} DATE; {@code timestamp}, {@code timestamptz} TIMESTAMP; anything
   * else ({@code text}, {@code json}, {@code time}, arrays such as {@code _text}) STRING.
   */
  public ColumnType columnType() {
    switch (type.strip().toLowerCase(Locale.ROOT)) {
      case "int", "int4", "int2", "integer", "smallint":
        return ColumnType.INT;
      case "int8", "bigint":
        return ColumnType.LONG;
      case "numeric", "float8", "float4", "real", "double precision", "float":
        return ColumnType.DOUBLE;
      case "bool", "boolean":
        return ColumnType.BOOLEAN;
      case "date":
        return ColumnType.DATE;
      case "timestamp", "timestamptz", "timestamp without time zone":
        return ColumnType.TIMESTAMP;
      default:
        return ColumnType.STRING;
    }
  }

  /** Whether this is a field CKAN adds itself ({@code _id}, {@code _full_text}), not the data. */
  public boolean internal() {
    return id.equals("_id") || id.equals("_full_text");
  }
}

package dev.flinders.orchestration.dataset;

import java.util.Objects;

/**
 * A column of a dataset.
 *
 * @param name its name, as in the source's header
 * @param type its type
 * @param nullable whether values may be missing
 */
public record Column(String name, ColumnType type, boolean nullable) {
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  @Override
  public String toString() {
    return name + " " + type + (nullable ? "" : " NOT NULL");
  }
}

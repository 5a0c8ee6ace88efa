package dev.flinders.orchestration.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The columns of a dataset, in order. Immutable.
 *
 * <pre>{@code
 * DatasetSchema schema = DatasetSchema.builder()
 *     .required("Fin_year", ColumnType.STRING)
 *     .required("Stop_ID", ColumnType.INT)
 *     .optional("Stop_lat", ColumnType.DOUBLE)
 *     .build();
 * }</pre>
 */
public final class DatasetSchema {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  private final List<Column> columns;
  private final Map<String, Integer> positions;

  private DatasetSchema(List<Column> columns) {
    this.columns = List.copyOf(columns);
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      byName.put(columns.get(i).name(), i);
    }
    this.positions = Map.copyOf(byName);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A schema of these columns; see {@link Builder#build()} for the rules. */
  public static DatasetSchema of(List<Column> columns) {
    Builder builder = builder();
    columns.forEach(builder::column);
    return builder.build();
  }

  public List<Column> columns() {
    return columns;
  }

  public int size() {
    return columns.size();
  }

  public Column column(int index) {
    return columns.get(index);
  }

  /** The position of the named column, or -1. */
  public int indexOf(String name) {
    Integer position = positions.get(name);
    return position == null ? -1 : position;
  }

  /**
   * The column name for a source's field name: letters, digits and '_' are kept, each run of other
   * characters becomes one '_' (none at the end), a leading digit gets a '_' before it, and the
   * result is cut to 128 characters. {@code "Month name"} becomes {@code Month_name}, {@code "Pax
   * (daily)"} {@code Pax_daily}, {@code "2024"} {@code _2024}. CSV headers and CKAN fields are
   * matched to columns by their exact name first, then by this name.
   */
  public static String columnName(String sourceName) {
    StringBuilder name = new StringBuilder(sourceName.length() + 1);
    boolean replacing = false;
    for (int i = 0; i < sourceName.length(); i++) {
      char c = sourceName.charAt(i);
      if (c < 128 && (Character.isLetterOrDigit(c) || c == '_')) {
        if (replacing && name.length() > 0) {
          name.append('_');
        }
        replacing = false;
        name.append(c);
      } else {
        replacing = true;
      }
    }
    if (name.length() == 0 || Character.isDigit(name.charAt(0))) {
      name.insert(0, '_');
    }
    return name.length() <= 128 ? name.toString() : name.substring(0, 128);
  }

  /**
   * The column names for a source's field names, in order: each by {@link #columnName}, and a name
   * already taken gets {@code _2}, {@code _3}, … after it, so they can all be columns of one
   * schema.
   */
  public static List<String> columnNames(List<String> sourceNames) {
    List<String> names = new ArrayList<>(sourceNames.size());
    Set<String> taken = new HashSet<>();
    for (String sourceName : sourceNames) {
      String base = columnName(sourceName);
      String name = base;
      for (int n = 2; !taken.add(name); n++) {
        name = base + "_" + n;
      }
      names.add(name);
    }
    return names;
  }

  /**
   * Where each column's values are among a source's fields (a CSV header, CKAN's datastore fields):
   * for column {@code i}, the position of the field with exactly its name, else of the first field
   * whose {@link #columnName} is its name, else -1.
   */
  public int[] fieldPositions(List<String> sourceNames) {
    Map<String, Integer> exact = new HashMap<>();
    Map<String, Integer> byColumnName = new HashMap<>();
    for (int i = 0; i < sourceNames.size(); i++) {
      exact.putIfAbsent(sourceNames.get(i), i);
      byColumnName.putIfAbsent(columnName(sourceNames.get(i)), i);
    }
    int[] positions = new int[columns.size()];
    for (int i = 0; i < positions.length; i++) {
      String name = columns.get(i).name();
      Integer field = exact.get(name);
      positions[i] = field != null ? field : byColumnName.getOrDefault(name, -1);
    }
    return positions;
  }

  /**
   * Checks one row of values against the schema.
   *
   * @throws IllegalArgumentException naming the column when a value is missing from a required
   *     column or has the wrong type, or when the row has the wrong number of values
   */
  public void check(Object[] row) {
    if (row.length != columns.size()) {
      throw new IllegalArgumentException(
          "a row has " + row.length + " values; the schema has " + columns.size() + " columns");
    }
    for (int i = 0; i < row.length; i++) {
      Column column = columns.get(i);
      Object value = row[i];
      if (value == null) {
        if (!column.nullable()) {
          throw new IllegalArgumentException("column " + column.name() + " is required but null");
        }
      } else if (!column.type().accepts(value)) {
        throw new IllegalArgumentException(
            "column "
                + column.name()
                + " holds "
                + column.type()
                + " ("
                + column.type().javaType().getSimpleName()
                + ") values, not "
                + value.getClass().getSimpleName());
      }
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DatasetSchema that && columns.equals(that.columns);
  }

  @Override
  public int hashCode() {
    return columns.hashCode();
  }

  @Override
  public String toString() {
    return columns.toString();
  }

  /** Builds a {@link DatasetSchema}. Not thread-safe. */
  public static final class Builder {
    private final List<Column> columns = new ArrayList<>();

    private Builder() {}

    /** Adds a column whose values may not be missing. */
    public Builder required(String name, ColumnType type) {
      return column(new Column(name, type, false));
    }

    /** Adds a column whose values may be missing. */
    public Builder optional(String name, ColumnType type) {
      return column(new Column(name, type, true));
    }

    public Builder column(Column column) {
      columns.add(Objects.requireNonNull(column, "column"));
      return this;
    }

    /**
     * Builds the schema.
     *
     * @throws IllegalArgumentException listing every problem: no columns, a name that is not
     *     letters, digits and '_' (not starting with a digit, up to 128), a name used twice
     */
    public DatasetSchema build() {
      List<String> problems = new ArrayList<>();
      if (columns.isEmpty()) {
        problems.add("it has no columns");
      }
      Map<String, Integer> seen = new HashMap<>();
      for (Column column : columns) {
        if (!NAME.matcher(column.name()).matches()) {
          problems.add(
              "column name \""
                  + column.name()
                  + "\" is not valid: use letters, digits and '_', not starting with a digit, up to"
                  + " 128");
        }
        if (seen.merge(column.name(), 1, Integer::sum) == 2) {
          problems.add("column " + column.name() + " is declared more than once");
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "the dataset schema is not valid: " + String.join("; ", problems));
      }
      return new DatasetSchema(columns);
    }
  }
}

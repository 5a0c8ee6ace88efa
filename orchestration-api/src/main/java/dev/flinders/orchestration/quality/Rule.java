package dev.flinders.orchestration.quality;

import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A data-quality rule: a name, an action, and a check. Row rules look at each row; dataset rules
 * ({@link #rowCount}, {@link #requiredColumns}) at the whole. Row rules quarantine by default,
 * dataset rules fail; {@link #warn()}, {@link #quarantine()} and {@link #fail()} change that.
 * Immutable; the checking state (e.g. the keys seen by {@link #unique}) lives in each {@link
 * Check}.
 */
public final class Rule {
  private final String name;
  private final RuleAction action;
  private final Starter starter;

  /** Makes the check of one dataset version. */
  @FunctionalInterface
  private interface Starter {
    Check start(DatasetSchema schema);
  }

  private Rule(String name, RuleAction action, Starter starter) {
    this.name = name;
    this.action = action;
    this.starter = starter;
  }

  /**
   * The rule's name, as shown in summaries and quarantine files, e.g. {@code not_null(Stop_ID)}.
   */
  public String name() {
    return name;
  }

  public RuleAction action() {
    return action;
  }

  /** This rule, counting a warning instead. */
  public Rule warn() {
    return new Rule(name, RuleAction.WARN, starter);
  }

  /** This rule, quarantining the offending rows instead. */
  public Rule quarantine() {
    return new Rule(name, RuleAction.QUARANTINE, starter);
  }

  /** This rule, failing the dataset instead. */
  public Rule fail() {
    return new Rule(name, RuleAction.FAIL, starter);
  }

  /**
   * Starts checking one version of a dataset.
   *
   * @throws IllegalArgumentException if the rule names a column the schema lacks, or one of a type
   *     it cannot check
   */
  public Check start(DatasetSchema schema) {
    return starter.start(schema);
  }

  @Override
  public String toString() {
    return name + " -> " + action;
  }

  /** The check of one dataset version; used by one thread. */
  public interface Check {
    /** Why {@code row} breaks the rule, or null. */
    default @Nullable String row(Object[] row) {
      return null;
    }

    /**
     * Why the source's columns break the rule, or null; called once, if the source has a header.
     */
    default @Nullable String sourceColumns(List<String> columns) {
      return null;
    }

    /** Why the whole dataset breaks the rule, or null; called once after the last row. */
    default @Nullable String end(long rows) {
      return null;
    }
  }

  /** Every row has a value in each of {@code columns}. */
  public static Rule notNull(String... columns) {
    List<String> names = List.of(columns);
    return new Rule(
        "not_null(" + String.join(",", names) + ")",
        RuleAction.QUARANTINE,
        schema -> {
          int[] positions = positions(schema, names);
          return new Check() {
            @Override
            public @Nullable String row(Object[] row) {
              for (int i = 0; i < positions.length; i++) {
                if (row[positions[i]] == null) {
                  return names.get(i) + " is missing";
                }
              }
              return null;
            }
          };
        });
  }

  /**
   * No two rows have the same values in {@code columns} (rows with a missing key value are not
   * compared). Later duplicates break the rule; the first stays. Keeps every key seen in memory.
   */
  public static Rule unique(String... columns) {
    List<String> names = List.of(columns);
    return new Rule(
        "unique(" + String.join(",", names) + ")",
        RuleAction.QUARANTINE,
        schema -> {
          int[] positions = positions(schema, names);
          Set<List<Object>> seen = new HashSet<>();
          return new Check() {
            @Override
            public @Nullable String row(Object[] row) {
              Object[] key = new Object[positions.length];
              for (int i = 0; i < positions.length; i++) {
                key[i] = row[positions[i]];
                if (key[i] == null) {
                  return null;
                }
              }
              List<Object> values = Arrays.asList(key);
              return seen.add(values)
                  ? null
                  : "duplicate " + String.join(",", names) + " " + values;
            }
          };
        });
  }

  /** A numeric column's values lie in [{@code min}, {@code max}] (missing values pass). */
  public static Rule range(String column, double min, double max) {
    if (!(min <= max)) {
      throw new IllegalArgumentException("range of " + column + ": min " + min + " > max " + max);
    }
    return valueRule(
        "range(" + column + "," + format(min) + "," + format(max) + ")",
        column,
        type -> {
          requireNumeric("range", column, type);
          return value -> {
            double number = ((Number) value).doubleValue();
            return number >= min && number <= max
                ? null
                : column + " " + value + " is outside [" + format(min) + ", " + format(max) + "]";
          };
        });
  }

  /** A numeric column's values are at least {@code min}, e.g. non-negative counts. */
  public static Rule atLeast(String column, double min) {
    return valueRule(
        "at_least(" + column + "," + format(min) + ")",
        column,
        type -> {
          requireNumeric("at_least", column, type);
          return value ->
              ((Number) value).doubleValue() >= min
                  ? null
                  : column + " " + value + " is below " + format(min);
        });
  }

  /** A text column's values match {@code regex} entirely (missing values pass). */
  public static Rule pattern(String column, String regex) {
    Pattern pattern = Pattern.compile(regex);
    return valueRule(
        "pattern(" + column + "," + regex + ")",
        column,
        type ->
            value ->
                pattern.matcher(value.toString()).matches()
                    ? null
                    : column + " \"" + value + "\" does not match " + regex);
  }

  /** A column's values are among {@code allowed} (compared as text; missing values pass). */
  public static Rule oneOf(String column, String... allowed) {
    Set<String> values = new LinkedHashSet<>(List.of(allowed));
    return valueRule(
        "one_of(" + column + ")",
        column,
        type ->
            value ->
                values.contains(value.toString())
                    ? null
                    : column + " \"" + value + "\" is not one of " + values);
  }

  /**
   * A check of your own: {@code test} gets the row's values by position (see {@link
   * DatasetSchema#indexOf}); {@code reason} says what a failing row lacks.
   */
  public static Rule custom(String name, String reason, Predicate<Object[]> test) {
    Objects.requireNonNull(test, "test");
    return new Rule(
        Objects.requireNonNull(name, "name"),
        RuleAction.QUARANTINE,
        schema ->
            new Check() {
              @Override
              public @Nullable String row(Object[] row) {
                return test.test(row) ? null : reason;
              }
            });
  }

  /**
   * A row rule of your own that keeps state across rows, e.g. keys seen in a compact form: {@code
   * check} makes one {@link Check} per dataset version written, from its schema. Quarantines the
   * rows whose {@link Check#row} gives a reason (change with {@link #warn()} or {@link #fail()}).
   */
  public static Rule of(String name, java.util.function.Function<DatasetSchema, Check> check) {
    Objects.requireNonNull(check, "check");
    return new Rule(Objects.requireNonNull(name, "name"), RuleAction.QUARANTINE, check::apply);
  }

  /** The dataset has between {@code min} and {@code max} rows (after quarantine). */
  public static Rule rowCount(long min, long max) {
    if (min < 0 || min > max) {
      throw new IllegalArgumentException("row count bounds must be 0 <= min <= max");
    }
    return new Rule(
        "row_count(" + min + "," + max + ")",
        RuleAction.FAIL,
        schema ->
            new Check() {
              @Override
              public @Nullable String end(long rows) {
                return rows >= min && rows <= max
                    ? null
                    : rows + " rows, expected between " + min + " and " + max;
              }
            });
  }

  /** The source (e.g. a CSV header) has each of {@code columns}. */
  public static Rule requiredColumns(String... columns) {
    List<String> names = List.of(columns);
    return new Rule(
        "required_columns(" + String.join(",", names) + ")",
        RuleAction.FAIL,
        schema ->
            new Check() {
              @Override
              public @Nullable String sourceColumns(List<String> source) {
                List<String> missing = new ArrayList<>(names);
                missing.removeAll(source);
                return missing.isEmpty()
                    ? null
                    : "the source lacks " + missing + "; it has " + source;
              }
            });
  }

  /** Why a present value breaks a rule, or null. */
  @FunctionalInterface
  private interface ValueCheck {
    @Nullable String reason(Object value);
  }

  /** A rule on one column's values, made for the column's type; missing values pass. */
  private static Rule valueRule(
      String name, String column, java.util.function.Function<ColumnType, ValueCheck> forType) {
    return new Rule(
        name,
        RuleAction.QUARANTINE,
        schema -> {
          int position = position(schema, column);
          ValueCheck check = forType.apply(schema.column(position).type());
          return new Check() {
            @Override
            public @Nullable String row(Object[] row) {
              Object value = row[position];
              return value == null ? null : check.reason(value);
            }
          };
        });
  }

  private static void requireNumeric(String rule, String column, ColumnType type) {
    if (type != ColumnType.INT && type != ColumnType.LONG && type != ColumnType.DOUBLE) {
      throw new IllegalArgumentException(
          rule + " needs a numeric column; " + column + " is " + type);
    }
  }

  private static int position(DatasetSchema schema, String column) {
    int position = schema.indexOf(column);
    if (position < 0) {
      throw new IllegalArgumentException(
          "a rule names column " + column + ", which the schema lacks: " + schema);
    }
    return position;
  }

  private static int[] positions(DatasetSchema schema, List<String> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("the rule needs at least one column");
    }
    int[] positions = new int[columns.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = position(schema, columns.get(i));
    }
    return positions;
  }

  private static String format(double value) {
    return value == Math.rint(value) && !Double.isInfinite(value)
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}

package dev.flinders.orchestration.dataset;

import dev.flinders.orchestration.quality.Rule;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A dataset a component writes: its name (the file name's stem), its schema, its quality rules and
 * how large a share of rows may be quarantined before the whole dataset fails. Immutable.
 *
 * <pre>{@code
 * DatasetSpec annual = DatasetSpec.builder("station_patronage_annual", schema)
 *     .rule(Rule.notNull("Fin_year", "Stop_ID"))
 *     .rule(Rule.unique("Fin_year", "Stop_ID"))
 *     .rule(Rule.atLeast("Pax_annual", 0))
 *     .rule(Rule.rowCount(100, 1_000))
 *     .quarantineLimit(0.05)
 *     .build();
 * }</pre>
 *
 * <p>A dataset {@linkplain Builder#partitionedBy partitioned} by a column is stored as one
 * directory per value of that column ({@code gtfs_stop_times/mode=4/}), the layout Hive, DuckDB,
 * pyarrow and Power BI read; a run replaces the partitions it writes and leaves the others as they
 * were.
 *
 * <p>An {@linkplain Builder#appending appending} dataset keeps every commit as a file of its own
 * ({@code gtfsr_trip_updates/gtfsr_trip_updates_20261202T073000123.parquet}), for the snapshots of
 * a realtime feed; with a compaction period, the files of each closed hour or day are merged into
 * one after a commit.
 */
public final class DatasetSpec {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_]{0,99}");

  private final String name;
  private final DatasetSchema schema;
  private final List<Rule> rules;
  private final double quarantineLimit;
  private final @Nullable String partitionColumn;
  private final boolean appending;
  private final @Nullable ChronoUnit compaction;

  private DatasetSpec(Builder builder) {
    this.name = builder.name;
    this.schema = builder.schema;
    this.rules = List.copyOf(builder.rules);
    this.quarantineLimit = builder.quarantineLimit;
    this.partitionColumn = builder.partitionColumn;
    this.appending = builder.appending;
    this.compaction = builder.compaction;
  }

  /**
   * Starts a dataset named {@code name}: lower-case letters, digits and '_'.
   *
   * @throws IllegalArgumentException if the name is not valid
   */
  public static Builder builder(String name, DatasetSchema schema) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "dataset name \""
              + name
              + "\" is not valid: use lower-case letters, digits and '_', starting with a letter or"
              + " digit, up to 100");
    }
    return new Builder(name, Objects.requireNonNull(schema, "schema"));
  }

  /** A dataset without rules. */
  public static DatasetSpec of(String name, DatasetSchema schema) {
    return builder(name, schema).build();
  }

  public String name() {
    return name;
  }

  public DatasetSchema schema() {
    return schema;
  }

  public List<Rule> rules() {
    return rules;
  }

  /** The largest share of rows that may be quarantined; above it the dataset fails. Default 1. */
  public double quarantineLimit() {
    return quarantineLimit;
  }

  /** The column the dataset is partitioned by, if it is. */
  public Optional<String> partitionColumn() {
    return Optional.ofNullable(partitionColumn);
  }

  /** Whether each commit adds a file beside the earlier ones instead of replacing them. */
  public boolean appending() {
    return appending;
  }

  /**
   * The period ({@link ChronoUnit#HOURS} or {@link ChronoUnit#DAYS}) by whose closed instances an
   * appending dataset's files are merged, if any.
   */
  public Optional<ChronoUnit> compaction() {
    return Optional.ofNullable(compaction);
  }

  /**
   * The schema of the rows as stored in a partition: the schema without the partition column, whose
   * value the partition's directory gives; the schema itself if the dataset is not partitioned.
   */
  public DatasetSchema storedSchema() {
    if (partitionColumn == null) {
      return schema;
    }
    List<Column> stored = new ArrayList<>(schema.columns());
    stored.remove(schema.indexOf(partitionColumn));
    return DatasetSchema.of(stored);
  }

  @Override
  public String toString() {
    return name
        + schema
        + (partitionColumn == null ? "" : " partitioned by " + partitionColumn)
        + (!appending ? "" : " appending")
        + (compaction == null ? "" : ", compacted by " + compaction);
  }

  /** Builds a {@link DatasetSpec}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final DatasetSchema schema;
    private final List<Rule> rules = new ArrayList<>();
    private double quarantineLimit = 1;
    private @Nullable String partitionColumn;
    private boolean appending;
    private @Nullable ChronoUnit compaction;

    private Builder(String name, DatasetSchema schema) {
      this.name = name;
      this.schema = schema;
    }

    /**
     * Adds a rule, checked in the order added.
     *
     * @throws IllegalArgumentException if it names a column the schema lacks
     */
    public Builder rule(Rule rule) {
      Objects.requireNonNull(rule, "rule");
      rule.start(schema); // checks the columns it names now, not at the first row
      rules.add(rule);
      return this;
    }

    /**
     * Fails the dataset when more than {@code share} (0 to 1) of its rows are quarantined, e.g.
     * 0.05. Default 1: no limit.
     */
    public Builder quarantineLimit(double share) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("quarantineLimit must be in [0, 1], was " + share);
      }
      this.quarantineLimit = share;
      return this;
    }

    /**
     * Stores the dataset as one partition per value of {@code column}: rows with {@code mode} 4 go
     * to {@code <dataset>/mode=4/}, and a run replaces only the partitions it writes. The column
     * must be a required column of the schema, of type STRING, INT, LONG, DATE or BOOLEAN; it stays
     * in the rows the task writes and the rules see, and is stored as the directory's name, not in
     * the files. The rows of one partition must be written together.
     *
     * @throws IllegalArgumentException if the schema has no such column, or it is nullable or of
     *     another type
     */
    public Builder partitionedBy(String column) {
      Objects.requireNonNull(column, "column");
      int index = schema.indexOf(column);
      if (index < 0) {
        throw new IllegalArgumentException(
            "dataset "
                + name
                + " cannot be partitioned by \""
                + column
                + "\": its schema has no such column; its columns are "
                + schema.columns().stream().map(Column::name).toList());
      }
      Column partition = schema.column(index);
      if (partition.nullable()) {
        throw new IllegalArgumentException(
            "dataset "
                + name
                + " cannot be partitioned by \""
                + column
                + "\": it is optional, and every row needs a partition; make it required");
      }
      if (partition.type() == ColumnType.DOUBLE || partition.type() == ColumnType.TIMESTAMP) {
        throw new IllegalArgumentException(
            "dataset "
                + name
                + " cannot be partitioned by \""
                + column
                + "\" of type "
                + partition.type()
                + ": partition by a STRING, INT, LONG, DATE or BOOLEAN column");
      }
      if (schema.size() == 1) {
        throw new IllegalArgumentException(
            "dataset "
                + name
                + " cannot be partitioned by its only column \""
                + column
                + "\": its files would hold no column");
      }
      this.partitionColumn = column;
      return this;
    }

    /**
     * Keeps every commit as a file of its own, named by its time, instead of replacing the dataset:
     * for snapshots, such as a realtime feed polled every 30 seconds, where each commit adds rows
     * (a commit without rows adds an empty file, a record that there were none). See {@link
     * #appending(ChronoUnit)} to merge the many small files such a dataset makes.
     */
    public Builder appending() {
      this.appending = true;
      return this;
    }

    /**
     * As {@link #appending()}, and after each commit the files of every closed {@code period}
     * ({@link ChronoUnit#HOURS} or {@link ChronoUnit#DAYS}, in the sink's zone) are merged into one
     * file, atomically: readers that list the dataset's files find the same rows before and after,
     * and dashboards read a day as a few files instead of thousands.
     *
     * @throws IllegalArgumentException for another period
     */
    public Builder appending(ChronoUnit period) {
      Objects.requireNonNull(period, "period");
      if (period != ChronoUnit.HOURS && period != ChronoUnit.DAYS) {
        throw new IllegalArgumentException(
            "dataset "
                + name
                + " cannot be compacted by "
                + period
                + ": compact by ChronoUnit.HOURS or ChronoUnit.DAYS");
      }
      this.appending = true;
      this.compaction = period;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @throws IllegalArgumentException if the dataset is both partitioned and appending
     */
    public DatasetSpec build() {
      if (appending && partitionColumn != null) {
        throw new IllegalArgumentException(
            "dataset "
                + name
                + " cannot be both partitioned by \""
                + partitionColumn
                + "\" and appending: choose one (appending datasets keep a file per commit,"
                + " partitioned ones a file per partition)");
      }
      return new DatasetSpec(this);
    }
  }
}

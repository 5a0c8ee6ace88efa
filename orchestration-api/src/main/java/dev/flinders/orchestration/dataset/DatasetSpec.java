package dev.flinders.orchestration.dataset;

import dev.flinders.orchestration.quality.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

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
 */
public final class DatasetSpec {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_]{0,99}");

  private final String name;
  private final DatasetSchema schema;
  private final List<Rule> rules;
  private final double quarantineLimit;

  private DatasetSpec(Builder builder) {
    this.name = builder.name;
    this.schema = builder.schema;
    this.rules = List.copyOf(builder.rules);
    this.quarantineLimit = builder.quarantineLimit;
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

  @Override
  public String toString() {
    return name + schema;
  }

  /** Builds a {@link DatasetSpec}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final DatasetSchema schema;
    private final List<Rule> rules = new ArrayList<>();
    private double quarantineLimit = 1;

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

    public DatasetSpec build() {
      return new DatasetSpec(this);
    }
  }
}

package dev.flinders.orchestration.core.internal;

import com.fasterxml.jackson.core.io.NumberInput;
import dev.flinders.orchestration.dataset.Column;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DataQualityException;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.dataset.DatasetWriter;
import dev.flinders.orchestration.dataset.ValueConversionException;
import dev.flinders.orchestration.quality.Rule;
import dev.flinders.orchestration.quality.RuleAction;
import dev.flinders.orchestration.spi.Compaction;
import dev.flinders.orchestration.spi.DatasetOutput;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spi.DatasetVersion;
import dev.flinders.orchestration.spi.PartitionedOutput;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt's writer of one dataset: checks every row against the dataset's rules and sends it to
 * exactly one place, the curated output or the quarantine output (opened at the first quarantined
 * row), both uncommitted until {@link #commit()}. See docs/datasets.md.
 */
final class QualityWriter implements DatasetWriter {
  private static final Logger LOG = LoggerFactory.getLogger(QualityWriter.class);

  /** The rule name of rows whose text does not convert to the schema. */
  static final String TYPE_RULE = "type";

  /** The rule name of rows the task could not read and rejected. */
  static final String SOURCE_RULE = "source";

  private final DatasetSpec spec;
  private final DatasetSchema schema;
  private final DatasetSink quarantineSink;
  private final Instant at;
  private final Rule[] rules;
  private final Rule.Check[] checks;

  /** Where rows that pass go: one of these two, as the dataset is partitioned or not. */
  private final @Nullable DatasetOutput curated;

  private final @Nullable PartitionedOutput partitioned;

  /** The partition column's position in the schema, or -1. */
  private final int partitionIndex;

  private @Nullable DatasetOutput quarantine;
  private final DatasetSchema quarantineSchema;
  private long rowsIn;

  /** Hears the rows written each RunListener.WRITE_STEP rows; the countdown to the next step. */
  private final java.util.function.LongConsumer progress;

  private long untilProgress = dev.flinders.orchestration.RunListener.WRITE_STEP;
  private long written;
  private long quarantined;
  private final Map<String, Long> quarantinedByRule = new HashMap<>();
  private final Map<String, Long> warningsByRule = new HashMap<>();
  private @Nullable String failure;
  private @Nullable String committed;
  private List<String> committedPartitions = List.of();
  private @Nullable DatasetVersion committedQuarantine;
  private final List<String> compactions = new ArrayList<>();
  private final DatasetSink curatedSink;
  private boolean closed;

  QualityWriter(
      DatasetSpec spec,
      DatasetSink curatedSink,
      DatasetSink quarantineSink,
      Instant at,
      java.util.function.LongConsumer progress) {
    this.progress = progress;
    this.spec = spec;
    this.curatedSink = curatedSink;
    this.schema = spec.schema();
    this.quarantineSink = quarantineSink;
    this.at = at;
    List<Rule> specRules = spec.rules();
    this.rules = specRules.toArray(new Rule[0]);
    this.checks = new Rule.Check[rules.length];
    for (int i = 0; i < rules.length; i++) {
      checks[i] = rules[i].start(schema);
    }
    this.quarantineSchema = quarantineSchema(schema);
    String column = spec.partitionColumn().orElse(null);
    if (column == null) {
      this.partitionIndex = -1;
      this.partitioned = null;
      this.curated =
          spec.appending()
              ? curatedSink.openAppending(spec.name(), schema, at)
              : curatedSink.open(spec.name(), schema, at);
    } else {
      this.partitionIndex = schema.indexOf(column);
      this.curated = null;
      this.partitioned = curatedSink.openPartitioned(spec.name(), spec.storedSchema(), column, at);
    }
  }

  /** Every column as text (the original values), then the rule, the reason and the row number. */
  private static DatasetSchema quarantineSchema(DatasetSchema schema) {
    DatasetSchema.Builder builder = DatasetSchema.builder();
    for (Column column : schema.columns()) {
      builder.optional(column.name(), ColumnType.STRING);
    }
    return builder
        .required("_rule", ColumnType.STRING)
        .required("_reason", ColumnType.STRING)
        .required("_row", ColumnType.LONG)
        .build();
  }

  @Override
  public void write(Object... values) {
    checkOpen();
    schema.check(values);
    route(values, null);
  }

  @Override
  public void writeText(String... texts) {
    checkOpen();
    if (texts.length != schema.size()) {
      quarantine(
          TYPE_RULE,
          texts.length + " values for " + schema.size() + " columns",
          java.util.Arrays.copyOf(texts, Math.max(texts.length, schema.size())));
      return;
    }
    Object[] values = new Object[texts.length];
    for (int i = 0; i < texts.length; i++) {
      Column column = schema.column(i);
      try {
        values[i] = parse(column.type(), texts[i]);
      } catch (ValueConversionException e) {
        quarantine(TYPE_RULE, column.name() + ": " + e.getMessage(), texts);
        return;
      }
      if (values[i] == null && !column.nullable()) {
        quarantine(TYPE_RULE, column.name() + " is missing", texts);
        return;
      }
    }
    route(values, texts);
  }

  /**
   * {@link ColumnType#parse}, with Jackson's number parsers for numbers: {@code NumberInput}'s
   * integer parsing (a digit loop for up to nine digits, {@link Integer#parseInt} beyond and for
   * anything else) and its bundled FastDoubleParser for doubles, which gives the same results as
   * {@link Double#valueOf}. Same syntax, same values; about half the time for short integers, a
   * fraction of it for doubles.
   */
  static @Nullable Object parse(ColumnType type, @Nullable String text) {
    if (text == null
        || (type != ColumnType.INT && type != ColumnType.LONG && type != ColumnType.DOUBLE)) {
      return type.parse(text);
    }
    String value = text.strip();
    if (value.isEmpty()) {
      return null;
    }
    try {
      return switch (type) {
        case INT -> NumberInput.parseInt(value);
        case LONG -> NumberInput.parseLong(value);
        default -> NumberInput.parseDouble(value, true);
      };
    } catch (NumberFormatException e) {
      throw new ValueConversionException(text, type);
    }
  }

  @Override
  public void reject(String reason, String... texts) {
    checkOpen();
    quarantine(SOURCE_RULE, reason, java.util.Arrays.copyOf(texts, schema.size()));
  }

  @Override
  public void sourceColumns(List<String> columns) {
    checkOpen();
    for (int i = 0; i < rules.length; i++) {
      String reason = checks[i].sourceColumns(List.copyOf(columns));
      if (reason != null) {
        verdict(rules[i], reason, "the source's columns");
      }
    }
  }

  @Override
  public long rows() {
    return rowsIn;
  }

  private void route(Object[] values, String @Nullable [] texts) {
    for (int i = 0; i < rules.length; i++) {
      String reason = checks[i].row(values);
      if (reason == null) {
        continue;
      }
      if (rules[i].action() == RuleAction.QUARANTINE) {
        quarantine(rules[i].name(), reason, texts != null ? texts : asText(values));
        return;
      }
      verdict(rules[i], reason, "row " + (rowsIn + 1));
    }
    if (partitioned != null) {
      partitioned.write(partitionValue(values[partitionIndex]), withoutPartition(values));
    } else {
      curated.write(values);
    }
    rowsIn++;
    written++;
    if (--untilProgress == 0) {
      stepped();
    }
  }

  private void stepped() {
    untilProgress = dev.flinders.orchestration.RunListener.WRITE_STEP;
    progress.accept(rowsIn);
  }

  /**
   * The partition of a row, as its directory names it: {@code 4}, {@code 2026-11-25}, {@code bus}.
   */
  private static String partitionValue(Object value) {
    return value.toString(); // non-null: the column is required; LocalDate prints ISO-8601
  }

  private Object[] withoutPartition(Object[] values) {
    Object[] stored = new Object[values.length - 1];
    System.arraycopy(values, 0, stored, 0, partitionIndex);
    System.arraycopy(
        values, partitionIndex + 1, stored, partitionIndex, stored.length - partitionIndex);
    return stored;
  }

  @Override
  public void finishPartition() {
    checkOpen();
    if (partitioned != null) {
      partitioned.finishPartition();
    }
  }

  /** A broken rule whose action is WARN (counted) or FAIL (the dataset fails now). */
  private void verdict(Rule rule, String reason, String where) {
    if (rule.action() == RuleAction.FAIL) {
      failure = rule.name() + " failed on " + where + ": " + reason;
      throw new DataQualityException(
          spec.name(), "dataset " + spec.name() + " is not committed: " + failure);
    }
    warningsByRule.merge(rule.name(), 1L, Long::sum);
  }

  private void quarantine(String rule, String reason, String[] texts) {
    if (quarantine == null) {
      quarantine =
          spec.appending()
              ? quarantineSink.openAppending(spec.name(), quarantineSchema, at)
              : quarantineSink.open(spec.name(), quarantineSchema, at);
    }
    Object[] row = new Object[quarantineSchema.size()];
    System.arraycopy(texts, 0, row, 0, Math.min(texts.length, schema.size()));
    row[schema.size()] = rule;
    row[schema.size() + 1] = reason;
    row[schema.size() + 2] = rowsIn + 1;
    quarantine.write(row);
    rowsIn++;
    quarantined++;
    if (--untilProgress == 0) {
      stepped();
    }
    quarantinedByRule.merge(rule, 1L, Long::sum);
  }

  private static String[] asText(Object[] values) {
    String[] texts = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      texts[i] = values[i] == null ? null : values[i].toString();
    }
    return texts;
  }

  /**
   * Runs the end-of-dataset rules and the quarantine limit.
   *
   * @throws DataQualityException if a FAIL rule or the limit refuses the dataset, which is then
   *     discarded
   */
  void validate() {
    checkOpen();
    for (int i = 0; i < rules.length; i++) {
      String reason = checks[i].end(written);
      if (reason != null) {
        try {
          verdict(rules[i], reason, "the whole dataset");
        } catch (DataQualityException e) {
          discard();
          throw e;
        }
      }
    }
    if (rowsIn > 0 && quarantined > spec.quarantineLimit() * rowsIn) {
      failure =
          String.format(
              Locale.ROOT,
              "%d of %d rows quarantined (%.1f %%), above the limit of %.1f %%",
              quarantined,
              rowsIn,
              100.0 * quarantined / rowsIn,
              100 * spec.quarantineLimit());
      discard();
      throw new DataQualityException(
          spec.name(), "dataset " + spec.name() + " is not committed: " + failure);
    }
  }

  /** Commits the curated file and the quarantine file; call after {@link #validate()}. */
  void publish() {
    checkOpen();
    closed = true;
    if (partitioned != null) {
      List<DatasetVersion> versions = partitioned.commit();
      committedPartitions = versions.stream().map(DatasetVersion::version).toList();
      committed = partitioned.location();
    } else {
      committed = curated.commit().location();
    }
    if (quarantine != null) {
      committedQuarantine = quarantine.commit();
    }
  }

  /**
   * Merges the closed periods of an appending dataset with a compaction period, in both sinks,
   * after {@link #publish()}. A failure is logged and noted in the summary, not thrown: the
   * committed file is safe, and the next commit tries the period again.
   */
  void compact() {
    ChronoUnit period = spec.compaction().orElse(null);
    if (period == null || committed == null) {
      return;
    }
    compact(curatedSink, schema, period, "");
    compact(quarantineSink, quarantineSchema, period, "quarantine ");
  }

  private void compact(DatasetSink sink, DatasetSchema stored, ChronoUnit period, String which) {
    try {
      for (Compaction done : sink.compact(spec.name(), stored, period, at)) {
        if (done.failure() != null) {
          LOG.warn(
              "could not compact {}{} (its files stay as they are; the next commit tries again)",
              which,
              done);
          compactions.add(which + done.result().version() + " not merged: " + done.failure());
          continue;
        }
        LOG.info("compacted {}{}", which, done);
        compactions.add(
            which
                + done.result().version()
                + ": "
                + done.merged().size()
                + (done.merged().size() == 1 ? " file, " : " files, ")
                + done.rows()
                + (done.rows() == 1 ? " row" : " rows"));
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "could not compact {}dataset {} (its files stay as they are; the next commit tries"
              + " again): {}",
          which,
          spec.name(),
          e.toString());
      compactions.add(which + "not merged: " + e.getMessage());
    }
  }

  /** Discards both outputs; nothing of this attempt's version remains. */
  void discard() {
    closed = true;
    try {
      if (partitioned != null) {
        partitioned.close();
      } else {
        curated.close();
      }
    } finally {
      if (quarantine != null) {
        quarantine.close();
      }
    }
  }

  /** Marks why the dataset was discarded, if nothing else said. */
  void discardBecause(String why) {
    if (failure == null) {
      failure = why;
    }
    discard();
  }

  DatasetSpec spec() {
    return spec;
  }

  boolean isClosed() {
    return closed;
  }

  DatasetSummary summary() {
    return new DatasetSummary(
        spec.name(),
        rowsIn,
        written,
        quarantined,
        quarantinedByRule,
        warningsByRule,
        committed,
        committedQuarantine == null ? null : committedQuarantine.location(),
        failure,
        partitioned == null ? List.of() : partitionsOrWritten(),
        compactions);
  }

  /** The partitions committed, or, before or without a commit, those written. */
  private List<String> partitionsOrWritten() {
    if (committed != null) {
      return committedPartitions;
    }
    String column = spec.partitionColumn().orElseThrow();
    return partitioned.partitions().stream().map(value -> column + "=" + value).toList();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(
          "dataset " + spec.name() + " is closed: write it while the task runs");
    }
  }
}

package dev.flinders.orchestration.ptv.gtfs;

import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.quality.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * The datasets of one ingestion of a feed: one spec per GTFS table, partitioned by {@code mode},
 * with the table's quality rules. Rows that break a rule are quarantined with the reason:
 *
 * <ul>
 *   <li>a required field missing, or a value that is not of its type (a number, a date);
 *   <li>an enum value the reference does not list, a coordinate out of range, a count or distance
 *       below zero, a colour that is not six hexadecimal digits, a time that is not {@code
 *       H:MM:SS};
 *   <li>a duplicate key within its mode ({@code stop_id}, {@code trip_id}, {@code (trip_id,
 *       stop_sequence)}, …);
 *   <li>a reference to a row its mode does not have: {@code stop_times.trip_id} in trips, {@code
 *       stop_times.stop_id} in stops, {@code trips.route_id} in routes, {@code trips.service_id} in
 *       calendar or calendar_dates (when the feed has those tables).
 * </ul>
 *
 * The keys of the mode being read live in {@link #keys}; the ingester fills them as it reads the
 * key tables and clears them between modes. Used by the thread of one attempt.
 */
final class GtfsDatasets {
  /** The keys of the mode being read, for the reference checks. */
  final FeedKeys keys = new FeedKeys();

  private final double quarantineLimit;
  private final Map<GtfsTable, DatasetSpec> specs = new HashMap<>();

  GtfsDatasets(double quarantineLimit) {
    this.quarantineLimit = quarantineLimit;
  }

  /** The keys a mode's tables are checked against; sets of the tables read so far. */
  static final class FeedKeys {
    final Set<String> stops = new HashSet<>();
    final Set<String> routes = new HashSet<>();
    final Set<String> trips = new HashSet<>();
    final Set<String> services = new HashSet<>();

    /** Whether each key table was in the feed: no check against a table the feed lacks. */
    final Set<GtfsTable> loaded = new HashSet<>();

    void clear() {
      stops.clear();
      routes.clear();
      trips.clear();
      services.clear();
      loaded.clear();
    }

    /** Records the key of a row of {@code table}, if it is a key table. */
    void add(GtfsTable table, String @Nullable [] row, int[] positions) {
      Set<String> into =
          table == GtfsTable.STOPS
              ? stops
              : table == GtfsTable.ROUTES
                  ? routes
                  : table == GtfsTable.TRIPS
                      ? trips
                      : table == GtfsTable.CALENDAR || table == GtfsTable.CALENDAR_DATES
                          ? services
                          : null;
      if (into != null && row != null && positions.length > 0) {
        String id = row[positions[0]];
        if (id != null) {
          into.add(id);
        }
      }
    }
  }

  /** The dataset of {@code table}, made at first use. */
  DatasetSpec spec(GtfsTable table) {
    return specs.computeIfAbsent(table, this::build);
  }

  private DatasetSpec build(GtfsTable table) {
    DatasetSpec.Builder spec =
        DatasetSpec.builder(table.datasetName(), table.schema())
            .partitionedBy("mode")
            .quarantineLimit(quarantineLimit);
    for (GtfsField field : table.fields()) {
      valueRule(field).ifPresent(spec::rule);
      if (field.type() == GtfsType.TIME) {
        spec.rule(timeRule(field));
      }
    }
    if (!table.key().isEmpty()) {
      spec.rule(table.hasSequenceKey() ? sequenceKey(table) : uniqueKey(table));
    }
    if (table == GtfsTable.STOP_TIMES) {
      spec.rule(references("trip_id", GtfsTable.TRIPS, keys.trips));
      spec.rule(references("stop_id", GtfsTable.STOPS, keys.stops));
    } else if (table == GtfsTable.TRIPS) {
      spec.rule(references("route_id", GtfsTable.ROUTES, keys.routes));
      spec.rule(references("service_id", GtfsTable.CALENDAR, keys.services));
    }
    return spec.build();
  }

  private static Optional<Rule> valueRule(GtfsField field) {
    String name = field.name();
    return Optional.ofNullable(
        switch (field.type()) {
          case ENUM -> enumRule(field);
          case NON_NEGATIVE_INTEGER, NON_NEGATIVE_FLOAT -> Rule.atLeast(name, 0);
          case POSITIVE_INTEGER -> Rule.atLeast(name, 1);
          case POSITIVE_FLOAT ->
              Rule.of(
                  "positive(" + name + ")",
                  schema -> {
                    int position = schema.indexOf(name);
                    return new Rule.Check() {
                      @Override
                      public @Nullable String row(Object[] row) {
                        Object value = row[position];
                        return value == null || ((Double) value) > 0
                            ? null
                            : name + " " + value + " is not above 0";
                      }
                    };
                  });
          case LATITUDE -> Rule.range(name, -90, 90);
          case LONGITUDE -> Rule.range(name, -180, 180);
          case COLOR -> Rule.pattern(name, "[0-9A-Fa-f]{6}");
          default -> null;
        });
  }

  private static Rule enumRule(GtfsField field) {
    String name = field.name();
    IntPredicate allowed = field.allowed();
    return Rule.of(
        "enum(" + name + ")",
        schema -> {
          int position = schema.indexOf(name);
          return new Rule.Check() {
            @Override
            public @Nullable String row(Object[] row) {
              Object value = row[position];
              return value == null || allowed.test((Integer) value)
                  ? null
                  : name + " " + value + " is not one of " + field.allowedText();
            }
          };
        });
  }

  /** A time's text that did not give seconds (the ingester leaves them empty) is not a time. */
  private static Rule timeRule(GtfsField field) {
    String name = field.name();
    return Rule.of(
        "time(" + name + ")",
        schema -> {
          int text = schema.indexOf(name);
          int seconds = schema.indexOf(field.secondsColumn());
          return new Rule.Check() {
            @Override
            public @Nullable String row(Object[] row) {
              if (row[text] == null || row[seconds] != null) {
                return null;
              }
              try {
                GtfsTime.seconds((String) row[text]);
                return null;
              } catch (IllegalArgumentException e) {
                return name + " " + e.getMessage();
              }
            }
          };
        });
  }

  /** No two rows of a mode share the key; the first stays. Keeps one mode's keys. */
  private static Rule uniqueKey(GtfsTable table) {
    List<String> key = table.key();
    return Rule.of(
        "unique(mode," + String.join(",", key) + ")",
        schema -> {
          int mode = schema.indexOf("mode");
          int[] positions = positions(schema, key);
          Set<String> seen = new HashSet<>();
          Object[] currentMode = {null};
          return new Rule.Check() {
            @Override
            public @Nullable String row(Object[] row) {
              if (!row[mode].equals(currentMode[0])) {
                seen.clear(); // the rows of a mode come together
                currentMode[0] = row[mode];
              }
              StringBuilder joined = new StringBuilder();
              for (int position : positions) {
                Object value = row[position];
                if (value == null) {
                  return null; // a key with a missing part is not compared
                }
                joined.append(value).append('\u001f');
              }
              return seen.add(joined.toString())
                  ? null
                  : "duplicate "
                      + String.join(",", key)
                      + " "
                      + keyText(row, positions)
                      + " in mode "
                      + row[mode];
            }
          };
        });
  }

  /**
   * No two rows of a mode share a group and a sequence ({@code trip_id, stop_sequence}): a group's
   * sequences are kept as a sorted array of ints, so a table of millions of rows costs about four
   * bytes a row, not an object per key.
   */
  private static Rule sequenceKey(GtfsTable table) {
    String group = table.key().get(0);
    String sequence = table.key().get(1);
    return Rule.of(
        "unique(mode," + group + "," + sequence + ")",
        schema -> {
          int mode = schema.indexOf("mode");
          int groupAt = schema.indexOf(group);
          int sequenceAt = schema.indexOf(sequence);
          return new Rule.Check() {
            private @Nullable Object currentMode;
            private @Nullable String currentGroup;
            private int[] sequences = new int[16];
            private int count;
            private final Map<String, int[]> finished = new HashMap<>();

            @Override
            public @Nullable String row(Object[] row) {
              if (!row[mode].equals(currentMode)) {
                finished.clear();
                currentGroup = null;
                count = 0;
                currentMode = row[mode];
              }
              String id = (String) row[groupAt];
              Object value = row[sequenceAt];
              if (id == null || value == null) {
                return null;
              }
              if (!id.equals(currentGroup)) {
                switchTo(id);
              }
              int at = Arrays.binarySearch(sequences, 0, count, (Integer) value);
              if (at >= 0) {
                return "duplicate "
                    + group
                    + ","
                    + sequence
                    + " ["
                    + id
                    + ", "
                    + value
                    + "] in mode "
                    + row[mode];
              }
              insert(-at - 1, (Integer) value);
              return null;
            }

            private void switchTo(String id) {
              if (currentGroup != null) {
                finished.put(currentGroup, Arrays.copyOf(sequences, count));
              }
              int[] earlier = finished.remove(id); // the group's rows came in two blocks
              currentGroup = id;
              count = 0;
              if (earlier != null) {
                sequences = Arrays.copyOf(earlier, Math.max(16, earlier.length * 2));
                count = earlier.length;
              }
            }

            private void insert(int at, int value) {
              if (count == sequences.length) {
                sequences = Arrays.copyOf(sequences, count * 2);
              }
              System.arraycopy(sequences, at, sequences, at + 1, count - at);
              sequences[at] = value;
              count++;
            }
          };
        });
  }

  /** {@code column}'s value is a key of {@code target} in the mode, if the feed has the table. */
  private Rule references(String column, GtfsTable target, Set<String> ids) {
    String targetField = target == GtfsTable.CALENDAR ? "service_id" : column;
    String description =
        target == GtfsTable.CALENDAR ? "calendar or calendar_dates" : target.name();
    return Rule.of(
        "references(" + column + "," + description.replace(" or ", "|") + ")",
        schema -> {
          int position = schema.indexOf(column);
          return new Rule.Check() {
            @Override
            public @Nullable String row(Object[] row) {
              Object value = row[position];
              boolean checked =
                  target == GtfsTable.CALENDAR
                      ? keys.loaded.contains(GtfsTable.CALENDAR)
                          || keys.loaded.contains(GtfsTable.CALENDAR_DATES)
                      : keys.loaded.contains(target);
              if (value == null || !checked || ids.contains(value)) {
                return null;
              }
              return column
                  + " \""
                  + value
                  + "\" is not a "
                  + targetField
                  + " of "
                  + description
                  + " in mode "
                  + row[schema.indexOf("mode")];
            }
          };
        });
  }

  private static int[] positions(DatasetSchema schema, List<String> columns) {
    int[] positions = new int[columns.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = schema.indexOf(columns.get(i));
    }
    return positions;
  }

  private static String keyText(Object[] row, int[] positions) {
    List<String> values = new ArrayList<>();
    for (int position : positions) {
      values.add(String.valueOf(row[position]));
    }
    return values.toString();
  }

  /** For the ingester: tables not needing the key sets of other tables are ready at once. */
  static final Map<GtfsTable, List<GtfsTable>> NEEDS = needs();

  private static Map<GtfsTable, List<GtfsTable>> needs() {
    Map<GtfsTable, List<GtfsTable>> needs = new HashMap<>();
    needs.put(
        GtfsTable.TRIPS, List.of(GtfsTable.ROUTES, GtfsTable.CALENDAR, GtfsTable.CALENDAR_DATES));
    needs.put(GtfsTable.STOP_TIMES, List.of(GtfsTable.TRIPS, GtfsTable.STOPS));
    return needs;
  }
}

package dev.flinders.orchestration.ptv.gtfs;

import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.core.csv.CsvFormatException;
import dev.flinders.orchestration.core.csv.CsvReader;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetWriter;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads the tables of one feed (one mode) into their datasets, streaming each table's rows: a key
 * table (stops, routes, calendar, calendar_dates, trips) before the tables checked against it
 * (trips, stop_times). An inner zip is read in its own order, so a table whose key tables come
 * later in it waits for the next pass over the zip (at most three passes, usually one or two). Each
 * table's partition is finished as soon as it is read, so one table at a time holds memory.
 */
final class FeedIngester {
  private final ComponentContext context;
  private final GtfsDatasets datasets;

  FeedIngester(ComponentContext context, GtfsDatasets datasets) {
    this.context = context;
    this.datasets = datasets;
  }

  /**
   * What the ingestion of a feed read.
   *
   * @param rows rows read per table file, in the order read
   * @param unknown files the reference does not have, not read
   * @param extraColumns per table file, columns the reference does not have, not kept
   */
  record Result(
      Map<String, Long> rows, List<String> unknown, Map<String, List<String>> extraColumns) {
    long total() {
      return rows.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  Result ingest(GtfsArchive archive, GtfsArchive.Feed feed) {
    datasets.keys.clear();
    String mode = Integer.toString(feed.mode());
    Map<String, Long> rows = new LinkedHashMap<>();
    Set<String> unknown = new TreeSet<>();
    Map<String, List<String>> extra = new LinkedHashMap<>();
    Set<String> seen = new LinkedHashSet<>();
    Set<String> wanted = null; // the first pass reads everything it can
    for (int pass = 1; ; pass++) {
      boolean complete = pass > 1; // after a whole pass, seen holds every file of the feed
      Set<String> deferred = new LinkedHashSet<>();
      archive.read(
          feed,
          wanted,
          (fileName, in, where) -> {
            seen.add(fileName);
            GtfsTable table = GtfsTable.byFileName(fileName).orElse(null);
            if (table == null) {
              unknown.add(fileName);
              in.transferTo(OutputStream.nullOutputStream());
              return;
            }
            if (!ready(table, seen, rows.keySet(), complete)) {
              deferred.add(fileName);
              in.transferTo(OutputStream.nullOutputStream());
              return;
            }
            rows.put(fileName, table(table, mode, in, where, extra));
          });
      if (deferred.isEmpty()) {
        break;
      }
      if (wanted != null && wanted.equals(deferred)) {
        throw new IllegalStateException(
            "tables " + deferred + " of " + feed + " wait for each other"); // NEEDS is acyclic
      }
      wanted = deferred;
    }
    return new Result(rows, List.copyOf(unknown), extra);
  }

  /**
   * Whether every key table {@code table} is checked against has been read, or is not in the feed:
   * before a whole pass has been made ({@code complete}), a key table not seen yet may still come.
   */
  private static boolean ready(
      GtfsTable table, Set<String> seen, Set<String> read, boolean complete) {
    for (GtfsTable needed : GtfsDatasets.NEEDS.getOrDefault(table, List.of())) {
      String file = needed.fileName();
      if (!read.contains(file) && (!complete || seen.contains(file))) {
        return false;
      }
    }
    return true;
  }

  private long table(
      GtfsTable table, String mode, InputStream in, String where, Map<String, List<String>> extra) {
    DatasetWriter writer = context.dataset(datasets.spec(table));
    DatasetSchema schema = table.schema();
    List<GtfsField> fields = table.fields();
    int[] timeFields = timeFields(fields);
    int[] keyPositions = keyPositions(table);
    long read = 0;
    try (CsvReader csv = CsvReader.open(in, where, fileSchema(table))) {
      writer.sourceColumns(csv.header());
      if (!csv.extraColumns().isEmpty()) {
        extra.put(table.fileName(), csv.extraColumns());
      }
      int width = csv.header().size();
      for (List<String> record = csv.nextRecord(); record != null; record = csv.nextRecord()) {
        context.throwIfCancelled();
        String[] values = csv.toSchemaOrder(record);
        String[] row = new String[schema.size()];
        row[0] = mode;
        for (int i = 0; i < values.length; i++) {
          String value = values[i];
          row[i + 1] = value == null || value.isEmpty() ? null : value;
        }
        for (int t = 0; t < timeFields.length; t++) {
          String text = row[timeFields[t] + 1];
          row[1 + fields.size() + t] = text == null ? null : seconds(text);
        }
        if (record.size() > width) { // fewer: the trailing fields are empty, as readers allow
          writer.reject(
              "line " + csv.line() + " has " + record.size() + " fields; the header has " + width,
              row);
        } else {
          writer.writeText(row);
        }
        datasets.keys.add(table, values, keyPositions);
        read++;
      }
    } catch (CsvFormatException e) {
      throw archiveFailure(e);
    }
    writer.finishPartition();
    datasets.keys.loaded.add(table);
    return read;
  }

  /**
   * The cause of a CSV failure that was really the archive's (truncated, a bomb), or the failure.
   */
  private static RuntimeException archiveFailure(CsvFormatException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof GtfsArchiveException archive) {
        return archive;
      }
    }
    return e;
  }

  private static @Nullable String seconds(String text) {
    try {
      return Integer.toString(GtfsTime.seconds(text));
    } catch (IllegalArgumentException e) {
      return null; // the time rule quarantines the row, with the reason
    }
  }

  /** The table's fields as the file has them: text, required as the reference requires. */
  static DatasetSchema fileSchema(GtfsTable table) {
    DatasetSchema.Builder schema = DatasetSchema.builder();
    for (GtfsField field : table.fields()) {
      if (field.required()) {
        schema.required(field.name(), ColumnType.STRING);
      } else {
        schema.optional(field.name(), ColumnType.STRING);
      }
    }
    return schema.build();
  }

  private static int[] timeFields(List<GtfsField> fields) {
    List<Integer> times = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).type() == GtfsType.TIME) {
        times.add(i);
      }
    }
    return times.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Where a key table's id is among its fields. */
  private static int[] keyPositions(GtfsTable table) {
    String id =
        table == GtfsTable.STOPS
            ? "stop_id"
            : table == GtfsTable.ROUTES
                ? "route_id"
                : table == GtfsTable.TRIPS
                    ? "trip_id"
                    : table == GtfsTable.CALENDAR || table == GtfsTable.CALENDAR_DATES
                        ? "service_id"
                        : null;
    if (id == null) {
      return new int[0];
    }
    for (int i = 0; i < table.fields().size(); i++) {
      if (table.fields().get(i).name().equals(id)) {
        return new int[] {i};
      }
    }
    return new int[0];
  }
}

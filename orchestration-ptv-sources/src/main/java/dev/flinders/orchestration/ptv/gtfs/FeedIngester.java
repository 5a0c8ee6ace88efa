package dev.flinders.orchestration.ptv.gtfs;

import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.core.csv.CsvFormatException;
import dev.flinders.orchestration.core.csv.CsvReader;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads the tables of one feed (one mode) into their datasets, streaming each table's rows, each
 * table once: the key tables (stops, routes, calendar, calendar_dates, then trips) before the
 * tables checked against them (trips, stop_times), whatever the archive's order. Each table's
 * partition is finished as soon as it is read, so one table at a time holds memory.
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

  /**
   * Ingests {@code feed}, an inner zip's copy going to {@code scratch} while it is read.
   *
   * @throws GtfsArchiveException if the archive is refused or cannot be read
   */
  Result ingest(GtfsArchive archive, GtfsArchive.Feed feed, Path scratch) {
    datasets.keys.clear();
    String mode = Integer.toString(feed.mode());
    Map<String, Long> rows = new LinkedHashMap<>();
    Set<String> unknown = new TreeSet<>();
    Map<String, List<String>> extra = new LinkedHashMap<>();
    try (GtfsArchive.FeedFiles files = archive.open(feed, scratch)) {
      for (String fileName : readingOrder(files.names())) {
        GtfsTable table = GtfsTable.byFileName(fileName).orElse(null);
        if (table == null) {
          unknown.add(fileName);
          continue;
        }
        try (InputStream in = files.open(fileName)) {
          rows.put(fileName, table(table, mode, in, files.where(fileName), extra));
        } catch (IOException e) {
          throw new GtfsArchiveException(
              archive.source(), files.where(fileName), "cannot be read: " + e, e);
        }
      }
    }
    return new Result(rows, List.copyOf(unknown), extra);
  }

  /**
   * {@code names} with every table before the tables checked against it ({@link
   * GtfsDatasets#NEEDS}), otherwise in the archive's order.
   */
  static List<String> readingOrder(List<String> names) {
    List<String> order = new ArrayList<>(names);
    order.sort(
        Comparator.comparingInt(
            name -> GtfsTable.byFileName(name).map(FeedIngester::depth).orElse(0)));
    return order;
  }

  /**
   * 0 for a table checked against no other, else one more than the deepest it is checked against.
   */
  private static int depth(GtfsTable table) {
    int depth = 0;
    for (GtfsTable needed : GtfsDatasets.NEEDS.getOrDefault(table, List.of())) {
      depth = Math.max(depth, depth(needed) + 1);
    }
    return depth;
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

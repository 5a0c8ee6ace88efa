package dev.flinders.orchestration.ptv.gtfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds test feeds from the real fixtures in {@code src/test/resources/gtfs} (see each folder's
 * SOURCE.md): Google's sample feed as a plain zip, and Transport Victoria's layout, an outer zip of
 * {@code <mode>/google_transit.zip}, from the December 2025 extract of modes 2, 3 and 4, with trips
 * and stop times made up from its real routes, services and stops (the extract has none), some
 * running past midnight.
 */
final class GtfsFeeds {
  static final String SAMPLE = "/gtfs/gtfs-sample-feed-1/sample-feed-1.zip";
  private static final String EXTRACT = "/gtfs/ptv-gtfs-extract-2025-12/";
  private static final Map<Integer, String> FOLDERS =
      Map.of(2, "2-metro-train", 3, "3-metro-tram", 4, "4-bus");
  private static final Pattern FIRST_FIELD = Pattern.compile("^\\uFEFF?\"?([^\",]*)\"?");

  private GtfsFeeds() {}

  /** Google's sample feed, a plain GTFS zip, copied to {@code directory}. */
  static Path sample(Path directory) throws IOException {
    Path zip = directory.resolve("sample-feed-1.zip");
    try (InputStream in = GtfsFeeds.class.getResourceAsStream(SAMPLE)) {
      Files.copy(in, zip, StandardCopyOption.REPLACE_EXISTING);
    }
    return zip;
  }

  /** The files of one mode of the extract, with made-up trips and stop times where it can. */
  static Map<String, byte[]> mode(int mode, int trips) throws IOException {
    String folder = EXTRACT + FOLDERS.get(mode) + "/";
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name :
        List.of(
            "agency.txt",
            "calendar.txt",
            "calendar_dates.txt",
            "levels.txt",
            "routes.txt",
            "stops.txt")) {
      try (InputStream in = GtfsFeeds.class.getResourceAsStream(folder + name)) {
        if (in != null) {
          files.put(name, in.readAllBytes());
        }
      }
    }
    if (files.containsKey("stops.txt") && files.containsKey("calendar.txt") && trips > 0) {
      List<String> routes = firstFields(files.get("routes.txt"));
      List<String> services = firstFields(files.get("calendar.txt"));
      List<String> stops = firstFields(files.get("stops.txt"));
      StringBuilder tripLines =
          new StringBuilder("\uFEFFroute_id,service_id,trip_id,trip_headsign,direction_id\r\n");
      StringBuilder times =
          new StringBuilder("\uFEFFtrip_id,arrival_time,departure_time,stop_id,stop_sequence\r\n");
      for (int t = 0; t < trips; t++) {
        String trip = mode + "-T" + t;
        tripLines
            .append(quoted(routes.get(t % routes.size()), services.get(t % services.size())))
            .append(",\"")
            .append(trip)
            .append("\",\"City\",\"")
            .append(t % 2)
            .append("\"\r\n");
        for (int s = 1; s <= 5; s++) {
          int seconds = 23 * 3600 + 1800 + t * 60 + s * 600; // from 23:40, past midnight
          String time = time(seconds);
          times
              .append(
                  quoted(trip, time, time, stops.get((t + s) % stops.size()), Integer.toString(s)))
              .append("\r\n");
        }
      }
      files.put("trips.txt", tripLines.toString().getBytes(StandardCharsets.UTF_8));
      files.put("stop_times.txt", times.toString().getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }

  /**
   * Transport Victoria's layout: an outer zip with {@code <mode>/google_transit.zip} for each mode
   * of {@code modes}, each from {@link #mode}. Stop times come first in each inner zip, as in
   * Google's sample, so the reader must wait for the trips and stops they refer to.
   */
  static Path nested(Path zip, Map<Integer, Map<String, byte[]>> modes) throws IOException {
    try (ZipOutputStream outer = new ZipOutputStream(Files.newOutputStream(zip))) {
      outer.putNextEntry(entry("README.txt"));
      outer.write("GTFS schedule, one folder per mode".getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<Integer, Map<String, byte[]>> mode : modes.entrySet()) {
        outer.putNextEntry(entry(mode.getKey() + "/"));
        outer.putNextEntry(entry(mode.getKey() + "/google_transit.zip"));
        outer.write(zip(stopTimesFirst(mode.getValue())));
      }
    }
    return zip;
  }

  /** A zip of {@code files}, in their order. */
  static byte[] zip(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        zip.putNextEntry(entry(file.getKey()));
        zip.write(file.getValue());
      }
    }
    return bytes.toByteArray();
  }

  /** An entry with a fixed time, so that the same files make the same bytes (and CRC). */
  static ZipEntry entry(String name) {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(1_765_500_000_000L); // 2025-12-12
    return entry;
  }

  static void write(Path path, Map<String, byte[]> files) throws IOException {
    try (OutputStream out = Files.newOutputStream(path)) {
      out.write(zip(files));
    }
  }

  private static Map<String, byte[]> stopTimesFirst(Map<String, byte[]> files) {
    Map<String, byte[]> ordered = new LinkedHashMap<>();
    if (files.containsKey("stop_times.txt")) {
      ordered.put("stop_times.txt", files.get("stop_times.txt"));
    }
    ordered.putAll(files);
    return ordered;
  }

  /** The first field of each line after the header. */
  static List<String> firstFields(byte[] csv) {
    List<String> values = new ArrayList<>();
    String[] lines = new String(csv, StandardCharsets.UTF_8).split("\r?\n");
    for (int i = 1; i < lines.length; i++) {
      Matcher matcher = FIRST_FIELD.matcher(lines[i]);
      if (matcher.find() && !matcher.group(1).isEmpty()) {
        values.add(matcher.group(1));
      }
    }
    return values;
  }

  /** How many rows a table of the files has (lines after the header that are not blank). */
  static long rows(byte[] csv) {
    String[] lines = new String(csv, StandardCharsets.UTF_8).split("\r?\n");
    long rows = 0;
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        rows++;
      }
    }
    return rows;
  }

  static String time(int seconds) {
    return String.format(
        Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  }

  private static String quoted(String... values) {
    List<String> fields = new ArrayList<>();
    for (String value : values) {
      fields.add("\"" + value + "\"");
    }
    return String.join(",", fields);
  }
}

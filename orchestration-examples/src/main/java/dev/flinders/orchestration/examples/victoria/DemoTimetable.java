package dev.flinders.orchestration.examples.victoria;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The GTFS schedule of the demo's Transport Victoria: the layout of the real {@code gtfs.zip}, an
 * outer zip of {@code <mode>/google_transit.zip}, built from the bundled extract of December 2025
 * (modes 2 metro train, 3 metro tram and 4 metro bus; see {@code gtfs/.../SOURCE.md}).
 *
 * <p>The extract has no trips or stop times, so they are made up here from its real routes,
 * services and stops, and the demo says so: for each route and each service running from {@link
 * #PERIOD} on, as many trips as the mode's edition number, of {@value #STOPS_PER_TRIP} stops each.
 * The bus mode has no stops or calendar in the extract, hence no trips. {@link #newEdition}
 * publishes a new timetable of one mode (one more trip per route and service), which changes that
 * mode's inner zip and no other. Zip entries carry a fixed time, so the same files make the same
 * bytes. Thread-safe.
 */
final class DemoTimetable {
  /** Services that end before this day are left without trips. */
  static final LocalDate PERIOD = LocalDate.of(2026, 2, 1);

  static final int STOPS_PER_TRIP = 6;

  private static final String EXTRACT = "/gtfs/ptv-gtfs-extract-2025-12/";
  private static final Map<Integer, String> FOLDERS =
      new TreeMap<>(Map.of(2, "2-metro-train", 3, "3-metro-tram", 4, "4-bus"));
  private static final List<String> TABLES =
      List.of(
          "agency.txt",
          "calendar.txt",
          "calendar_dates.txt",
          "levels.txt",
          "routes.txt",
          "stops.txt");
  private static final long ENTRY_TIME = 1_765_500_000_000L; // 2025-12-12, the extract's date
  private static final Instant EXTRACT_PUBLISHED = Instant.ofEpochMilli(ENTRY_TIME);

  /** A stop a made-up trip calls at: a real stop of the extract. */
  record Stop(String id, double latitude, double longitude) {}

  /** A made-up trip: its first departure in seconds after midnight of its service day. */
  record Trip(
      String id,
      String routeId,
      String serviceId,
      int directionId,
      List<Stop> stops,
      int departure) {}

  private final Map<Integer, Map<String, byte[]>> bundled = new TreeMap<>();
  private final Map<Integer, Integer> editions = new TreeMap<>();
  private final Map<Integer, List<Trip>> trips = new TreeMap<>();
  private final Map<Integer, byte[]> innerZips = new TreeMap<>();
  private byte[] zip = new byte[0];
  private String etag = "";
  private Instant published = EXTRACT_PUBLISHED;

  DemoTimetable() {
    for (Map.Entry<Integer, String> folder : FOLDERS.entrySet()) {
      Map<String, byte[]> files = new LinkedHashMap<>();
      for (String table : TABLES) {
        String path = EXTRACT + folder.getValue() + "/" + table;
        if (DemoTimetable.class.getResource(path) != null) {
          files.put(table, StandIns.bundled(path));
        }
      }
      bundled.put(folder.getKey(), files);
      editions.put(folder.getKey(), 1);
      innerZips.put(folder.getKey(), innerZip(folder.getKey()));
    }
    pack();
  }

  /** The GTFS modes (folder numbers) the feed holds. */
  synchronized List<Integer> modes() {
    return List.copyOf(editions.keySet());
  }

  /** The trips of {@code mode}'s current edition; none for a mode the feed does not hold. */
  synchronized List<Trip> trips(int mode) {
    return trips.getOrDefault(mode, List.of());
  }

  /** The zip as served now, with its ETag and when it was published. */
  synchronized Published current() {
    return new Published(zip, etag, published);
  }

  /** A published zip: its bytes (not to be changed), its ETag, when it was published. */
  record Published(byte[] zip, String etag, Instant at) {}

  /** How many rows each table of {@code mode} has in the current zip, by file name. */
  synchronized Map<String, Integer> rows(int mode) {
    Map<String, Integer> rows = new TreeMap<>();
    bundled.get(mode).forEach((name, bytes) -> rows.put(name, lines(bytes)));
    List<Trip> modeTrips = trips(mode);
    if (!modeTrips.isEmpty()) {
      rows.put("trips.txt", modeTrips.size());
      rows.put("stop_times.txt", modeTrips.size() * STOPS_PER_TRIP);
    }
    return rows;
  }

  /** Publishes the next edition of {@code mode}'s timetable at {@code at}: one more trip each. */
  synchronized void newEdition(int mode, Instant at) {
    if (!editions.containsKey(mode)) {
      throw new IllegalArgumentException(
          "the demo's GTFS feed has modes " + editions.keySet() + ", not mode " + mode);
    }
    editions.merge(mode, 1, Integer::sum);
    innerZips.put(mode, innerZip(mode));
    published = at;
    pack();
  }

  private void pack() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream outer = new ZipOutputStream(bytes)) {
      for (Map.Entry<Integer, byte[]> inner : innerZips.entrySet()) {
        outer.putNextEntry(entry(inner.getKey() + "/google_transit.zip"));
        outer.write(inner.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the demo's gtfs.zip", e);
    }
    zip = bytes.toByteArray();
    etag = "\"" + sha256(zip).substring(0, 16) + "\"";
  }

  private byte[] innerZip(int mode) {
    Map<String, byte[]> files = new LinkedHashMap<>(bundled.get(mode));
    List<Trip> modeTrips = makeTrips(mode, editions.get(mode));
    trips.put(mode, modeTrips);
    if (!modeTrips.isEmpty()) {
      StringBuilder tripRows = new StringBuilder();
      StringBuilder timeRows = new StringBuilder();
      for (Trip trip : modeTrips) {
        tripRows.append(
            csvLine(
                trip.routeId(),
                trip.serviceId(),
                trip.id(),
                "Demo trip",
                Integer.toString(trip.directionId())));
        for (int s = 0; s < trip.stops().size(); s++) {
          String time = time(trip.departure() + s * 180);
          timeRows.append(
              csvLine(trip.id(), time, time, trip.stops().get(s).id(), Integer.toString(s + 1)));
        }
      }
      files.put(
          "trips.txt",
          table("route_id,service_id,trip_id,trip_headsign,direction_id", tripRows.toString()));
      files.put(
          "stop_times.txt",
          table("trip_id,arrival_time,departure_time,stop_id,stop_sequence", timeRows.toString()));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        zip.putNextEntry(entry(file.getKey()));
        zip.write(file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the demo's mode " + mode + " feed", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Trip {@code <mode>/<service>/<route index>-<n>} for each route, service running from {@link
   * #PERIOD} on, and n up to the edition; its stops spread over the mode's stops and platforms.
   */
  private List<Trip> makeTrips(int mode, int edition) {
    Map<String, byte[]> files = bundled.get(mode);
    if (!files.containsKey("stops.txt") || !files.containsKey("calendar.txt")) {
      return List.of();
    }
    StandIns.Csv routes = csv(mode, "routes.txt");
    StandIns.Csv calendar = csv(mode, "calendar.txt");
    StandIns.Csv stopsCsv = csv(mode, "stops.txt");
    List<String> services = new ArrayList<>();
    String from = PERIOD.format(DateTimeFormatter.BASIC_ISO_DATE);
    for (List<String> row : calendar.rows()) {
      if (calendar.value(row, "end_date").compareTo(from) >= 0) {
        services.add(calendar.value(row, "service_id"));
      }
    }
    List<Stop> stops = new ArrayList<>();
    for (List<String> row : stopsCsv.rows()) {
      String type = stopsCsv.value(row, "location_type");
      if (type.isEmpty() || type.equals("0")) {
        stops.add(
            new Stop(
                stopsCsv.value(row, "stop_id"),
                Double.parseDouble(stopsCsv.value(row, "stop_lat")),
                Double.parseDouble(stopsCsv.value(row, "stop_lon"))));
      }
    }
    List<Trip> made = new ArrayList<>();
    for (int r = 0; r < routes.rows().size(); r++) {
      String routeId = routes.value(routes.rows().get(r), "route_id");
      for (int s = 0; s < services.size(); s++) {
        for (int n = 1; n <= edition; n++) {
          List<Stop> calls = new ArrayList<>();
          for (int k = 0; k < STOPS_PER_TRIP; k++) {
            calls.add(stops.get((r * 37 + s * 11 + n * 5 + k * 13) % stops.size()));
          }
          int departure = 5 * 3600 + ((r * 7 + s * 3 + n * 30) % 1080) * 60;
          String id = mode + "/" + services.get(s) + "/" + r + "-" + n;
          made.add(
              new Trip(id, routeId, services.get(s), (r + n) % 2, List.copyOf(calls), departure));
        }
      }
    }
    return List.copyOf(made);
  }

  private StandIns.Csv csv(int mode, String table) {
    return StandIns.csv(EXTRACT + FOLDERS.get(mode) + "/" + table);
  }

  /** A table as Transport Victoria writes them: a byte-order mark, CRLF, every field quoted. */
  private static byte[] table(String header, String rows) {
    return ("\uFEFF" + header + "\r\n" + rows).getBytes(StandardCharsets.UTF_8);
  }

  private static String csvLine(String... values) {
    return "\"" + String.join("\",\"", values) + "\"\r\n";
  }

  private static int lines(byte[] csv) {
    return (int)
        new String(csv, StandardCharsets.UTF_8)
            .lines()
            .skip(1)
            .filter(line -> !line.isBlank())
            .count();
  }

  static String time(int seconds) {
    return String.format(
        Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  }

  private static ZipEntry entry(String name) {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(ENTRY_TIME);
    return entry;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}

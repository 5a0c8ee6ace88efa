package dev.flinders.orchestration.benchmarks;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a synthetic GTFS schedule of Transport Victoria's shape: an outer zip of {@code
 * <mode>/google_transit.zip} for the eight modes, each a whole feed (agency, stops, routes,
 * calendar, calendar dates, shapes, trips, stop times) whose ids refer to each other as a real
 * feed's do, written as Transport Victoria writes its files (a BOM, CRLF, every field quoted) and
 * with times past 24:00:00. Stop times are spread over the modes by {@link Mode#share}: bus about
 * 60 %, as in the real feed (the shares are our estimate, not counted from it). Entries are in
 * alphabetical order, which puts {@code stop_times.txt} before the {@code stops.txt} and {@code
 * trips.txt} it refers to: the reader's worst order.
 *
 * <p>The same rows and seed give the same bytes (entry times are fixed), so an inner feed written
 * again with its seed has the same CRC; another seed for one mode changes only that mode.
 */
public final class SyntheticGtfsFeed {
  /**
   * One mode's part of the feed.
   *
   * @param share its fraction of the feed's stop times
   * @param stops how many stops it has
   * @param routes how many routes
   * @param stopsPerTrip the mean length of a trip in stops
   * @param shapePoints the points of each of a route's shapes (four per route: two patterns, each
   *     in both directions) in a feed of {@link #FULL_SIZE} stop times; a smaller feed has fewer
   * @param routeTypes the route types its routes take, in turn
   */
  record Mode(
      int number,
      double share,
      int stops,
      int routes,
      int stopsPerTrip,
      int shapePoints,
      int... routeTypes) {}

  /** Transport Victoria's modes, with our estimate of each one's part of the timetable. */
  static final List<Mode> VICTORIA =
      List.of(
          new Mode(1, 0.020, 620, 24, 14, 2600, 2), // V/Line
          new Mode(2, 0.080, 2040, 35, 16, 1800, 400), // metro train
          new Mode(3, 0.150, 1640, 24, 42, 1500, 0), // metro tram
          new Mode(4, 0.620, 18200, 730, 30, 1000, 3, 3, 701), // metro bus
          new Mode(5, 0.010, 420, 16, 12, 3000, 3), // regional coach
          new Mode(6, 0.110, 9100, 400, 24, 1000, 3), // regional bus
          new Mode(10, 0.003, 110, 4, 12, 4000, 2), // interstate
          new Mode(11, 0.007, 30, 4, 6, 600, 3)); // SkyBus

  /**
   * The stop times of a feed the real one's size: about 263 MiB zipped, with shapes as given by
   * {@link Mode#shapePoints}.
   */
  static final long FULL_SIZE = 14_000_000;

  private static final int SERVICES = 48;
  private static final long ENTRY_TIME = 1_765_500_000_000L; // 2025-12-12

  private SyntheticGtfsFeed() {}

  /** What was written for one mode: its inner zip and the rows of each of its tables. */
  record InnerFeed(int mode, Path zip, Map<String, Long> rows) {
    long stopTimes() {
      return rows.getOrDefault("stop_times.txt", 0L);
    }
  }

  /**
   * Writes the inner zip of each mode to {@code directory} ({@code <mode>.zip}), two at a time,
   * with {@code stopTimes} stop times over all modes and the seed {@code seed + mode} for each
   * mode.
   */
  static List<InnerFeed> innerFeeds(Path directory, long stopTimes, long seed) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<InnerFeed>> written = new ArrayList<>();
      for (Mode mode : VICTORIA) {
        written.add(
            pool.submit(
                () -> innerFeed(directory, mode.number(), stopTimes, seed + mode.number())));
      }
      List<InnerFeed> feeds = new ArrayList<>();
      for (Future<InnerFeed> feed : written) {
        feeds.add(feed.get());
      }
      return feeds;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Writes the inner zip of {@code mode} to {@code directory} ({@code <mode>.zip}): its share of
   * {@code stopTimes}, from {@code seed}.
   */
  static InnerFeed innerFeed(Path directory, int mode, long stopTimes, long seed)
      throws IOException {
    Mode shape =
        VICTORIA.stream()
            .filter(candidate -> candidate.number() == mode)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no mode " + mode));
    Files.createDirectories(directory);
    long rows = Math.max(1, Math.round(stopTimes * shape.share()));
    long shapePoints =
        Math.max(
            2, Math.round(shape.shapePoints() * Math.min(1.0, (double) stopTimes / FULL_SIZE)));
    return writeInner(directory.resolve(mode + ".zip"), new Tables(shape, rows, shapePoints, seed));
  }

  /** The outer zip: {@code <mode>/google_transit.zip} for each feed, and a readme. */
  static Path outer(Path zip, List<InnerFeed> feeds) throws IOException {
    try (ZipOutputStream out =
        new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(zip), 1 << 16))) {
      out.setLevel(Deflater.BEST_SPEED); // the inner zips hardly compress further
      out.putNextEntry(entry("README.txt"));
      out.write("Synthetic GTFS schedule, one folder per mode".getBytes(StandardCharsets.UTF_8));
      for (InnerFeed feed : feeds) {
        out.putNextEntry(entry(feed.mode() + "/"));
        out.putNextEntry(entry(feed.mode() + "/google_transit.zip"));
        try (InputStream in = Files.newInputStream(feed.zip())) {
          in.transferTo(out);
        }
      }
    }
    return zip;
  }

  private static InnerFeed writeInner(Path zip, Tables tables) throws IOException {
    Map<String, Long> rows = new LinkedHashMap<>();
    try (ZipOutputStream out =
        new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(zip), 1 << 16))) {
      // alphabetical, as zip tools list a folder
      rows.put("agency.txt", table(out, "agency.txt", tables::agency));
      rows.put("calendar.txt", table(out, "calendar.txt", tables::calendar));
      rows.put("calendar_dates.txt", table(out, "calendar_dates.txt", tables::calendarDates));
      rows.put("routes.txt", table(out, "routes.txt", tables::routes));
      rows.put("shapes.txt", table(out, "shapes.txt", tables::shapes));
      rows.put("stop_times.txt", table(out, "stop_times.txt", tables::stopTimes));
      rows.put("stops.txt", table(out, "stops.txt", tables::stops));
      rows.put("trips.txt", table(out, "trips.txt", tables::trips));
    }
    return new InnerFeed(tables.mode.number(), zip, rows);
  }

  @FunctionalInterface
  private interface TableWriter {
    long write(Csv csv) throws IOException;
  }

  private static long table(ZipOutputStream out, String name, TableWriter writer)
      throws IOException {
    out.putNextEntry(entry(name));
    Csv csv = new Csv(out);
    long rows = writer.write(csv);
    csv.flush();
    out.closeEntry();
    return rows;
  }

  private static ZipEntry entry(String name) {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(ENTRY_TIME);
    return entry;
  }

  /**
   * The tables of one mode. Trips are made in a fixed order from the seed, so that {@code
   * trips.txt} and {@code stop_times.txt}, written apart, agree: the trip's route, service, shape
   * and length come from a generator of its own seeded by the trip's number.
   */
  private static final class Tables {
    private final Mode mode;
    private final long stopTimes;
    private final long shapePoints;
    private final long seed;
    private final String prefix;

    Tables(Mode mode, long stopTimes, long shapePoints, long seed) {
      this.mode = mode;
      this.stopTimes = stopTimes;
      this.shapePoints = shapePoints;
      this.seed = seed;
      this.prefix = Integer.toString(mode.number());
    }

    long agency(Csv csv) throws IOException {
      csv.header(false, "agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang");
      csv.row(
          prefix,
          "Synthetic operator " + prefix,
          "https://example.org/",
          "Australia/Melbourne",
          "EN");
      return 1;
    }

    long calendar(Csv csv) throws IOException {
      csv.header(
          true,
          "service_id",
          "monday",
          "tuesday",
          "wednesday",
          "thursday",
          "friday",
          "saturday",
          "sunday",
          "start_date",
          "end_date");
      for (int s = 0; s < SERVICES; s++) {
        String weekdays = s % 3 == 0 ? "1" : "0";
        String weekend = s % 3 == 0 ? "0" : "1";
        csv.row(
            service(s),
            weekdays,
            weekdays,
            weekdays,
            weekdays,
            weekdays,
            weekend,
            weekend,
            "20251212",
            "20260331");
      }
      return SERVICES;
    }

    long calendarDates(Csv csv) throws IOException {
      csv.header(true, "service_id", "date", "exception_type");
      SplittableRandom random = new SplittableRandom(seed ^ 0xCA1);
      long rows = 0;
      for (int s = 0; s < SERVICES; s++) {
        for (int d = 0; d < 8; d++) {
          csv.row(service(s), "202512" + (13 + d), random.nextInt(3) == 0 ? "1" : "2");
          rows++;
        }
      }
      return rows;
    }

    long routes(Csv csv) throws IOException {
      csv.header(
          true,
          "route_id",
          "agency_id",
          "route_short_name",
          "route_long_name",
          "route_type",
          "route_color",
          "route_text_color");
      for (int r = 0; r < mode.routes(); r++) {
        csv.row(
            route(r),
            prefix,
            Integer.toString(100 + r),
            "Somewhere - Elsewhere via Route " + r,
            Integer.toString(mode.routeTypes()[r % mode.routeTypes().length]),
            String.format(Locale.ROOT, "%06X", (r * 2_654_435_761L) & 0xFFFFFF),
            "FFFFFF");
      }
      return mode.routes();
    }

    long shapes(Csv csv) throws IOException {
      csv.header(
          true,
          "shape_id",
          "shape_pt_lat",
          "shape_pt_lon",
          "shape_pt_sequence",
          "shape_dist_traveled");
      SplittableRandom random = new SplittableRandom(seed ^ 0x5A9E);
      long rows = 0;
      for (int r = 0; r < mode.routes(); r++) {
        for (int variant = 0; variant < 4; variant++) {
          String shape = shape(r, variant);
          double lat = -37.6 - random.nextDouble() * 0.6;
          double lon = 144.6 + random.nextDouble() * 0.8;
          double distance = 0;
          for (int p = 1; p <= shapePoints; p++) {
            double dLat = (random.nextDouble() - 0.5) * 0.0006;
            double dLon = (random.nextDouble() - 0.5) * 0.0006;
            lat += dLat;
            lon += dLon;
            distance += Math.hypot(dLat, dLon) * 111_000;
            csv.row(
                shape, decimal(lat, 6), decimal(lon, 6), Integer.toString(p), decimal(distance, 2));
            rows++;
          }
        }
      }
      return rows;
    }

    long stops(Csv csv) throws IOException {
      csv.header(
          true,
          "stop_id",
          "stop_code",
          "stop_name",
          "stop_lat",
          "stop_lon",
          "location_type",
          "parent_station",
          "wheelchair_boarding",
          "platform_code");
      SplittableRandom random = new SplittableRandom(seed ^ 0x5709);
      for (int s = 0; s < mode.stops(); s++) {
        csv.row(
            stop(s),
            Integer.toString(s + 1),
            "Stop " + s + " Road/Street " + (s % 97),
            decimal(-37.5 - random.nextDouble(), 6),
            decimal(144.4 + random.nextDouble() * 1.2, 6),
            "0",
            "",
            Integer.toString(random.nextInt(3)),
            "");
      }
      return mode.stops();
    }

    long trips(Csv csv) throws IOException {
      csv.header(
          true,
          "route_id",
          "service_id",
          "trip_id",
          "shape_id",
          "trip_headsign",
          "direction_id",
          "block_id",
          "wheelchair_accessible");
      return eachTrip(
          (trip, route, service, direction, length, random) ->
              csv.row(
                  route(route),
                  service(service),
                  trip(trip, route, direction),
                  shape(route, direction + 2 * (trip % 2)),
                  direction == 0 ? "City" : "Suburbs",
                  Integer.toString(direction),
                  "",
                  "1"));
    }

    long stopTimes(Csv csv) throws IOException {
      csv.header(
          true,
          "trip_id",
          "arrival_time",
          "departure_time",
          "stop_id",
          "stop_sequence",
          "stop_headsign",
          "pickup_type",
          "drop_off_type",
          "shape_dist_traveled");
      long[] rows = {0};
      eachTrip(
          (trip, route, service, direction, length, random) -> {
            String id = trip(trip, route, direction);
            int seconds = 4 * 3600 + random.nextInt(21 * 3600); // some run past 24:00:00
            int stop = random.nextInt(mode.stops());
            double distance = 0;
            for (int sequence = 1; sequence <= length; sequence++) {
              String time = time(seconds);
              csv.row(
                  id,
                  time,
                  time,
                  stop(stop),
                  Integer.toString(sequence),
                  "",
                  sequence == length ? "1" : "0",
                  sequence == 1 ? "1" : "0",
                  decimal(distance, 2));
              seconds += 45 + random.nextInt(150);
              stop = (stop + 1 + random.nextInt(3)) % mode.stops();
              distance += 250 + random.nextInt(900);
            }
            rows[0] += length;
          });
      return rows[0];
    }

    @FunctionalInterface
    private interface TripVisitor {
      void trip(
          int trip, int route, int service, int direction, int length, SplittableRandom random)
          throws IOException;
    }

    /**
     * Visits the trips, in order, until their lengths add up to the mode's stop times; returns how
     * many there were.
     */
    private long eachTrip(TripVisitor visitor) throws IOException {
      long remaining = stopTimes;
      int trip = 0;
      while (remaining > 0) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + trip);
        int length =
            (int)
                Math.min(
                    remaining,
                    Math.max(2, mode.stopsPerTrip() / 2 + random.nextInt(mode.stopsPerTrip() + 1)));
        int route = random.nextInt(mode.routes());
        int service = random.nextInt(SERVICES);
        int direction = random.nextInt(2);
        visitor.trip(trip, route, service, direction, length, random);
        remaining -= length;
        trip++;
      }
      return trip;
    }

    private String route(int route) {
      return "aus:vic:vic-" + prefix + "-" + (100 + route) + ":";
    }

    private String service(int service) {
      return "T" + prefix + "_" + service;
    }

    /** Variants 0 and 1: the main pattern out and back; 2 and 3: a short working. */
    private String shape(int route, int variant) {
      return prefix
          + "-"
          + (100 + route)
          + "-mjp-"
          + (variant / 2 + 1)
          + "."
          + (variant % 2 + 1)
          + (variant % 2 == 0 ? ".H" : ".R");
    }

    private String trip(int trip, int route, int direction) {
      return prefix
          + "-"
          + (100 + route)
          + "-mjp-"
          + (direction + 1)
          + "."
          + trip
          + (direction == 0 ? ".H" : ".R");
    }

    private String stop(int stop) {
      return Integer.toString(mode.number() * 100_000 + stop);
    }
  }

  private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

  /** {@code value} with {@code places} decimals, as {@code %.nf} writes it (without its cost). */
  static String decimal(double value, int places) {
    long scaled = Math.round(Math.abs(value) * POWERS[places]);
    String fraction = Long.toString(POWERS[places] + scaled % POWERS[places]).substring(1);
    String whole = Long.toString(scaled / POWERS[places]);
    return (Double.doubleToRawLongBits(value) < 0 ? "-" : "") + whole + "." + fraction;
  }

  /** {@code H:MM:SS} with two-digit hours, as Transport Victoria writes times. */
  static String time(int seconds) {
    int hours = seconds / 3600;
    int minutes = seconds / 60 % 60;
    int secs = seconds % 60;
    char[] text = {
      (char) ('0' + hours / 10),
      (char) ('0' + hours % 10),
      ':',
      (char) ('0' + minutes / 10),
      (char) ('0' + minutes % 10),
      ':',
      (char) ('0' + secs / 10),
      (char) ('0' + secs % 10)
    };
    return new String(text);
  }

  /** A CSV table as Transport Victoria writes one: every field quoted, CRLF. */
  private static final class Csv {
    private final Writer out;

    Csv(OutputStream zip) {
      this.out =
          new BufferedWriter(
              new OutputStreamWriter(new Unclosed(zip), StandardCharsets.UTF_8), 1 << 16);
    }

    void header(boolean bom, String... names) throws IOException {
      if (bom) {
        out.write('\uFEFF');
      }
      row(names);
    }

    void row(String... values) throws IOException {
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write('"');
        out.write(values[i]);
        out.write('"');
      }
      out.write("\r\n");
    }

    void flush() {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The zip stream, which a table's writer must not close. */
  private static final class Unclosed extends FilterOutputStream {
    Unclosed(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() {}
  }
}

package dev.flinders.orchestration.examples.victoria;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.flinders.orchestration.http.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-process stand-ins for every source of the Victorian pipeline, on one local HTTP server, so
 * that it runs offline on the bundled real data: Data.vic's CKAN API ({@link LocalDataVic}: the
 * annual station entries and the monthly patronage as datastore pages, the catalog), Transport
 * Victoria's {@code gtfs.zip} (the December 2025 extract in the nested layout, see {@link
 * DemoTimetable}; with an ETag, Last-Modified and 304s to conditional requests), its GTFS Realtime
 * gateway ({@link RealtimeGateway}: feeds built from that schedule, key checked) and the PTV
 * Timetable API ({@link LocalPtv}: signatures checked, the bundled disruptions).
 *
 * <pre>{@code
 * try (LocalVictoria local = LocalVictoria.start(Clock.systemUTC())) {
 *   VictorianPipeline victoria = VictorianPipeline.builder(local.endpoints()).build();
 *   …
 *   local.publishTimetable(3);   // Transport Victoria publishes a new tram timetable
 * }
 * }</pre>
 *
 * <p>The keys it wants are its own demo values, handed over in {@link #endpoints()}. Thread-safe.
 */
public final class LocalVictoria implements AutoCloseable {
  private static final String GTFS_PATH = "/gtfs-schedule/gtfs.zip";
  private static final String REALTIME_KEY = "demo-realtime-key-4b1f";
  private static final String PTV_DEVID = "3000999";
  private static final String PTV_KEY = "0d4a6b8c-demo-4c3b-9e71-2f6c1b9e5a8d";
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final HttpServer server;
  private final LocalDataVic dataVic;
  private final DemoTimetable timetable = new DemoTimetable();
  private final InstantSource clock;
  private final AtomicInteger requests = new AtomicInteger();

  private LocalVictoria(InstantSource clock) throws IOException {
    this.clock = clock;
    this.server = StandIns.server();
    this.dataVic = new LocalDataVic(server, false);
    byte[] disruptions = StandIns.bundled("/ptv-timetable/disruptions.json");
    JsonNode parsed;
    try {
      parsed = new ObjectMapper().readTree(disruptions);
    } catch (IOException e) {
      throw new UncheckedIOException("the bundled /ptv-timetable/disruptions.json is not JSON", e);
    }
    server.createContext(GTFS_PATH, counted(this::gtfs));
    server.createContext(
        RealtimeGateway.PATH, counted(new RealtimeGateway(timetable, parsed, clock, REALTIME_KEY)));
    server.createContext(LocalPtv.PREFIX, counted(new LocalPtv(PTV_DEVID, PTV_KEY, disruptions)));
  }

  /**
   * Starts the stand-ins on a free local port; {@code clock} dates the realtime feeds and new
   * editions (the demo's simulated calendar).
   */
  public static LocalVictoria start(InstantSource clock) throws IOException {
    LocalVictoria local = new LocalVictoria(clock);
    local.server.start();
    return local;
  }

  /** The stand-ins' URLs and the keys they accept. */
  public Endpoints endpoints() {
    String address = StandIns.address(server);
    return new Endpoints(
        "local stand-ins at " + address,
        dataVic.baseUrl(),
        address + GTFS_PATH,
        address + RealtimeGateway.PATH,
        address + LocalPtv.PREFIX,
        Secret.of(REALTIME_KEY),
        Secret.of(PTV_DEVID),
        Secret.of(PTV_KEY),
        List.of());
  }

  /** The stand-in for Data.vic, to publish new editions of its resources. */
  public LocalDataVic dataVic() {
    return dataVic;
  }

  /**
   * Transport Victoria publishes a new timetable of GTFS mode {@code mode} (2 metro train, 3 tram,
   * 4 bus): one more trip for each route and service; the inner feeds of the other modes stay as
   * they were, byte for byte.
   */
  public void publishTimetable(int mode) {
    timetable.newEdition(mode, clock.instant());
  }

  /** How many rows each table of GTFS mode {@code mode} has in the zip served now. */
  public Map<String, Integer> timetableRows(int mode) {
    return timetable.rows(mode);
  }

  /** How many trips each snapshot of a realtime mode's trip updates holds ({@code metro}, …). */
  public int runningTrips(String realtimeMode) {
    return Math.min(
        RealtimeGateway.RUNNING, timetable.trips(RealtimeGateway.gtfsMode(realtimeMode)).size());
  }

  /** How many requests the stand-ins have answered. */
  public int requests() {
    return requests.get() + dataVic.requests();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private HttpHandler counted(HttpHandler handler) {
    return exchange -> {
      requests.incrementAndGet();
      handler.handle(exchange);
    };
  }

  /** The zip with its validators; 304 to a request whose If-None-Match names the current one. */
  private void gtfs(HttpExchange exchange) throws IOException {
    DemoTimetable.Published published = timetable.current();
    exchange.getResponseHeaders().set("ETag", published.etag());
    exchange.getResponseHeaders().set("Last-Modified", HTTP_DATE.format(published.at()));
    if (published.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
      StandIns.respond(exchange, 304, "application/zip", new byte[0]);
    } else {
      StandIns.respond(exchange, 200, "application/zip", published.zip());
    }
  }
}

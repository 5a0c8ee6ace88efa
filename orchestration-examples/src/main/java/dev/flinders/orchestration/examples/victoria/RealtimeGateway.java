package dev.flinders.orchestration.examples.victoria;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for Transport Victoria's GTFS Realtime gateway: {@code <base>/<mode>/trip-updates},
 * {@code …/vehicle-positions} and, for metro and tram, {@code …/service-alerts}, as protobuf {@code
 * FeedMessage}s, for a request that sends the key in header {@code KeyId} (else HTTP 403 {@code
 * {"message":"Invalid key"}}, as the gateway answers).
 *
 * <p>Each feed is built at the request from the demo's GTFS schedule ({@link DemoTimetable}) and
 * the clock: its header time stamp is the clock's time cut to 30 seconds (the gateway caches for 30
 * s, so two fetches within the same half minute get the same snapshot), and {@value #RUNNING} of
 * the mode's scheduled trips, chosen by that time, run with delays, at the coordinates of their
 * real stops. Metro is mode 2 of the schedule, tram 3, bus 4 and V/Line 1; the bundled extract has
 * trips for metro and tram only, so the bus and V/Line feeds are valid but empty. Service alerts
 * are the metro train and metro tram disruptions of the bundled PTV answer. Thread-safe.
 */
final class RealtimeGateway implements HttpHandler {
  /** The path of the feeds, as on the real gateway. */
  static final String PATH = "/opendata/public-transport/gtfs/realtime/v1";

  /** How many trips run in each snapshot of a mode with a schedule. */
  static final int RUNNING = 6;

  /** How many stop-time updates each running trip has. */
  static final int UPDATES_PER_TRIP = 3;

  private static final Map<String, Integer> GTFS_MODES =
      Map.of("metro", 2, "tram", 3, "bus", 4, "vline", 1);
  private static final Map<String, String> DISRUPTION_GROUPS =
      Map.of("metro", "metro_train", "tram", "metro_tram");
  private static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  private final DemoTimetable timetable;
  private final JsonNode disruptions;
  private final InstantSource clock;
  private final String key;

  RealtimeGateway(DemoTimetable timetable, JsonNode disruptions, InstantSource clock, String key) {
    this.timetable = timetable;
    this.disruptions = disruptions;
    this.clock = clock;
    this.key = key;
  }

  /** The mode of the GTFS schedule whose trips a realtime mode's feeds name. */
  static int gtfsMode(String realtimeMode) {
    Integer mode = GTFS_MODES.get(realtimeMode);
    if (mode == null) {
      throw new IllegalArgumentException(
          "realtime mode " + realtimeMode + " is not one of " + GTFS_MODES.keySet());
    }
    return mode;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!key.equals(exchange.getRequestHeaders().getFirst("KeyId"))) {
      StandIns.respondJson(exchange, 403, "{\"message\":\"Invalid key\"}");
      return;
    }
    String[] path = exchange.getRequestURI().getPath().substring(PATH.length() + 1).split("/");
    byte[] feed =
        path.length == 2 && GTFS_MODES.containsKey(path[0]) ? feed(path[0], path[1]) : null;
    if (feed == null) {
      StandIns.respondJson(exchange, 404, "{\"message\":\"no such feed\"}");
      return;
    }
    StandIns.respond(exchange, 200, "application/x-protobuf", feed);
  }

  private byte[] feed(String mode, String feed) {
    long now = clock.instant().getEpochSecond() / 30 * 30;
    ProtoWriter message =
        new ProtoWriter()
            .message(1, new ProtoWriter().string(1, "2.0").enumValue(2, 0).uint64(3, now));
    switch (feed) {
      case "trip-updates" ->
          running(mode, now).forEach(trip -> message.message(2, tripUpdate(trip, now)));
      case "vehicle-positions" ->
          running(mode, now).forEach(trip -> message.message(2, vehiclePosition(trip, now)));
      case "service-alerts" -> {
        String group = DISRUPTION_GROUPS.get(mode);
        if (group == null) {
          return null;
        }
        disruptions.path("disruptions").path(group).forEach(d -> message.message(2, alert(d)));
      }
      default -> {
        return null;
      }
    }
    return message.toByteArray();
  }

  /**
   * The trips running at {@code now}: the {@value #RUNNING} of the mode's that left their first
   * stop last before the time of day (the day's last ones, before the first departure of the day).
   */
  private List<RunningTrip> running(String mode, long now) {
    List<DemoTimetable.Trip> trips = new ArrayList<>(timetable.trips(gtfsMode(mode)));
    if (trips.isEmpty()) {
      return List.of();
    }
    trips.sort(Comparator.comparingInt(DemoTimetable.Trip::departure));
    int timeOfDay = Instant.ofEpochSecond(now).atZone(MELBOURNE).toLocalTime().toSecondOfDay();
    int departed = 0;
    while (departed < trips.size() && trips.get(departed).departure() <= timeOfDay) {
      departed++;
    }
    long slot = now / 30;
    List<RunningTrip> running = new ArrayList<>();
    for (int i = 1; i <= Math.min(RUNNING, trips.size()); i++) {
      DemoTimetable.Trip trip = trips.get(Math.floorMod(departed - i, trips.size()));
      int delay = (int) ((slot + i) % 5) * 60 - 60;
      running.add(new RunningTrip(trip, delay, "V" + (100 + i)));
    }
    return running;
  }

  private record RunningTrip(DemoTimetable.Trip trip, int delay, String vehicle) {}

  private static ProtoWriter tripDescriptor(DemoTimetable.Trip trip, long now) {
    return new ProtoWriter()
        .string(1, trip.id())
        .string(2, DemoTimetable.time(trip.departure()))
        .string(
            3,
            Instant.ofEpochSecond(now)
                .atZone(MELBOURNE)
                .toLocalDate()
                .format(DateTimeFormatter.BASIC_ISO_DATE))
        .enumValue(4, 0)
        .string(5, trip.routeId())
        .uint32(6, trip.directionId());
  }

  private static ProtoWriter tripUpdate(RunningTrip running, long now) {
    ProtoWriter update =
        new ProtoWriter()
            .message(1, tripDescriptor(running.trip(), now))
            .message(3, new ProtoWriter().string(1, running.vehicle()))
            .uint64(4, now - 5)
            .int32(5, running.delay());
    List<DemoTimetable.Stop> stops = running.trip().stops();
    for (int s = 0; s < UPDATES_PER_TRIP; s++) {
      long arrival = now + (s + 1) * 180L + running.delay();
      update.message(
          2,
          new ProtoWriter()
              .uint32(1, s + 1)
              .message(2, new ProtoWriter().int32(1, running.delay()).int64(2, arrival))
              .message(3, new ProtoWriter().int32(1, running.delay()).int64(2, arrival + 30))
              .string(4, stops.get(s).id()));
    }
    return new ProtoWriter().string(1, "trip-" + running.trip().id()).message(3, update);
  }

  private static ProtoWriter vehiclePosition(RunningTrip running, long now) {
    DemoTimetable.Stop stop = running.trip().stops().get(0);
    ProtoWriter vehicle =
        new ProtoWriter()
            .message(1, tripDescriptor(running.trip(), now))
            .message(
                2,
                new ProtoWriter()
                    .floatValue(1, (float) stop.latitude())
                    .floatValue(2, (float) stop.longitude())
                    .floatValue(3, (float) (now / 30 % 360)))
            .uint32(3, 1)
            .enumValue(4, 1) // STOPPED_AT
            .uint64(5, now - 3)
            .string(7, stop.id())
            .message(8, new ProtoWriter().string(1, running.vehicle()));
    return new ProtoWriter().string(1, "vehicle-" + running.vehicle()).message(4, vehicle);
  }

  /** A GTFS Realtime alert from one PTV disruption: texts, period, routes and stops. */
  private static ProtoWriter alert(JsonNode disruption) {
    ProtoWriter alert = new ProtoWriter();
    ProtoWriter period = new ProtoWriter().uint64(1, epoch(disruption.path("from_date")));
    if (disruption.hasNonNull("to_date")) {
      period.uint64(2, epoch(disruption.path("to_date")));
    }
    alert.message(1, period);
    for (JsonNode route : disruption.path("routes")) {
      ProtoWriter selector = new ProtoWriter().string(2, route.path("route_gtfs_id").asText());
      if (route.path("direction").hasNonNull("direction_id")) {
        selector.uint32(6, route.path("direction").path("direction_id").asInt());
      }
      alert.message(5, selector);
    }
    for (JsonNode stop : disruption.path("stops")) {
      alert.message(5, new ProtoWriter().string(5, stop.path("stop_id").asText()));
    }
    String type = disruption.path("disruption_type").asText();
    alert
        .enumValue(6, type.equals("Planned Works") ? 9 : 1) // MAINTENANCE, else UNKNOWN_CAUSE
        .enumValue(
            7,
            switch (type) {
              case "Planned Works" -> 6; // MODIFIED_SERVICE
              case "Minor Delays", "Major Delays" -> 3; // SIGNIFICANT_DELAYS
              case "Service Change" -> 4; // DETOUR
              default -> 7; // OTHER_EFFECT
            })
        .message(8, text(disruption.path("url").asText()))
        .message(10, text(disruption.path("title").asText()))
        .message(11, text(disruption.path("description").asText()))
        .enumValue(14, disruption.path("display_on_board").asBoolean() ? 3 : 2); // WARNING, INFO
    return new ProtoWriter()
        .string(1, "alert-" + disruption.path("disruption_id").asText())
        .message(5, alert);
  }

  private static ProtoWriter text(String text) {
    return new ProtoWriter().message(1, new ProtoWriter().string(1, text).string(2, "en"));
  }

  private static long epoch(JsonNode time) {
    return Instant.parse(time.asText()).getEpochSecond();
  }
}

package dev.flinders.orchestration.ptv.timetable;

import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Copies the stops of every route into {@link PtvTimetable#STOPS}: {@code /v3/routes} (of some
 * route types, or all), then {@code /v3/stops/route/{route_id}/route_type/{route_type}} for each
 * route, one row per route and stop. The rows are held until the last route is read (tens of
 * thousands for the whole network, a few MiB), so that an answer identical to the last delivery
 * ends UNCHANGED and a failure at any route commits nothing ({@link Delivery}). Immutable and
 * thread-safe.
 */
final class StopsSource implements Task {
  private final PtvClient client;
  private final List<Integer> routeTypes;

  StopsSource(PtvClient client, List<Integer> routeTypes) {
    this.client = client;
    this.routeTypes = List.copyOf(routeTypes);
  }

  @Override
  public Outcome run(ComponentContext context) {
    List<PtvRoute> routes = client.routes(context.http(), routeTypes);
    Delivery delivery = new Delivery(toString(), PtvTimetable.STOPS);
    int read = 0;
    int skipped = 0;
    for (PtvRoute route : routes) {
      context.throwIfCancelled();
      if (route.routeId() == null || route.routeType() == null) {
        skipped++;
        continue;
      }
      for (PtvStop stop : client.stopsOnRoute(context.http(), route.routeId(), route.routeType())) {
        delivery.row(
            PtvTimetable.STOPS,
            route.routeType(),
            route.routeId(),
            stop.stopId(),
            stop.stopName(),
            stop.stopSuburb(),
            stop.stopLatitude(),
            stop.stopLongitude(),
            stop.stopSequence(),
            stop.stopLandmark());
      }
      read++;
    }
    int rows = delivery.rows(PtvTimetable.STOPS);
    String what =
        rows
            + (rows == 1 ? " stop" : " stops")
            + " on "
            + read
            + (read == 1 ? " route" : " routes");
    Optional<String> unchanged = delivery.unchanged(context, what);
    if (unchanged.isPresent()) {
      return Outcome.unchanged(unchanged.get());
    }
    delivery.write(context);
    Outcome.Builder outcome =
        Outcome.builder()
            .records(rows)
            .output(PtvTimetable.STOPS.name())
            .metric("routes", read)
            .note(what);
    if (skipped > 0) {
      outcome.note(
          skipped
              + (skipped == 1 ? " route of /v3/routes has" : " routes of /v3/routes have")
              + " no route_id or route_type, so their stops cannot be asked for");
    }
    return outcome.build();
  }

  /** What it asks PTV first, e.g. {@code GET /v3/routes?route_types=0, then the stops of each}. */
  @Override
  public String toString() {
    List<String> query = new ArrayList<>();
    routeTypes.forEach(type -> query.add("route_types=" + type));
    return "GET /v3/routes"
        + (query.isEmpty() ? "" : "?" + String.join("&", query))
        + ", then /v3/stops/route/{route_id}/route_type/{route_type} of each";
  }
}

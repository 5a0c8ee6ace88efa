package dev.flinders.orchestration.ptv.timetable;

import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Copies {@code /v3/routes} into {@link PtvTimetable#ROUTES}. One request per run; an answer that
 * holds what the last delivery held ends UNCHANGED. The digest leaves out {@code
 * route_service_status.timestamp}, the time PTV stamped the status with, which moves while nothing
 * else does. Immutable and thread-safe.
 */
final class RoutesSource implements Task {
  private final PtvClient client;
  private final List<Integer> routeTypes;

  RoutesSource(PtvClient client, List<Integer> routeTypes) {
    this.client = client;
    this.routeTypes = List.copyOf(routeTypes);
  }

  @Override
  public Outcome run(ComponentContext context) {
    List<PtvRoute> routes = client.routes(context.http(), routeTypes);
    Delivery delivery = new Delivery(toString(), PtvTimetable.ROUTES);
    for (PtvRoute route : routes) {
      delivery.rowDigestingFirst(
          6, // all but route_service_status_time
          PtvTimetable.ROUTES,
          route.routeType(),
          route.routeId(),
          route.routeName(),
          route.routeNumber(),
          route.routeGtfsId(),
          route.serviceStatus(),
          route.serviceStatusTime());
    }
    String what = routes.size() + (routes.size() == 1 ? " route" : " routes");
    Optional<String> unchanged = delivery.unchanged(context, what);
    if (unchanged.isPresent()) {
      return Outcome.unchanged(unchanged.get());
    }
    delivery.write(context);
    return Outcome.builder()
        .records(routes.size())
        .output(PtvTimetable.ROUTES.name())
        .note(what)
        .build();
  }

  /** What it asks PTV, e.g. {@code GET /v3/routes?route_types=0}. */
  @Override
  public String toString() {
    List<String> query = new ArrayList<>();
    routeTypes.forEach(type -> query.add("route_types=" + type));
    return "GET /v3/routes" + (query.isEmpty() ? "" : "?" + String.join("&", query));
  }
}

package dev.flinders.orchestration.ptv.timetable;

import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Copies {@code /v3/disruptions} into {@link PtvTimetable#DISRUPTIONS} (one row per disruption and
 * mode group), {@link PtvTimetable#DISRUPTION_ROUTES} and {@link PtvTimetable#DISRUPTION_STOPS}.
 * One request per run; an answer that holds what the last delivery held ends UNCHANGED ({@link
 * Delivery}). Immutable and thread-safe.
 */
final class DisruptionsSource implements Task {
  private final PtvClient client;
  private final List<Integer> routeTypes;
  private final @Nullable DisruptionStatus status;

  DisruptionsSource(PtvClient client, List<Integer> routeTypes, @Nullable DisruptionStatus status) {
    this.client = client;
    this.routeTypes = List.copyOf(routeTypes);
    this.status = status;
  }

  @Override
  public Outcome run(ComponentContext context) {
    List<PtvDisruption> disruptions = client.disruptions(context.http(), routeTypes, status);
    Delivery delivery =
        new Delivery(
            toString(),
            PtvTimetable.DISRUPTIONS,
            PtvTimetable.DISRUPTION_ROUTES,
            PtvTimetable.DISRUPTION_STOPS);
    Map<String, Integer> groups = new LinkedHashMap<>();
    for (PtvDisruption d : disruptions) {
      groups.merge(d.modeGroup(), 1, Integer::sum);
      delivery.row(
          PtvTimetable.DISRUPTIONS,
          d.disruptionId(),
          d.modeGroup(),
          d.title(),
          d.description(),
          d.url(),
          d.status(),
          d.type(),
          d.publishedOn(),
          d.lastUpdated(),
          d.fromDate(),
          d.toDate(),
          d.colour(),
          d.displayOnBoard(),
          d.displayStatus());
      for (PtvDisruptionRoute r : d.routes()) {
        delivery.row(
            PtvTimetable.DISRUPTION_ROUTES,
            d.disruptionId(),
            d.modeGroup(),
            r.routeType(),
            r.routeId(),
            r.routeName(),
            r.routeNumber(),
            r.routeGtfsId(),
            r.directionId(),
            r.directionName(),
            r.routeDirectionId(),
            r.serviceTime());
      }
      for (PtvDisruptionStop s : d.stops()) {
        delivery.row(
            PtvTimetable.DISRUPTION_STOPS,
            d.disruptionId(),
            d.modeGroup(),
            s.stopId(),
            s.stopName());
      }
    }
    int routes = delivery.rows(PtvTimetable.DISRUPTION_ROUTES);
    int stops = delivery.rows(PtvTimetable.DISRUPTION_STOPS);
    String what =
        disruptions.size()
            + (disruptions.size() == 1 ? " disruption" : " disruptions")
            + (groups.isEmpty()
                ? ""
                : " ("
                    + groups.entrySet().stream()
                        .map(group -> group.getKey() + " " + group.getValue())
                        .collect(Collectors.joining(", "))
                    + ")")
            + ", "
            + routes
            + " affected routes, "
            + stops
            + " affected stops";
    Optional<String> unchanged = delivery.unchanged(context, what);
    if (unchanged.isPresent()) {
      return Outcome.unchanged(unchanged.get());
    }
    delivery.write(context);
    return Outcome.builder()
        .records(disruptions.size())
        .output(PtvTimetable.DISRUPTIONS.name())
        .output(PtvTimetable.DISRUPTION_ROUTES.name())
        .output(PtvTimetable.DISRUPTION_STOPS.name())
        .metric("disruptions", disruptions.size())
        .metric("disruption_routes", routes)
        .metric("disruption_stops", stops)
        .note(what)
        .build();
  }

  /** What it asks PTV, e.g. {@code GET /v3/disruptions?route_types=0&disruption_status=current}. */
  @Override
  public String toString() {
    List<String> query = new ArrayList<>();
    routeTypes.forEach(type -> query.add("route_types=" + type));
    if (status != null) {
      query.add("disruption_status=" + status.wireValue());
    }
    return "GET /v3/disruptions" + (query.isEmpty() ? "" : "?" + String.join("&", query));
  }
}

package dev.flinders.orchestration.ptv.timetable;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.quality.Rule;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * PTV Timetable API sources ready to drop into a pipeline: the disruptions (with the routes and
 * stops each affects), the routes, and the stops of every route, so that a dashboard can join
 * disruptions to routes and stops. Each factory returns a {@link Component.Builder} with its task,
 * schedule, timeout and retries set; change any of them before {@code build()}.
 *
 * <pre>{@code
 * PtvClient ptv = PtvClient.fromEnvironment();   // PTV_DEVID, PTV_API_KEY
 * Pipeline pipeline = Pipeline.builder("victorian-transport")
 *     .component(PtvTimetable.disruptions(ptv).build())
 *     .component(PtvTimetable.routes(ptv).build())
 *     .component(PtvTimetable.stops(ptv).build())
 *     .build();
 * }</pre>
 *
 * <p>Each component asks PTV every time it is due and compares the answer with its last delivery (a
 * SHA-256 of the rows, kept in the component's state): the same content ends UNCHANGED and writes
 * nothing; a forced run writes whatever it finds. See docs/sources/ptv-timetable.md.
 */
public final class PtvTimetable {
  /** The zone schedules are read in. */
  public static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  /** Route type of metropolitan trains. */
  public static final int TRAIN = 0;

  /** Route type of trams. */
  public static final int TRAM = 1;

  /** Route type of buses (metropolitan, regional, SkyBus). */
  public static final int BUS = 2;

  /** Route type of V/Line trains and coaches. */
  public static final int VLINE = 3;

  /** Route type of Night Bus. */
  public static final int NIGHT_BUS = 4;

  /**
   * {@code ptv_disruptions}: one row per disruption and mode group; a row without its {@code
   * disruption_id} or repeated in its group is quarantined.
   */
  public static final DatasetSpec DISRUPTIONS =
      DatasetSpec.builder(
              "ptv_disruptions",
              DatasetSchema.builder()
                  .optional("disruption_id", ColumnType.LONG)
                  .optional("mode_group", ColumnType.STRING)
                  .optional("title", ColumnType.STRING)
                  .optional("description", ColumnType.STRING)
                  .optional("url", ColumnType.STRING)
                  .optional("disruption_status", ColumnType.STRING)
                  .optional("disruption_type", ColumnType.STRING)
                  .optional("published_on", ColumnType.TIMESTAMP)
                  .optional("last_updated", ColumnType.TIMESTAMP)
                  .optional("from_date", ColumnType.TIMESTAMP)
                  .optional("to_date", ColumnType.TIMESTAMP)
                  .optional("colour", ColumnType.STRING)
                  .optional("display_on_board", ColumnType.BOOLEAN)
                  .optional("display_status", ColumnType.BOOLEAN)
                  .build())
          .rule(Rule.notNull("disruption_id", "mode_group"))
          .rule(Rule.unique("disruption_id", "mode_group"))
          .build();

  /**
   * {@code ptv_disruption_routes}: one row per route a disruption (in one mode group) affects, with
   * the direction when it affects only one; joins {@link #DISRUPTIONS} on {@code disruption_id} and
   * {@code mode_group}, and {@link #ROUTES} on {@code route_id}.
   */
  public static final DatasetSpec DISRUPTION_ROUTES =
      DatasetSpec.builder(
              "ptv_disruption_routes",
              DatasetSchema.builder()
                  .optional("disruption_id", ColumnType.LONG)
                  .optional("mode_group", ColumnType.STRING)
                  .optional("route_type", ColumnType.INT)
                  .optional("route_id", ColumnType.INT)
                  .optional("route_name", ColumnType.STRING)
                  .optional("route_number", ColumnType.STRING)
                  .optional("route_gtfs_id", ColumnType.STRING)
                  .optional("direction_id", ColumnType.INT)
                  .optional("direction_name", ColumnType.STRING)
                  .optional("route_direction_id", ColumnType.INT)
                  .optional("service_time", ColumnType.STRING)
                  .build())
          .rule(Rule.notNull("disruption_id", "mode_group", "route_id"))
          .build();

  /**
   * {@code ptv_disruption_stops}: one row per stop a disruption (in one mode group) affects; joins
   * {@link #DISRUPTIONS} on {@code disruption_id} and {@code mode_group}, and {@link #STOPS} on
   * {@code stop_id}.
   */
  public static final DatasetSpec DISRUPTION_STOPS =
      DatasetSpec.builder(
              "ptv_disruption_stops",
              DatasetSchema.builder()
                  .optional("disruption_id", ColumnType.LONG)
                  .optional("mode_group", ColumnType.STRING)
                  .optional("stop_id", ColumnType.INT)
                  .optional("stop_name", ColumnType.STRING)
                  .build())
          .rule(Rule.notNull("disruption_id", "mode_group", "stop_id"))
          .build();

  /**
   * {@code ptv_routes}: one row per route; a row without its route type or id, or repeated, is
   * quarantined.
   */
  public static final DatasetSpec ROUTES =
      DatasetSpec.builder(
              "ptv_routes",
              DatasetSchema.builder()
                  .optional("route_type", ColumnType.INT)
                  .optional("route_id", ColumnType.INT)
                  .optional("route_name", ColumnType.STRING)
                  .optional("route_number", ColumnType.STRING)
                  .optional("route_gtfs_id", ColumnType.STRING)
                  .optional("route_service_status", ColumnType.STRING)
                  .optional("route_service_status_time", ColumnType.TIMESTAMP)
                  .build())
          .rule(Rule.notNull("route_type", "route_id"))
          .rule(Rule.unique("route_type", "route_id"))
          .build();

  /**
   * {@code ptv_stops}: one row per route and stop; a row without its keys, repeated, or with
   * coordinates outside Australia (swapped, or zero) is quarantined.
   */
  public static final DatasetSpec STOPS =
      DatasetSpec.builder(
              "ptv_stops",
              DatasetSchema.builder()
                  .optional("route_type", ColumnType.INT)
                  .optional("route_id", ColumnType.INT)
                  .optional("stop_id", ColumnType.INT)
                  .optional("stop_name", ColumnType.STRING)
                  .optional("stop_suburb", ColumnType.STRING)
                  .optional("stop_latitude", ColumnType.DOUBLE)
                  .optional("stop_longitude", ColumnType.DOUBLE)
                  .optional("stop_sequence", ColumnType.INT)
                  .optional("stop_landmark", ColumnType.STRING)
                  .build())
          .rule(Rule.notNull("route_type", "route_id", "stop_id"))
          .rule(Rule.unique("route_type", "route_id", "stop_id"))
          .rule(Rule.range("stop_latitude", -44.0, -10.0))
          .rule(Rule.range("stop_longitude", 112.0, 154.0))
          .build();

  private PtvTimetable() {}

  /** {@link #disruptions(PtvClient)} with {@link PtvClient#fromEnvironment()}. */
  public static Component.Builder disruptions() {
    return disruptions(PtvClient.fromEnvironment());
  }

  /** {@link #disruptions(PtvClient, DisruptionStatus, int...)} of every status and route type. */
  public static Component.Builder disruptions(PtvClient client) {
    return disruptions(client, null);
  }

  /**
   * Component {@code ptv-disruptions}: {@code /v3/disruptions} into {@link #DISRUPTIONS}, {@link
   * #DISRUPTION_ROUTES} and {@link #DISRUPTION_STOPS}, every 15 minutes, 2 minutes timeout, 3
   * attempts from 10 s.
   *
   * @param status only current or planned disruptions; all when null
   * @param routeTypes only disruptions of these route types ({@link #TRAIN}, {@link #TRAM}, …); all
   *     when none
   */
  public static Component.Builder disruptions(
      PtvClient client, @Nullable DisruptionStatus status, int... routeTypes) {
    return Component.builder("ptv-disruptions")
        .task(
            new DisruptionsSource(
                Objects.requireNonNull(client, "client"), routeTypes(routeTypes), status))
        .schedule(Schedule.every(Duration.ofMinutes(15)))
        .timeout(Duration.ofMinutes(2))
        .retry(RetryPolicy.exponential(3, Duration.ofSeconds(10)))
        .tags("ptv", "disruptions");
  }

  /** {@link #routes(PtvClient, int...)} with {@link PtvClient#fromEnvironment()}. */
  public static Component.Builder routes() {
    return routes(PtvClient.fromEnvironment());
  }

  /**
   * Component {@code ptv-routes}: {@code /v3/routes} into {@link #ROUTES}, daily at 05:00 Melbourne
   * time, 5 minutes timeout, 3 attempts from 10 s.
   *
   * @param routeTypes only routes of these route types; all when none
   */
  public static Component.Builder routes(PtvClient client, int... routeTypes) {
    return Component.builder("ptv-routes")
        .task(new RoutesSource(Objects.requireNonNull(client, "client"), routeTypes(routeTypes)))
        .schedule(Schedule.daily().at(5, 0).in(MELBOURNE))
        .timeout(Duration.ofMinutes(5))
        .retry(RetryPolicy.exponential(3, Duration.ofSeconds(10)))
        .tags("ptv", "reference");
  }

  /** {@link #stops(PtvClient, int...)} with {@link PtvClient#fromEnvironment()}. */
  public static Component.Builder stops() {
    return stops(PtvClient.fromEnvironment());
  }

  /**
   * Component {@code ptv-stops}: the stops of every route of {@code /v3/routes} (one request per
   * route, several hundred for the whole network) into {@link #STOPS}, weekly on Monday at 05:30
   * Melbourne time, 30 minutes timeout, 3 attempts from 30 s.
   *
   * @param routeTypes only the routes of these route types; all when none
   */
  public static Component.Builder stops(PtvClient client, int... routeTypes) {
    return Component.builder("ptv-stops")
        .task(new StopsSource(Objects.requireNonNull(client, "client"), routeTypes(routeTypes)))
        .schedule(Schedule.weekly().on(DayOfWeek.MONDAY).at(5, 30).in(MELBOURNE))
        .timeout(Duration.ofMinutes(30))
        .retry(RetryPolicy.exponential(3, Duration.ofSeconds(30)))
        .tags("ptv", "reference");
  }

  private static List<Integer> routeTypes(int... routeTypes) {
    List<Integer> list = new ArrayList<>();
    for (int routeType : routeTypes) {
      if (routeType < 0) {
        throw new IllegalArgumentException(
            "a route type is 0 or more (0 train, 1 tram, 2 bus, 3 V/Line, 4 Night Bus); it was "
                + routeType);
      }
      if (!list.contains(routeType)) {
        list.add(routeType);
      }
    }
    return list;
  }
}

package dev.flinders.orchestration.ptv.timetable;

import org.jspecify.annotations.Nullable;

/**
 * A route a {@link PtvDisruption} affects, with the direction when the disruption affects only one.
 * Every field may be missing from PTV's answer, and is then null. Immutable.
 *
 * @param routeType {@code route_type}: 0 train, 1 tram, 2 bus, 3 V/Line, 4 Night Bus
 * @param routeId {@code route_id}
 * @param routeName {@code route_name}
 * @param routeNumber {@code route_number}, as shown to the public; empty for trains
 * @param routeGtfsId {@code route_gtfs_id}, the GTFS schedule's {@code route_id}, e.g. {@code
 *     2-BEL}
 * @param directionId {@code direction.direction_id}
 * @param directionName {@code direction.direction_name}
 * @param routeDirectionId {@code direction.route_direction_id}
 * @param serviceTime {@code direction.service_time}, a local time {@code HH:MM:SS} of the one
 *     service affected, or null
 */
public record PtvDisruptionRoute(
    @Nullable Integer routeType,
    @Nullable Integer routeId,
    @Nullable String routeName,
    @Nullable String routeNumber,
    @Nullable String routeGtfsId,
    @Nullable Integer directionId,
    @Nullable String directionName,
    @Nullable Integer routeDirectionId,
    @Nullable String serviceTime) {}

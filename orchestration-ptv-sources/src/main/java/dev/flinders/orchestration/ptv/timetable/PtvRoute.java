package dev.flinders.orchestration.ptv.timetable;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One route of {@code /v3/routes}. Every field may be missing from PTV's answer, and is then null.
 * Immutable.
 *
 * @param routeType {@code route_type}: 0 train, 1 tram, 2 bus, 3 V/Line, 4 Night Bus
 * @param routeId {@code route_id}
 * @param routeName {@code route_name}
 * @param routeNumber {@code route_number}, as shown to the public; empty for trains
 * @param routeGtfsId {@code route_gtfs_id}, the GTFS schedule's {@code route_id}, e.g. {@code
 *     4-765}
 * @param serviceStatus {@code route_service_status.description}, e.g. {@code Good Service}
 * @param serviceStatusTime {@code route_service_status.timestamp}
 */
public record PtvRoute(
    @Nullable Integer routeType,
    @Nullable Integer routeId,
    @Nullable String routeName,
    @Nullable String routeNumber,
    @Nullable String routeGtfsId,
    @Nullable String serviceStatus,
    @Nullable Instant serviceStatusTime) {}

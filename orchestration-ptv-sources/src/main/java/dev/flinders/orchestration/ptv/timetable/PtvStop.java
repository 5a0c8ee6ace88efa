package dev.flinders.orchestration.ptv.timetable;

import org.jspecify.annotations.Nullable;

/**
 * One stop of {@code /v3/stops/route/{route_id}/route_type/{route_type}}. Every field may be
 * missing from PTV's answer, and is then null. Immutable.
 *
 * @param routeType {@code route_type}
 * @param stopId {@code stop_id}
 * @param stopName {@code stop_name}, as sent
 * @param stopSuburb {@code stop_suburb}
 * @param stopLatitude {@code stop_latitude}
 * @param stopLongitude {@code stop_longitude}
 * @param stopSequence {@code stop_sequence}, as sent (these requests name no direction of travel)
 * @param stopLandmark {@code stop_landmark}
 */
public record PtvStop(
    @Nullable Integer routeType,
    @Nullable Integer stopId,
    @Nullable String stopName,
    @Nullable String stopSuburb,
    @Nullable Double stopLatitude,
    @Nullable Double stopLongitude,
    @Nullable Integer stopSequence,
    @Nullable String stopLandmark) {}

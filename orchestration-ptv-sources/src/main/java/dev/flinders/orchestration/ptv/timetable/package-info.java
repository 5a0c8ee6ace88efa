/**
 * PTV Timetable API v3 sources: {@link dev.flinders.orchestration.ptv.timetable.PtvClient}, a
 * client that signs every request (developer id and HMAC-SHA1 signature, both secrets) and reads
 * disruptions, routes and stops through the component's HTTP client; and {@link
 * dev.flinders.orchestration.ptv.timetable.PtvTimetable}, ready-made components writing the
 * datasets {@code ptv_disruptions}, {@code ptv_disruption_routes}, {@code ptv_disruption_stops},
 * {@code ptv_routes} and {@code ptv_stops}. See docs/sources/ptv-timetable.md.
 */
@NullMarked
package dev.flinders.orchestration.ptv.timetable;

import org.jspecify.annotations.NullMarked;

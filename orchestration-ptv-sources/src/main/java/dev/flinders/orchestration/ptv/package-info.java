/**
 * Victorian public-transport sources for Flinders: Data.vic CKAN datasets, GTFS schedule, GTFS
 * Realtime and the PTV Timetable API.
 *
 * <p>Data.vic is in {@link dev.flinders.orchestration.ptv.datavic}; GTFS and the PTV API follow.
 */
@NullMarked
package dev.flinders.orchestration.ptv;

import org.jspecify.annotations.NullMarked;

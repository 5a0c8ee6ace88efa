/**
 * Victorian public-transport sources for Flinders: Data.vic CKAN datasets, GTFS schedule, GTFS
 * Realtime and the PTV Timetable API.
 *
 * <p>The sources arrive with issues 5 and later; until then the module holds no classes.
 */
@NullMarked
package dev.flinders.orchestration.ptv;

import org.jspecify.annotations.NullMarked;

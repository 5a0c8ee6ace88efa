/**
 * Victorian public-transport sources for Flinders. Today: Data.vic's CKAN datasets, in {@link
 * dev.flinders.orchestration.ptv.datavic}. The GTFS schedule, GTFS Realtime and the PTV Timetable
 * API are planned and not in this module yet.
 */
@NullMarked
package dev.flinders.orchestration.ptv;

import org.jspecify.annotations.NullMarked;

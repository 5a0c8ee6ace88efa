/**
 * Victorian public-transport sources for Flinders: Data.vic's CKAN datasets in {@link
 * dev.flinders.orchestration.ptv.datavic}, the GTFS schedule in {@link
 * dev.flinders.orchestration.ptv.gtfs}. GTFS Realtime and the PTV Timetable API are planned and not
 * in this module yet.
 */
@NullMarked
package dev.flinders.orchestration.ptv;

import org.jspecify.annotations.NullMarked;

/**
 * Victorian public-transport sources for Flinders: Data.vic's CKAN datasets in {@link
 * dev.flinders.orchestration.ptv.datavic}, the GTFS schedule in {@link
 * dev.flinders.orchestration.ptv.gtfs}, GTFS Realtime in {@link
 * dev.flinders.orchestration.ptv.realtime}, the PTV Timetable API in {@link
 * dev.flinders.orchestration.ptv.timetable}.
 */
@NullMarked
package dev.flinders.orchestration.ptv;

import org.jspecify.annotations.NullMarked;

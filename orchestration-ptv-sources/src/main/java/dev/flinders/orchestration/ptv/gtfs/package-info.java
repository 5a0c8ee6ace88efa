/**
 * GTFS schedule sources: the Transport Victoria feed, any GTFS feed, a local GTFS zip; the tables
 * of the GTFS reference as partitioned datasets; incremental ingestion by mode. Start at {@link
 * dev.flinders.orchestration.ptv.gtfs.Gtfs}. See docs/sources/gtfs.md.
 */
@NullMarked
package dev.flinders.orchestration.ptv.gtfs;

import org.jspecify.annotations.NullMarked;

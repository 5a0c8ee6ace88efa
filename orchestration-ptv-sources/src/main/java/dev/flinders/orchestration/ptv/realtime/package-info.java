/**
 * GTFS Realtime: trip updates, vehicle positions and service alerts of the Victorian feeds (or any
 * GTFS Realtime URL), appended as snapshots to datasets compacted by the hour. Start at {@link
 * dev.flinders.orchestration.ptv.realtime.GtfsRealtime}; see docs/sources/gtfs-realtime.md.
 */
@NullMarked
package dev.flinders.orchestration.ptv.realtime;

import org.jspecify.annotations.NullMarked;

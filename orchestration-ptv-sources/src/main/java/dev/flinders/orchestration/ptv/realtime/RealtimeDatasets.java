package dev.flinders.orchestration.ptv.realtime;

import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;

/**
 * The schemas of the three GTFS Realtime datasets. Every row starts with the feed's mode, the fetch
 * time, the feed header's time stamp and the entity's id; enums are their names as the reference
 * spells them ({@code SCHEDULED}, {@code STOPPED_AT}); times are UTC instants.
 */
final class RealtimeDatasets {
  private RealtimeDatasets() {}

  static final DatasetSchema TRIP_UPDATES =
      tripAndVehicle()
          .optional("trip_delay", ColumnType.INT)
          .optional("stop_sequence", ColumnType.LONG)
          .optional("stop_id", ColumnType.STRING)
          .optional("arrival_delay", ColumnType.INT)
          .optional("arrival_time", ColumnType.TIMESTAMP)
          .optional("arrival_uncertainty", ColumnType.INT)
          .optional("departure_delay", ColumnType.INT)
          .optional("departure_time", ColumnType.TIMESTAMP)
          .optional("departure_uncertainty", ColumnType.INT)
          .optional("stop_schedule_relationship", ColumnType.STRING)
          .build();

  static final DatasetSchema VEHICLE_POSITIONS =
      tripAndVehicle()
          .optional("license_plate", ColumnType.STRING)
          .optional("latitude", ColumnType.DOUBLE)
          .optional("longitude", ColumnType.DOUBLE)
          .optional("bearing", ColumnType.DOUBLE)
          .optional("odometer", ColumnType.DOUBLE)
          .optional("speed", ColumnType.DOUBLE)
          .optional("current_stop_sequence", ColumnType.LONG)
          .optional("stop_id", ColumnType.STRING)
          .optional("current_status", ColumnType.STRING)
          .optional("congestion_level", ColumnType.STRING)
          .optional("occupancy_status", ColumnType.STRING)
          .optional("occupancy_percentage", ColumnType.LONG)
          .build();

  static final DatasetSchema ALERTS =
      common()
          .optional("active_start", ColumnType.TIMESTAMP)
          .optional("active_end", ColumnType.TIMESTAMP)
          .optional("cause", ColumnType.STRING)
          .optional("effect", ColumnType.STRING)
          .optional("severity", ColumnType.STRING)
          .optional("language", ColumnType.STRING)
          .optional("header_text", ColumnType.STRING)
          .optional("description_text", ColumnType.STRING)
          .optional("url", ColumnType.STRING)
          .optional("agency_id", ColumnType.STRING)
          .optional("route_id", ColumnType.STRING)
          .optional("route_type", ColumnType.INT)
          .optional("stop_id", ColumnType.STRING)
          .optional("trip_id", ColumnType.STRING)
          .optional("direction_id", ColumnType.INT)
          .build();

  /** The common columns, the entity's time stamp, its trip and its vehicle's id and label. */
  private static DatasetSchema.Builder tripAndVehicle() {
    return common()
        .optional("entity_timestamp", ColumnType.TIMESTAMP)
        .optional("trip_id", ColumnType.STRING)
        .optional("route_id", ColumnType.STRING)
        .optional("direction_id", ColumnType.INT)
        .optional("start_date", ColumnType.DATE)
        .optional("start_time", ColumnType.STRING)
        .optional("trip_schedule_relationship", ColumnType.STRING)
        .optional("vehicle_id", ColumnType.STRING)
        .optional("vehicle_label", ColumnType.STRING);
  }

  private static DatasetSchema.Builder common() {
    return DatasetSchema.builder()
        .required("mode", ColumnType.STRING)
        .required("fetched_at", ColumnType.TIMESTAMP)
        .optional("header_timestamp", ColumnType.TIMESTAMP)
        .required("entity_id", ColumnType.STRING);
  }
}

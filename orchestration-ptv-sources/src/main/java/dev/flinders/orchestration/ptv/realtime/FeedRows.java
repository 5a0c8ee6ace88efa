package dev.flinders.orchestration.ptv.realtime;

import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.Alert;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.EntitySelector;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.FeedEntity;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.TimeRange;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.TranslatedString;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.TripDescriptor;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.TripUpdate;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.VehicleDescriptor;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.VehiclePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The rows of a feed's entities, as text in the order of {@link RealtimeDatasets}' schemas (the
 * dataset writer converts them, and quarantines a row whose value does not convert, such as a start
 * date that is not {@code YYYYMMDD}). Absent fields are null, never the protobuf default.
 */
final class FeedRows {
  private final String mode;
  private final String fetchedAt;
  private final @Nullable String headerTimestamp;
  private final String language;

  /**
   * @param language the language whose translation of an alert's texts to keep ({@code en}); the
   *     untagged translation, else the first, when the alert has none in it
   */
  FeedRows(String mode, Instant fetchedAt, @Nullable Long headerTimestamp, String language) {
    this.mode = mode;
    this.fetchedAt = fetchedAt.toString();
    this.headerTimestamp = headerTimestamp == null ? null : instant(headerTimestamp);
    this.language = language;
  }

  /** One row per stop-time update, or one with the stop columns empty if it has none. */
  void tripUpdate(FeedEntity entity, Consumer<String[]> rows) {
    TripUpdate update = entity.getTripUpdate();
    List<String> trip =
        tripAndVehicle(
            entity,
            update.hasTimestamp() ? update.getTimestamp() : null,
            update.getTrip(),
            update.hasVehicle() ? update.getVehicle() : null);
    trip.add(update.hasDelay() ? Integer.toString(update.getDelay()) : null);
    if (update.getStopTimeUpdateCount() == 0) {
      List<String> row = new ArrayList<>(trip);
      for (int i = 0; i < 9; i++) {
        row.add(null);
      }
      rows.accept(row.toArray(String[]::new));
      return;
    }
    for (TripUpdate.StopTimeUpdate stop : update.getStopTimeUpdateList()) {
      List<String> row = new ArrayList<>(trip);
      row.add(stop.hasStopSequence() ? Integer.toUnsignedString(stop.getStopSequence()) : null);
      row.add(stop.hasStopId() ? stop.getStopId() : null);
      event(stop.hasArrival() ? stop.getArrival() : null, row);
      event(stop.hasDeparture() ? stop.getDeparture() : null, row);
      row.add(stop.hasScheduleRelationship() ? stop.getScheduleRelationship().name() : null);
      rows.accept(row.toArray(String[]::new));
    }
  }

  /** One row per vehicle position. */
  void vehiclePosition(FeedEntity entity, Consumer<String[]> rows) {
    VehiclePosition position = entity.getVehicle();
    VehicleDescriptor vehicle = position.hasVehicle() ? position.getVehicle() : null;
    List<String> row =
        tripAndVehicle(
            entity,
            position.hasTimestamp() ? position.getTimestamp() : null,
            position.hasTrip() ? position.getTrip() : null,
            vehicle);
    row.add(vehicle != null && vehicle.hasLicensePlate() ? vehicle.getLicensePlate() : null);
    if (position.hasPosition()) {
      var where = position.getPosition();
      row.add(Float.toString(where.getLatitude()));
      row.add(Float.toString(where.getLongitude()));
      row.add(where.hasBearing() ? Float.toString(where.getBearing()) : null);
      row.add(where.hasOdometer() ? Double.toString(where.getOdometer()) : null);
      row.add(where.hasSpeed() ? Float.toString(where.getSpeed()) : null);
    } else {
      for (int i = 0; i < 5; i++) {
        row.add(null);
      }
    }
    row.add(
        position.hasCurrentStopSequence()
            ? Integer.toUnsignedString(position.getCurrentStopSequence())
            : null);
    row.add(position.hasStopId() ? position.getStopId() : null);
    row.add(position.hasCurrentStatus() ? position.getCurrentStatus().name() : null);
    row.add(position.hasCongestionLevel() ? position.getCongestionLevel().name() : null);
    row.add(position.hasOccupancyStatus() ? position.getOccupancyStatus().name() : null);
    row.add(
        position.hasOccupancyPercentage()
            ? Integer.toUnsignedString(position.getOccupancyPercentage())
            : null);
    rows.accept(row.toArray(String[]::new));
  }

  /** One row per informed entity, or one with those columns empty if it names none. */
  void alert(FeedEntity entity, Consumer<String[]> rows) {
    Alert alert = entity.getAlert();
    List<String> common = new ArrayList<>(Arrays.asList(common(entity)));
    common.add(activeStart(alert));
    common.add(activeEnd(alert));
    common.add(alert.hasCause() ? alert.getCause().name() : null);
    common.add(alert.hasEffect() ? alert.getEffect().name() : null);
    common.add(alert.hasSeverityLevel() ? alert.getSeverityLevel().name() : null);
    TranslatedString.Translation header = translation(alert.getHeaderText());
    TranslatedString.Translation description = translation(alert.getDescriptionText());
    TranslatedString.Translation url = translation(alert.getUrl());
    TranslatedString.Translation shown = header != null ? header : description;
    common.add(shown != null && shown.hasLanguage() ? shown.getLanguage() : null);
    common.add(header == null ? null : header.getText());
    common.add(description == null ? null : description.getText());
    common.add(url == null ? null : url.getText());
    if (alert.getInformedEntityCount() == 0) {
      List<String> row = new ArrayList<>(common);
      for (int i = 0; i < 6; i++) {
        row.add(null);
      }
      rows.accept(row.toArray(String[]::new));
      return;
    }
    for (EntitySelector informed : alert.getInformedEntityList()) {
      List<String> row = new ArrayList<>(common);
      row.add(informed.hasAgencyId() ? informed.getAgencyId() : null);
      row.add(informed.hasRouteId() ? informed.getRouteId() : null);
      row.add(informed.hasRouteType() ? Integer.toString(informed.getRouteType()) : null);
      row.add(informed.hasStopId() ? informed.getStopId() : null);
      row.add(
          informed.hasTrip() && informed.getTrip().hasTripId()
              ? informed.getTrip().getTripId()
              : null);
      row.add(
          informed.hasDirectionId() ? Integer.toUnsignedString(informed.getDirectionId()) : null);
      rows.accept(row.toArray(String[]::new));
    }
  }

  private String[] common(FeedEntity entity) {
    return new String[] {mode, fetchedAt, headerTimestamp, entity.getId()};
  }

  /** The common columns, the entity's time stamp, its trip's and its vehicle's id and label. */
  private List<String> tripAndVehicle(
      FeedEntity entity,
      @Nullable Long timestamp,
      @Nullable TripDescriptor trip,
      @Nullable VehicleDescriptor vehicle) {
    List<String> row = new ArrayList<>(Arrays.asList(common(entity)));
    row.add(timestamp == null ? null : instant(timestamp));
    row.add(trip != null && trip.hasTripId() ? trip.getTripId() : null);
    row.add(trip != null && trip.hasRouteId() ? trip.getRouteId() : null);
    row.add(
        trip != null && trip.hasDirectionId()
            ? Integer.toUnsignedString(trip.getDirectionId())
            : null);
    row.add(trip != null && trip.hasStartDate() ? trip.getStartDate() : null);
    row.add(trip != null && trip.hasStartTime() ? trip.getStartTime() : null);
    row.add(
        trip != null && trip.hasScheduleRelationship()
            ? trip.getScheduleRelationship().name()
            : null);
    row.add(vehicle != null && vehicle.hasId() ? vehicle.getId() : null);
    row.add(vehicle != null && vehicle.hasLabel() ? vehicle.getLabel() : null);
    return row;
  }

  private static void event(TripUpdate.@Nullable StopTimeEvent event, List<String> row) {
    row.add(event != null && event.hasDelay() ? Integer.toString(event.getDelay()) : null);
    row.add(event != null && event.hasTime() ? signedInstant(event.getTime()) : null);
    row.add(
        event != null && event.hasUncertainty() ? Integer.toString(event.getUncertainty()) : null);
  }

  /** The earliest start of the active periods; none if there are none or one has no start. */
  private static @Nullable String activeStart(Alert alert) {
    Long earliest = null;
    for (TimeRange period : alert.getActivePeriodList()) {
      if (!period.hasStart()) {
        return null;
      }
      earliest = earliest == null ? period.getStart() : Math.min(earliest, period.getStart());
    }
    return earliest == null ? null : instant(earliest);
  }

  /** The latest end of the active periods; none if there are none or one has no end. */
  private static @Nullable String activeEnd(Alert alert) {
    Long latest = null;
    for (TimeRange period : alert.getActivePeriodList()) {
      if (!period.hasEnd()) {
        return null;
      }
      latest = latest == null ? period.getEnd() : Math.max(latest, period.getEnd());
    }
    return latest == null ? null : instant(latest);
  }

  private TranslatedString.@Nullable Translation translation(TranslatedString text) {
    TranslatedString.Translation untagged = null;
    for (TranslatedString.Translation translation : text.getTranslationList()) {
      if (translation.hasLanguage() && translation.getLanguage().equalsIgnoreCase(language)) {
        return translation;
      }
      if (untagged == null && !translation.hasLanguage()) {
        untagged = translation;
      }
    }
    if (untagged != null) {
      return untagged;
    }
    return text.getTranslationCount() == 0 ? null : text.getTranslation(0);
  }

  /** As {@link #instant(long)}, for a signed field (a stop-time event's {@code int64} time). */
  static String signedInstant(long seconds) {
    return seconds < 0 ? Long.toString(seconds) : instant(seconds);
  }

  /**
   * POSIX seconds as an ISO instant, or the number itself if no instant has it (the writer then
   * quarantines the row, naming the column). GTFS Realtime times are unsigned.
   */
  static String instant(long seconds) {
    if (seconds < 0 || seconds > Instant.MAX.getEpochSecond()) {
      return Long.toUnsignedString(seconds);
    }
    return Instant.ofEpochSecond(seconds).toString();
  }
}

package dev.flinders.orchestration.ptv.realtime;

import com.google.protobuf.TextFormat;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.FeedEntity;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.FeedHeader;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.FeedMessage;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.Position;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.TripDescriptor;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.TripUpdate;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.VehicleDescriptor;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.VehiclePosition;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/** Feed messages for the tests: the specification's samples and Victorian-like feeds in code. */
final class Feeds {
  private Feeds() {}

  /** A text-format sample of the test resources, as the binary a server sends. */
  static byte[] sample(String name) throws IOException {
    try (InputStream in = Feeds.class.getResourceAsStream("/gtfs-rt/" + name)) {
      if (name.endsWith(".pb")) {
        return in.readAllBytes();
      }
      FeedMessage.Builder feed = FeedMessage.newBuilder();
      try (Reader text = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        TextFormat.merge(text, feed);
      }
      return feed.build().toByteArray();
    }
  }

  static FeedHeader header(long timestamp) {
    return FeedHeader.newBuilder().setGtfsRealtimeVersion("2.0").setTimestamp(timestamp).build();
  }

  /**
   * Metro trip updates as the Victorian feed shapes them: {@code trips} trips of {@code stops}
   * stop-time updates each, trip ids {@code <prefix>-<n>}.
   */
  static FeedMessage tripUpdates(long timestamp, String prefix, int trips, int stops) {
    FeedMessage.Builder feed = FeedMessage.newBuilder().setHeader(header(timestamp));
    for (int t = 0; t < trips; t++) {
      TripUpdate.Builder update =
          TripUpdate.newBuilder()
              .setTrip(
                  TripDescriptor.newBuilder()
                      .setTripId(prefix + "-" + t)
                      .setRouteId("2-ALM")
                      .setDirectionId(t % 2)
                      .setStartDate("20261202")
                      .setStartTime("07:1" + t % 10 + ":00")
                      .setScheduleRelationship(TripDescriptor.ScheduleRelationship.SCHEDULED))
              .setVehicle(VehicleDescriptor.newBuilder().setId("V" + t).setLabel("X'Trapolis " + t))
              .setTimestamp(timestamp - 5);
      for (int s = 1; s <= stops; s++) {
        update.addStopTimeUpdate(
            TripUpdate.StopTimeUpdate.newBuilder()
                .setStopSequence(s)
                .setStopId("190" + s)
                .setArrival(
                    TripUpdate.StopTimeEvent.newBuilder()
                        .setDelay(60 * t)
                        .setTime(timestamp + 120L * s))
                .setDeparture(
                    TripUpdate.StopTimeEvent.newBuilder().setTime(timestamp + 120L * s + 30)));
      }
      feed.addEntity(FeedEntity.newBuilder().setId("trip-" + t).setTripUpdate(update));
    }
    return feed.build();
  }

  static FeedMessage vehiclePositions(long timestamp, int vehicles) {
    FeedMessage.Builder feed = FeedMessage.newBuilder().setHeader(header(timestamp));
    for (int v = 0; v < vehicles; v++) {
      feed.addEntity(
          FeedEntity.newBuilder()
              .setId("vehicle-" + v)
              .setVehicle(
                  VehiclePosition.newBuilder()
                      .setTrip(TripDescriptor.newBuilder().setTripId("trip-" + v))
                      .setVehicle(VehicleDescriptor.newBuilder().setId("tram-" + v))
                      .setPosition(
                          Position.newBuilder()
                              .setLatitude(-37.8183f)
                              .setLongitude(144.9671f)
                              .setBearing(90))
                      .setCurrentStatus(VehiclePosition.VehicleStopStatus.STOPPED_AT)
                      .setTimestamp(timestamp - 3)));
    }
    return feed.build();
  }
}

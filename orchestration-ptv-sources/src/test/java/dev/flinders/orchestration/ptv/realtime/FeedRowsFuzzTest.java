package dev.flinders.orchestration.ptv.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.FeedEntity;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.FeedMessage;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz test of reading a GTFS Realtime feed: any bytes are either refused by protobuf as not a
 * FeedMessage, or every entity becomes rows of exactly its dataset's width, without another
 * exception. Regression inputs (the specification's samples as binary) in {@code
 * src/test/resources/.../FeedRowsFuzzTestInputs/feedRows/}; to fuzz: {@code JAZZER_FUZZ=1 mvn test
 * -pl orchestration-ptv-sources -Dtest=FeedRowsFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class FeedRowsFuzzTest {
  @FuzzTest(maxDuration = "5m")
  @Timeout(value = 6, unit = TimeUnit.MINUTES) // fuzzing outlasts the module's 60 s default
  void feedRows(byte[] input) {
    FeedMessage feed;
    try {
      feed = FeedMessage.parseFrom(input);
    } catch (InvalidProtocolBufferException refused) {
      return; // the source turns this into a GtfsRealtimeException: tested elsewhere
    }
    Long timestamp = feed.getHeader().hasTimestamp() ? feed.getHeader().getTimestamp() : null;
    FeedRows rows = new FeedRows("fuzz", Instant.EPOCH, timestamp, "en");
    for (FeedEntity entity : feed.getEntityList()) {
      if (entity.hasTripUpdate()) {
        rows.tripUpdate(entity, row -> width(row, RealtimeDatasets.TRIP_UPDATES));
      }
      if (entity.hasVehicle()) {
        rows.vehiclePosition(entity, row -> width(row, RealtimeDatasets.VEHICLE_POSITIONS));
      }
      if (entity.hasAlert()) {
        rows.alert(entity, row -> width(row, RealtimeDatasets.ALERTS));
      }
    }
  }

  private static void width(String[] row, DatasetSchema schema) {
    assertThat(row).hasSize(schema.size());
    assertThat(row[0]).isEqualTo("fuzz");
  }
}

package dev.flinders.orchestration.ptv.realtime;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.dataset.DatasetWriter;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import dev.flinders.orchestration.http.HttpStatusException;
import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.FeedEntity;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.FeedMessage;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The task of a GTFS Realtime component: fetches the feed once, skips it if its header time stamp
 * is the one stored (or, without one, its bytes are), parses it, and appends its entities to the
 * three datasets. See {@link GtfsRealtime}.
 */
final class RealtimeSource implements Task {
  static final String HEADER_TIMESTAMP = "header_timestamp";
  static final String SHA256 = "sha256";

  private final String url;
  private final String mode;
  private final @Nullable String keyHeader;
  private final @Nullable Secret key;
  private final long maxBodyBytes;
  private final Duration staleAfter;
  private final String language;
  private final @Nullable Supplier<Set<String>> scheduledTrips;

  RealtimeSource(
      String url,
      String mode,
      @Nullable String keyHeader,
      @Nullable Secret key,
      long maxBodyBytes,
      Duration staleAfter,
      String language,
      @Nullable Supplier<Set<String>> scheduledTrips) {
    this.url = url;
    this.mode = mode;
    this.keyHeader = keyHeader;
    this.key = key;
    this.maxBodyBytes = maxBodyBytes;
    this.staleAfter = staleAfter;
    this.language = language;
    this.scheduledTrips = scheduledTrips;
  }

  @Override
  public Outcome run(ComponentContext context) throws Exception {
    Instant fetchedAt = context.clock().instant();
    byte[] body = fetch(context);
    FeedMessage feed;
    try {
      feed = FeedMessage.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new GtfsRealtimeException(
          url,
          "is not a GTFS Realtime FeedMessage ("
              + body.length
              + " bytes: "
              + e.getMessage()
              + "); it is corrupt or cut short, and nothing of it was committed. If the URL is"
              + " right, the next fetch usually succeeds",
          e);
    }
    Outcome.Builder outcome = Outcome.builder();
    Long headerTimestamp = feed.getHeader().hasTimestamp() ? feed.getHeader().getTimestamp() : null;
    String unchanged = unchanged(context, feed, body, headerTimestamp);
    if (unchanged != null && !context.forced()) {
      return Outcome.unchanged(unchanged);
    }
    if (headerTimestamp != null) {
      unusualStamp(context, fetchedAt, headerTimestamp, outcome);
      stale(fetchedAt, headerTimestamp, outcome);
    }

    FeedRows rows = new FeedRows(mode, fetchedAt, headerTimestamp, language);
    DatasetWriter trips = null;
    DatasetWriter vehicles = null;
    DatasetWriter alerts = null;
    long deleted = 0;
    long other = 0;
    long tripUpdates = 0;
    long tripsNotScheduled = 0;
    Set<String> scheduled = scheduledTrips == null ? null : scheduledTrips.get();
    for (FeedEntity entity : feed.getEntityList()) {
      context.throwIfCancelled();
      if (entity.getIsDeleted()) {
        deleted++;
        continue;
      }
      boolean known = false;
      if (entity.hasTripUpdate()) {
        trips = trips == null ? context.dataset(GtfsRealtime.TRIP_UPDATES) : trips;
        rows.tripUpdate(entity, trips::writeText);
        tripUpdates++;
        var trip = entity.getTripUpdate().getTrip();
        if (scheduled != null
            && !scheduled.isEmpty()
            && trip.hasTripId()
            && !scheduled.contains(trip.getTripId())) {
          tripsNotScheduled++;
        }
        known = true;
      }
      if (entity.hasVehicle()) {
        vehicles = vehicles == null ? context.dataset(GtfsRealtime.VEHICLE_POSITIONS) : vehicles;
        rows.vehiclePosition(entity, vehicles::writeText);
        known = true;
      }
      if (entity.hasAlert()) {
        alerts = alerts == null ? context.dataset(GtfsRealtime.ALERTS) : alerts;
        rows.alert(entity, alerts::writeText);
        known = true;
      }
      if (!known) {
        other++;
      }
    }

    if (headerTimestamp != null) {
      context.state().put(HEADER_TIMESTAMP, Long.toUnsignedString(headerTimestamp));
      context.state().remove(SHA256);
    } else {
      context.state().put(SHA256, sha256(body));
      context.state().remove(HEADER_TIMESTAMP);
    }
    long records = 0;
    for (DatasetWriter writer : new DatasetWriter[] {trips, vehicles, alerts}) {
      records += writer == null ? 0 : writer.rows();
    }
    outcome.records(records).metric("entities", feed.getEntityCount()).metric("bytes", body.length);
    if (feed.getEntityCount() == 0) {
      outcome.note("the feed holds no entities: nothing appended");
    }
    if (deleted > 0) {
      outcome.note(deleted + " deleted entities (is_deleted) not stored");
    }
    if (other > 0) {
      outcome.note(
          other
              + " entities of kinds these datasets do not hold (shape, stop, trip modifications)"
              + " not stored");
    }
    if (scheduled != null && !scheduled.isEmpty() && tripUpdates > 0) {
      double share = (double) tripsNotScheduled / tripUpdates;
      outcome.metric("trips_not_in_schedule_share", share);
      if (tripsNotScheduled > 0) {
        outcome.note(
            String.format(
                Locale.ROOT,
                "warning: %d of %d trip updates (%.1f %%) name a trip_id that gtfs_trips does not"
                    + " hold: the realtime and schedule feeds are out of step (ingest the"
                    + " schedule again if it is older than the realtime feed's)",
                tripsNotScheduled,
                tripUpdates,
                100 * share));
      }
    }
    return outcome.build();
  }

  private byte[] fetch(ComponentContext context) {
    HttpRequest.Builder request = HttpRequest.get(url).maxBodyBytes(maxBodyBytes);
    if (keyHeader != null && key != null) {
      request.header(keyHeader, key);
    }
    try (HttpResponse response = context.http().send(request.build())) {
      return response.bytes();
    } catch (HttpStatusException e) {
      if (GatewayException.explains(e.status())) {
        throw new GatewayException(e, keyHeader == null ? "(none: no key is set)" : keyHeader);
      }
      throw e;
    }
  }

  /**
   * Why the feed is the one stored before, or null if it is not: only the same header time stamp
   * (or, without one, the same bytes) is unchanged. An older stamp than the stored one is stored
   * too, with a warning (a producer that failed over, or a stamp stored from a glitch), so that one
   * bogus stamp cannot stop ingestion.
   */
  private static @Nullable String unchanged(
      ComponentContext context, FeedMessage feed, byte[] body, @Nullable Long headerTimestamp) {
    if (headerTimestamp != null) {
      String stored = context.state().get(HEADER_TIMESTAMP).orElse(null);
      if (stored == null || Long.parseUnsignedLong(stored) != headerTimestamp) {
        return null;
      }
      return "the feed's header time stamp "
          + FeedRows.instant(headerTimestamp)
          + " is the one already stored ("
          + feed.getEntityCount()
          + " entities)";
    }
    String hash = sha256(body);
    if (hash.equals(context.state().get(SHA256).orElse(null))) {
      return "the feed has no header time stamp, and its SHA-256 "
          + hash.substring(0, 12)
          + " is the one already stored";
    }
    return null;
  }

  /** A warning when the stamp went back, or lies ahead of the fetch by more than a minute. */
  private static void unusualStamp(
      ComponentContext context, Instant fetchedAt, long headerTimestamp, Outcome.Builder outcome) {
    String stored = context.state().get(HEADER_TIMESTAMP).orElse(null);
    if (stored != null
        && Long.compareUnsigned(headerTimestamp, Long.parseUnsignedLong(stored)) < 0) {
      outcome.note(
          "warning: the feed's header time stamp "
              + FeedRows.instant(headerTimestamp)
              + " is older than the one stored before, "
              + FeedRows.instant(Long.parseUnsignedLong(stored))
              + ": stored all the same (did the producer fail over?)");
    }
    if (Long.compareUnsigned(headerTimestamp, fetchedAt.getEpochSecond() + 60) > 0) {
      outcome.note(
          "warning: the feed's header time stamp "
              + FeedRows.instant(headerTimestamp)
              + " is ahead of the fetch at "
              + fetchedAt
              + ": the producer's clock is wrong, or the stamp is not in seconds");
    }
  }

  private void stale(Instant fetchedAt, long headerTimestamp, Outcome.Builder outcome) {
    if (headerTimestamp < 0 || headerTimestamp > Instant.MAX.getEpochSecond()) {
      outcome.note(
          "warning: the feed's header time stamp "
              + Long.toUnsignedString(headerTimestamp)
              + " is no time: its age is not known");
      return;
    }
    Duration age = Duration.between(Instant.ofEpochSecond(headerTimestamp), fetchedAt);
    outcome.metric("feed_age_seconds", age.toMillis() / 1000.0);
    if (age.compareTo(staleAfter) > 0) {
      outcome.note(
          "warning: the feed is stale: its header time stamp "
              + FeedRows.instant(headerTimestamp)
              + " is "
              + Durations.format(age)
              + " old, over the limit of "
              + Durations.format(staleAfter)
              + " (GtfsRealtime.Builder.staleAfter); the producer may have stopped updating it");
    }
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}

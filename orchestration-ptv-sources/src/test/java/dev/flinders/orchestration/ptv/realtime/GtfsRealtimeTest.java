package dev.flinders.orchestration.ptv.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.testing.InMemoryDatasetSink;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.core.testing.NoDelayServerSockets;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.FeedMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GTFS Realtime components against a real HTTP peer: the specification's samples and Victorian
 * feeds built in code parsed into the three datasets, the key in its header and nowhere else, an
 * unchanged header time stamp skipped, stale and empty feeds, corrupt and truncated bytes, the
 * gateway's 403 and 429.
 */
class GtfsRealtimeTest {
  /** 07:30 in Melbourne on 2 December 2026. */
  static final Instant START = Instant.parse("2026-12-01T20:30:00Z");

  private final MockWebServer server = new MockWebServer();
  private final InMemoryDatasetSink curated = new InMemoryDatasetSink("curated");
  private final InMemoryDatasetSink quarantine = new InMemoryDatasetSink("quarantine");

  @BeforeEach
  void start() throws IOException {
    server.setServerSocketFactory(new NoDelayServerSockets());
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ManualRunner runner(Component... components) {
    Pipeline.Builder pipeline = Pipeline.builder("realtime");
    for (Component component : components) {
      pipeline.component(component);
    }
    return ManualRunner.builder(pipeline.build())
        .startingAt(START)
        .configure(
            orchestrator ->
                orchestrator
                    .datasets(curated, quarantine)
                    .quota(GtfsRealtime.quotaPolicy("metro"))
                    .quota(GtfsRealtime.quotaPolicy("tram")))
        .build();
  }

  private Component metroTripUpdates(UnaryOperator<GtfsRealtime.Builder> configure) {
    return configure
        .apply(
            GtfsRealtime.metroTripUpdates()
                .baseUrl(server.url("/v1").toString())
                .key(Secret.of("s3cret-key")))
        .component()
        .retry(RetryPolicy.none())
        .build();
  }

  private void serve(byte[] body) {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(body)).build());
  }

  private static long seconds(Instant instant) {
    return instant.getEpochSecond();
  }

  private static Object column(Object[] row, DatasetSchema schema, String name) {
    return row[schema.indexOf(name)];
  }

  @Test
  void metroTripUpdates_oneRowPerStopTimeUpdate_withTheKeyInItsHeaderOnly() throws Exception {
    serve(Feeds.tripUpdates(seconds(START) - 20, "metro", 3, 4).toByteArray());

    try (ManualRunner runner = runner(metroTripUpdates(source -> source))) {
      ComponentResult result = runner.runDue().result("gtfsr-metro-trip-updates").orElseThrow();

      assertThat(result.status()).as(result.toString()).isEqualTo(Status.SUCCEEDED);
      assertThat(result.outcome().records()).isEqualTo(12);
      assertThat(result.outcome().metrics())
          .containsEntry("entities", 3.0)
          .containsEntry("feed_age_seconds", 20.0);
      assertThat(result.outcome().notes()).isEmpty();
      RecordedRequest request = server.takeRequest();
      assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/metro/trip-updates");
      assertThat(request.getHeaders().get("KeyId")).isEqualTo("s3cret-key");
      assertThat(result.toString()).doesNotContain("s3cret-key");

      List<Object[]> rows = curated.appendedRows("gtfsr_trip_updates");
      assertThat(rows).hasSize(12);
      DatasetSchema schema = GtfsRealtime.TRIP_UPDATES.schema();
      Object[] row = rows.get(5); // trip 1, stop 2
      assertThat(column(row, schema, "mode")).isEqualTo("metro");
      assertThat(column(row, schema, "fetched_at")).isEqualTo(START);
      assertThat(column(row, schema, "header_timestamp")).isEqualTo(START.minusSeconds(20));
      assertThat(column(row, schema, "entity_id")).isEqualTo("trip-1");
      assertThat(column(row, schema, "trip_id")).isEqualTo("metro-1");
      assertThat(column(row, schema, "direction_id")).isEqualTo(1);
      assertThat(column(row, schema, "start_date")).isEqualTo(LocalDate.of(2026, 12, 2));
      assertThat(column(row, schema, "trip_schedule_relationship")).isEqualTo("SCHEDULED");
      assertThat(column(row, schema, "vehicle_label")).isEqualTo("X'Trapolis 1");
      assertThat(column(row, schema, "stop_sequence")).isEqualTo(2L);
      assertThat(column(row, schema, "stop_id")).isEqualTo("1902");
      assertThat(column(row, schema, "arrival_delay")).isEqualTo(60);
      assertThat(column(row, schema, "arrival_time")).isEqualTo(START.plusSeconds(220));
      assertThat(column(row, schema, "departure_delay")).isNull();
      assertThat(column(row, schema, "departure_time")).isEqualTo(START.plusSeconds(250));
      assertThat(column(row, schema, "stop_schedule_relationship"))
          .as("absent, not the protobuf default")
          .isNull();
    }
  }

  @Test
  void theSpecificationsSamples_tripUpdatesAlertsAndVehiclePositions() throws Exception {
    serve(Feeds.sample("trip-updates-full.asciipb"));
    serve(Feeds.sample("alerts.asciipb"));
    serve(Feeds.sample("vehicle_position.pb"));
    Component sample =
        GtfsRealtime.feed(server.url("/feed").toString(), "sample")
            .staleAfter(Duration.ofDays(365 * 100))
            .component()
            .schedule(Schedule.everyRun())
            .retry(RetryPolicy.none())
            .build();

    try (ManualRunner runner = runner(sample)) {
      assertThat(runner.runDue().status("gtfsr-sample")).isEqualTo(Status.SUCCEEDED);
      runner.tick(Duration.ofSeconds(30));
      assertThat(runner.runDue().status("gtfsr-sample")).isEqualTo(Status.UNCHANGED);
      runner.tick(Duration.ofSeconds(30));
      ComponentResult vehicles = runner.runDue().result("gtfsr-sample").orElseThrow();
      assertThat(vehicles.status()).as(vehicles.toString()).isEqualTo(Status.SUCCEEDED);
    }

    List<Object[]> trips = curated.appendedRows("gtfsr_trip_updates");
    DatasetSchema tripSchema = GtfsRealtime.TRIP_UPDATES.schema();
    assertThat(trips)
        .extracting(
            row ->
                column(row, tripSchema, "entity_id")
                    + " "
                    + column(row, tripSchema, "stop_sequence"))
        .startsWith("simple-trip 3", "simple-trip 8", "simple-trip 10");
    assertThat(trips)
        .extracting(row -> column(row, tripSchema, "header_timestamp"))
        .containsOnly(Instant.ofEpochSecond(1284457468));
    assertThat(quarantine.appendedRows("gtfsr_trip_updates")).isEmpty();

    // the alerts sample has the same header time stamp: unchanged, so nothing was stored
    assertThat(curated.appendedRows("gtfsr_alerts")).isEmpty();

    List<Object[]> positions = curated.appendedRows("gtfsr_vehicle_positions");
    DatasetSchema vehicleSchema = GtfsRealtime.VEHICLE_POSITIONS.schema();
    assertThat(positions).hasSize(1);
    assertThat(column(positions.get(0), vehicleSchema, "latitude")).isEqualTo(47.0);
    assertThat(column(positions.get(0), vehicleSchema, "longitude")).isEqualTo(-122.0);
    assertThat(column(positions.get(0), vehicleSchema, "trip_id")).isEqualTo("t0");
  }

  @Test
  void alerts_oneRowPerInformedEntity_inTheChosenLanguageOrTheFirst() throws Exception {
    serve(Feeds.sample("alerts.asciipb"));
    Component alerts =
        GtfsRealtime.feed(server.url("/alerts").toString(), "sample")
            .language("fr")
            .component()
            .retry(RetryPolicy.none())
            .build();

    try (ManualRunner runner = runner(alerts)) {
      ComponentResult result = runner.runDue().result("gtfsr-sample").orElseThrow();
      assertThat(result.status()).as(result.toString()).isEqualTo(Status.SUCCEEDED);
      assertThat(String.join("\n", result.outcome().notes()))
          .as("a 2010 feed is stale")
          .contains("warning: the feed is stale: its header time stamp 2010-09-14T09:44:28Z is");
    }
    List<Object[]> rows = curated.appendedRows("gtfsr_alerts");
    DatasetSchema schema = GtfsRealtime.ALERTS.schema();
    assertThat(rows).isNotEmpty();
    Object[] first = rows.get(0);
    assertThat(column(first, schema, "active_start")).isEqualTo(Instant.ofEpochSecond(1284457468));
    assertThat(column(first, schema, "active_end")).isEqualTo(Instant.ofEpochSecond(1284468072));
    assertThat(column(first, schema, "cause")).isEqualTo("CONSTRUCTION");
    assertThat(column(first, schema, "effect")).isEqualTo("DETOUR");
    assertThat(column(first, schema, "language"))
        .as("no French translation: the first, English")
        .isEqualTo("en");
    assertThat((String) column(first, schema, "header_text")).isNotBlank();
    assertThat(rows)
        .extracting(row -> column(row, schema, "entity_id"))
        .as("one row per informed entity of each alert")
        .hasSizeGreaterThan(1);
  }

  @Test
  void anUnchangedHeaderTimestamp_endsUnchanged_andANewerOneAppends() throws Exception {
    byte[] first = Feeds.tripUpdates(seconds(START) - 10, "metro", 2, 2).toByteArray();
    serve(first);
    serve(first);
    serve(Feeds.tripUpdates(seconds(START) + 20, "metro", 2, 2).toByteArray());

    try (ManualRunner runner = runner(metroTripUpdates(source -> source))) {
      runner.runDue();
      ComponentResult same =
          runner
              .tick(Duration.ofSeconds(30))
              .runDue()
              .result("gtfsr-metro-trip-updates")
              .orElseThrow();
      ComponentResult newer =
          runner
              .tick(Duration.ofSeconds(30))
              .runDue()
              .result("gtfsr-metro-trip-updates")
              .orElseThrow();

      assertThat(same.status()).isEqualTo(Status.UNCHANGED);
      assertThat(same.reason().message())
          .contains("the feed's header time stamp 2026-12-01T20:29:50Z is the one already stored");
      assertThat(same.datasets()).as("nothing opened, nothing written").isEmpty();
      assertThat(newer.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(curated.appended("gtfsr_trip_updates")).hasSize(2);
      assertThat(curated.appendedRows("gtfsr_trip_updates")).hasSize(8);
    }
  }

  @Test
  void anOlderHeaderTimestamp_isStoredWithAWarning_soOneBogusStampCannotStopIngestion()
      throws Exception {
    serve(Feeds.tripUpdates(seconds(START) + 3600, "metro", 1, 1).toByteArray()); // an hour ahead
    serve(Feeds.tripUpdates(seconds(START) + 10, "metro", 1, 1).toByteArray());

    try (ManualRunner runner = runner(metroTripUpdates(source -> source))) {
      ComponentResult ahead = runner.runDue().result("gtfsr-metro-trip-updates").orElseThrow();
      ComponentResult older =
          runner
              .tick(Duration.ofSeconds(30))
              .runDue()
              .result("gtfsr-metro-trip-updates")
              .orElseThrow();

      assertThat(String.join("\n", ahead.outcome().notes()))
          .contains(
              "warning: the feed's header time stamp 2026-12-01T21:30:00Z is ahead of the fetch");
      assertThat(older.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(String.join("\n", older.outcome().notes()))
          .contains(
              "warning: the feed's header time stamp 2026-12-01T20:30:10Z is older than the one"
                  + " stored before, 2026-12-01T21:30:00Z: stored all the same");
      assertThat(curated.appendedRows("gtfsr_trip_updates")).hasSize(2);
    }
  }

  @Test
  void newTrips_keepTheirScheduleRelationship() throws Exception {
    FeedMessage.Builder feed = Feeds.tripUpdates(seconds(START), "metro", 1, 1).toBuilder();
    feed.getEntityBuilder(0)
        .getTripUpdateBuilder()
        .getTripBuilder()
        .setScheduleRelationship(
            dev.flinders.orchestration.ptv.realtime.internal.GtfsRealtimeProto.TripDescriptor
                .ScheduleRelationship.NEW);
    serve(feed.build().toByteArray());

    try (ManualRunner runner = runner(metroTripUpdates(source -> source))) {
      runner.runDue();
    }
    assertThat(
            column(
                curated.appendedRows("gtfsr_trip_updates").get(0),
                GtfsRealtime.TRIP_UPDATES.schema(),
                "trip_schedule_relationship"))
        .isEqualTo("NEW");
  }

  @Test
  void builders_sayWhatIsWrongWithTheirInput() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GtfsRealtime.feed("https://example.org/feed", "Metro Trains"))
        .hasMessage(
            "mode \"Metro Trains\" is not valid: use lower-case letters, digits, '-' and '_' (up to"
                + " 40), e.g. metro");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GtfsRealtime.feed("https://example.org/feed", "x").baseUrl("https://proxy"))
        .hasMessage(
            "baseUrl applies to the Victorian feeds; this feed's URL is https://example.org/feed:"
                + " use url(...)");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GtfsRealtime.metroTripUpdates().staleAfter(Duration.ZERO))
        .hasMessage("staleAfter must be positive, was PT0S");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GtfsRealtime.metroTripUpdates().maxBodyBytes(0))
        .hasMessage("maxBodyBytes must be positive, was 0");
    assertThat(GtfsRealtime.metroTripUpdates().url())
        .isEqualTo(GtfsRealtime.TRANSPORT_VICTORIA_URL + "/metro/trip-updates");
  }

  @Test
  void anEmptyFeedIsValid() throws Exception {
    serve(FeedMessage.newBuilder().setHeader(Feeds.header(seconds(START))).build().toByteArray());

    try (ManualRunner runner = runner(metroTripUpdates(source -> source))) {
      ComponentResult result = runner.runDue().result("gtfsr-metro-trip-updates").orElseThrow();

      assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(result.outcome().records()).isZero();
      assertThat(result.outcome().notes())
          .containsExactly("the feed holds no entities: nothing appended");
    }
  }

  @Test
  void corruptAndTruncatedFeeds_failClearly_andCommitNothing() throws Exception {
    byte[] whole = Feeds.tripUpdates(seconds(START), "metro", 5, 10).toByteArray();
    byte[] truncated = Arrays.copyOf(whole, whole.length - 7);
    byte[] corrupt = whole.clone();
    corrupt[0] = (byte) 0xff;
    byte[] html =
        "<html>Service Unavailable</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (byte[] bad : List.of(truncated, corrupt, html)) {
      serve(bad);
    }

    try (ManualRunner runner = runner(metroTripUpdates(source -> source))) {
      for (int i = 0; i < 3; i++) {
        ComponentResult result = runner.runDue().result("gtfsr-metro-trip-updates").orElseThrow();
        runner.tick(Duration.ofSeconds(30));
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.error())
            .contains("GTFS Realtime feed " + server.url("/v1/metro/trip-updates"))
            .contains("is not a GTFS Realtime FeedMessage")
            .contains("nothing of it was committed");
      }
    }
    assertThat(curated.appended("gtfsr_trip_updates")).isEmpty();
  }

  @Test
  void aRefusedKey_saysWhatToCheck_andNeverShowsTheKey() throws Exception {
    server.enqueue(
        new MockResponse.Builder().code(403).body("{\"message\":\"Invalid key\"}").build());

    try (ManualRunner runner = runner(metroTripUpdates(source -> source))) {
      RunReport report = runner.runDue();
      ComponentResult result = report.result("gtfsr-metro-trip-updates").orElseThrow();

      assertThat(result.status()).isEqualTo(Status.FAILED);
      assertThat(result.attempts()).isEqualTo(1);
      assertThat(result.error())
          .contains("answered HTTP 403")
          .contains("Invalid key")
          .contains("the gateway refused the key sent in header KeyId")
          .contains("opendata.transport.vic.gov.au");
      assertThat(report.toText()).doesNotContain("s3cret-key");
    }
  }

  @Test
  void aRateLimitedCall_isRetriedAfterTheGatewaysRetryAfter() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "20").build());
    serve(Feeds.tripUpdates(seconds(START), "metro", 1, 1).toByteArray());
    Component component =
        GtfsRealtime.metroTripUpdates()
            .baseUrl(server.url("/v1").toString())
            .component()
            .retry(RetryPolicy.exponential(2, Duration.ofSeconds(1)))
            .build();

    try (ManualRunner runner = runner(component)) {
      ComponentResult result = runner.runDue().result("gtfsr-metro-trip-updates").orElseThrow();

      assertThat(result.status()).as(result.toString()).isEqualTo(Status.SUCCEEDED);
      assertThat(result.attempts()).isEqualTo(2);
      assertThat(Duration.between(result.startedAt(), result.endedAt()))
          .as("the retry waited the 20 s the gateway asked, not the policy's 1 s")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(20));
    }
  }

  @Test
  void theQuotaHolds_overThreeSimulatedHoursOf30SecondTicks() throws Exception {
    List<Instant> calls = new ArrayList<>();
    byte[] feed = Feeds.vehiclePositions(seconds(START), 1).toByteArray();
    ManualRunner[] runner = new ManualRunner[1];
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            synchronized (calls) {
              calls.add(runner[0].clock().instant());
            }
            return new MockResponse.Builder().body(new Buffer().write(feed)).build();
          }
        });
    // 13 components of one mode every 30 s ask for 26 calls a minute: more than the 24 allowed
    List<Component> components = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      components.add(
          GtfsRealtime.feed(server.url("/metro/" + i).toString(), "metro")
              .quotaProvider("gtfsr-metro")
              .component("metro-" + i)
              .retry(RetryPolicy.none())
              .build());
    }
    runner[0] = runner(components.toArray(Component[]::new));
    try (ManualRunner manual = runner[0]) {
      Instant end = START.plus(Duration.ofHours(3));
      while (manual.clock().instant().isBefore(end)) {
        manual.runDue();
        manual.tick(Duration.ofSeconds(30));
      }
    }

    assertThat(calls.size())
        .as("the quota was used, close to its limit")
        .isGreaterThan(3 * 60 * 12);
    for (int i = 0, j = 0; i < calls.size(); i++) {
      while (Duration.between(calls.get(j), calls.get(i)).compareTo(Duration.ofSeconds(60)) >= 0) {
        j++;
      }
      assertThat(i - j + 1)
          .as("calls in the 60 s up to %s", calls.get(i))
          .isLessThanOrEqualTo(GtfsRealtime.CALLS_PER_MINUTE);
    }
  }

  @Test
  void tripUpdatesNotInTheSchedule_areReportedAsAShare() throws Exception {
    serve(Feeds.tripUpdates(seconds(START), "metro", 4, 1).toByteArray());
    Set<String> scheduled = Set.of("metro-0", "metro-1", "metro-2");

    try (ManualRunner runner =
        runner(metroTripUpdates(source -> source.scheduledTrips(() -> scheduled)))) {
      ComponentResult result = runner.runDue().result("gtfsr-metro-trip-updates").orElseThrow();

      assertThat(result.outcome().metrics()).containsEntry("trips_not_in_schedule_share", 0.25);
      assertThat(result.outcome().notes())
          .anySatisfy(
              note ->
                  assertThat(note)
                      .startsWith(
                          "warning: 1 of 4 trip updates (25.0 %) name a trip_id that gtfs_trips"
                              + " does not hold"));
    }
  }
}

package dev.flinders.orchestration.ptv.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.core.testing.NoDelayServerSockets;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import dev.flinders.orchestration.spi.DatasetVersion;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots every 30 seconds into Parquet: a file per fetch, each closed hour merged into one file
 * after the next commit, DuckDB counting the same rows before and after, and nothing to merge
 * again.
 */
class RealtimeCompactionTest {
  private static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  @TempDir Path data;

  private long duckDb(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  @Test
  void snapshotsEvery30Seconds_areMergedByTheHour_withEveryRowOnce() throws Exception {
    ParquetDatasetSink curated =
        ParquetDatasetSink.builder(data.resolve("curated")).zone(MELBOURNE).build();
    Instant start = Instant.parse("2026-12-01T20:40:00Z"); // 07:40 in Melbourne
    ManualRunner[] runner = new ManualRunner[1];
    try (MockWebServer server = new MockWebServer()) {
      server.setServerSocketFactory(new NoDelayServerSockets());
      server.setDispatcher(
          new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              long now = runner[0].clock().instant().getEpochSecond();
              byte[] feed = Feeds.tripUpdates(now - 10, "metro", 3, 5).toByteArray();
              return new MockResponse.Builder().body(new Buffer().write(feed)).build();
            }
          });
      server.start();
      runner[0] =
          ManualRunner.builder(
                  Pipeline.builder("realtime")
                      .component(
                          GtfsRealtime.metroTripUpdates()
                              .baseUrl(server.url("/v1").toString())
                              .quotaProvider(null)
                              .component()
                              .retry(RetryPolicy.none())
                              .build())
                      .build())
              .startingAt(start)
              .configure(
                  orchestrator ->
                      orchestrator.datasets(
                          curated,
                          ParquetDatasetSink.builder(data.resolve("quarantine"))
                              .zone(MELBOURNE)
                              .build()))
              .build();
      String glob =
          data.resolve("curated/gtfsr_trip_updates").toString().replace("'", "''") + "/*.parquet";
      try (ManualRunner manual = runner[0]) {
        ComponentResult last = null;
        for (int fetch = 0; fetch < 40; fetch++) { // 07:40:00 to 08:00:00 inclusive
          last = manual.runDue().result("gtfsr-metro-trip-updates").orElseThrow();
          assertThat(last.status()).as(last.toString()).isEqualTo(Status.SUCCEEDED);
          manual.tick(Duration.ofSeconds(30));
        }
        assertThat(curated.appended("gtfsr_trip_updates")).hasSize(40);
        long before = duckDb("SELECT count(*) FROM read_parquet('" + glob + "')");
        assertThat(before).isEqualTo(40 * 15);

        // 08:00:00: the first fetch of hour 08 commits, then hour 07 is merged
        ComponentResult at8 = manual.runDue().result("gtfsr-metro-trip-updates").orElseThrow();

        assertThat(at8.datasets().get(0).compactions())
            .containsExactly("20261202T07: 40 files, 600 rows");
        assertThat(curated.appended("gtfsr_trip_updates"))
            .extracting(DatasetVersion::version)
            .containsExactly("20261202T07", "20261202T080000000");
        assertThat(duckDb("SELECT count(*) FROM read_parquet('" + glob + "')"))
            .isEqualTo(before + 15);
        assertThat(
                duckDb(
                    "SELECT count(*) FROM (SELECT DISTINCT fetched_at, entity_id, stop_sequence"
                        + " FROM read_parquet('"
                        + glob
                        + "'))"))
            .as("no row doubled")
            .isEqualTo(before + 15);

        manual.tick(Duration.ofSeconds(30));
        ComponentResult next = manual.runDue().result("gtfsr-metro-trip-updates").orElseThrow();
        assertThat(next.datasets().get(0).compactions()).as("nothing left to merge").isEmpty();
        assertThat(List.of(last.status(), next.status())).containsOnly(Status.SUCCEEDED);
      }
    }
  }
}

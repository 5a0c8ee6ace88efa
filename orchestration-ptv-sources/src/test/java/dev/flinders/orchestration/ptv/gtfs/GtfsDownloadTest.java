package dev.flinders.orchestration.ptv.gtfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.core.testing.NoDelayServerSockets;
import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feed over HTTP: streamed to a temporary file, never kept; a conditional HEAD first, so that
 * an unchanged feed costs one small request; the key in its header, never in the report.
 */
class GtfsDownloadTest {
  private final MockWebServer server = new MockWebServer();
  @TempDir Path data;

  @BeforeEach
  void start() throws IOException {
    server.setServerSocketFactory(new NoDelayServerSockets()); // 45 ms a call without
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private final List<long[]> progress = new ArrayList<>();

  private ManualRunner runner() {
    return runner(component -> component);
  }

  private ManualRunner runner(
      UnaryOperator<dev.flinders.orchestration.Component.Builder> configure) {
    Gtfs.Builder source =
        Gtfs.transportVictoria()
            .url(server.url("/gtfs.zip").toString())
            .key("KeyId", Secret.of("s3cret-key"))
            .scratchDirectory(data.resolve("scratch"))
            .progress((bytes, total) -> progress.add(new long[] {bytes, total}));
    return ManualRunner.builder(
            Pipeline.builder("victorian-transport")
                .component(configure.apply(source.component()).build())
                .build())
        .configure(
            orchestrator ->
                orchestrator.datasets(
                    ParquetDatasetSink.builder(data.resolve("curated")).build(),
                    ParquetDatasetSink.builder(data.resolve("quarantine")).build()))
        .build();
  }

  @Test
  void aChangedFeedIsDownloadedAndIngested_anUnchangedOneCostsOneHead() throws Exception {
    Path zip = GtfsFeeds.nested(data.resolve("gtfs.zip"), Map.of(3, GtfsFeeds.mode(3, 10)));
    byte[] feed = Files.readAllBytes(zip);
    server.enqueue(new MockResponse.Builder().addHeader("ETag", "\"v1\"").build()); // HEAD
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("ETag", "\"v1\"")
            .body(new Buffer().write(feed))
            .build());
    server.enqueue(new MockResponse.Builder().code(304).build()); // the next day's HEAD

    try (ManualRunner runner = runner()) {
      ComponentResult first = runner.runDue().result("gtfs-schedule").orElseThrow();
      ComponentResult second =
          runner.tick(Duration.ofDays(1)).runDue().result("gtfs-schedule").orElseThrow();

      assertThat(first.status()).as(first.toString()).isEqualTo(Status.SUCCEEDED);
      assertThat(first.outcome().metrics()).containsEntry("download_bytes", (double) feed.length);
      assertThat(String.join("\n", first.outcome().notes()))
          .containsPattern(
              "re-ingested mode 3 \\(metro tram\\) \\(first ingestion; \\d+ rows\\);"
                  + " downloaded [0-9.]+ KiB in [0-9.]+s \\([0-9.]+ [KM]iB/s\\)");
      assertThat(progress).isNotEmpty();
      assertThat(progress.get(progress.size() - 1)).containsExactly(feed.length, feed.length);
      assertThat(second.status()).isEqualTo(Status.UNCHANGED);
      assertThat(second.reason().message()).startsWith("unchanged: ETag \"v1\" same as");
      assertThat(server.getRequestCount()).as("HEAD, GET, then one HEAD").isEqualTo(3);

      RecordedRequest head = server.takeRequest();
      RecordedRequest get = server.takeRequest();
      RecordedRequest conditional = server.takeRequest();
      assertThat(head.getMethod()).isEqualTo("HEAD");
      assertThat(get.getMethod()).isEqualTo("GET");
      assertThat(get.getHeaders().get("KeyId")).isEqualTo("s3cret-key");
      assertThat(conditional.getHeaders().get("If-None-Match")).isEqualTo("\"v1\"");
      assertThat(first.toString() + second).doesNotContain("s3cret-key");
    }
    assertThat(downloads()).as("the download is not kept").isEmpty();
  }

  /** The scratch directory's files but the lock file of this JVM's (see ScratchFiles). */
  private List<String> downloads() throws IOException {
    try (var left = Files.list(data.resolve("scratch"))) {
      return left.map(file -> file.getFileName().toString())
          .filter(name -> !name.endsWith(".lock"))
          .toList();
    }
  }

  @Test
  void aDownloadCutShort_failsTheComponent_andLeavesNoFile() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("ETag", "\"v2\"").build());
    server.enqueue(
        new MockResponse.Builder()
            .body(new Buffer().write(new byte[1000]))
            .addHeader("Content-Length", "1000000") // after the body, which sets its own
            .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
            .build());

    try (ManualRunner runner = runner(component -> component.retry(RetryPolicy.none()))) {
      ComponentResult result = runner.runDue().result("gtfs-schedule").orElseThrow();

      assertThat(result.status()).isEqualTo(Status.FAILED);
      assertThat(result.error())
          .contains("GET " + server.url("/gtfs.zip") + " was cut short after 1000 bytes");
    }
    assertThat(downloads()).isEmpty();
  }
}

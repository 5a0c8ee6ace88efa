package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.NoDelayServerSockets;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import dev.flinders.orchestration.http.Secret;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Listeners hear how far a large download has come, step by step, with its secrets masked, and how
 * many rows a dataset has taken.
 */
class DownloadProgressTest {
  private final MockWebServer server = new MockWebServer();
  private final List<String> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server.setServerSocketFactory(new NoDelayServerSockets());
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private Status download(int bytes) {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(new byte[bytes])).build());
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                Component.builder("feed")
                    .task(
                        context -> {
                          HttpRequest request =
                              HttpRequest.get(server.url("/feed.zip").toString())
                                  .query("key", Secret.of("s3cr3t-key"))
                                  .build();
                          try (HttpResponse response = context.http().send(request);
                              InputStream body = response.body()) {
                            body.transferTo(java.io.OutputStream.nullOutputStream());
                          }
                          return Outcome.success();
                        })
                    .build())
            .build();
    RunListener listener =
        new RunListener() {
          @Override
          public void downloading(
              String runId, String component, String url, long read, long total) {
            events.add(component + " " + url + " " + read + "/" + total);
          }
        };
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .stateStore(new InMemoryStateStore())
            .listener(listener)
            .build()) {
      return orchestrator.runOnce().status("feed");
    }
  }

  @Test
  void aLargeDownload_isReportedEachMebibyte_andAtItsEnd() {
    int size = (7 << 19); // 3.5 MiB

    assertThat(download(size)).isEqualTo(Status.SUCCEEDED);

    String url = server.url("/feed.zip") + "?key=" + Secret.MASK;
    // one event as each MiB is passed (the bytes read by then depend on the reads' sizes), and one
    // at the end
    assertThat(events).hasSize(4).allMatch(event -> event.startsWith("feed " + url + " "));
    for (int step = 1; step <= 3; step++) {
      String[] fraction =
          events.get(step - 1).substring(events.get(step - 1).lastIndexOf(' ') + 1).split("/");
      assertThat(Long.parseLong(fraction[0]))
          .isBetween(step * (1L << 20), (step + 1) * (1L << 20) - 1);
      assertThat(Long.parseLong(fraction[1])).isEqualTo(size);
    }
    assertThat(events.get(3)).isEqualTo("feed " + url + " " + size + "/" + size);
    assertThat(String.join("\n", events)).doesNotContain("s3cr3t");
  }

  @Test
  void aSmallDownload_isNotReported() {
    assertThat(download(100_000)).isEqualTo(Status.SUCCEEDED);

    assertThat(events).isEmpty();
  }

  @Test
  void writingADataset_isReportedEachHundredThousandRows() {
    dev.flinders.orchestration.dataset.DatasetSpec spec =
        dev.flinders.orchestration.dataset.DatasetSpec.builder(
                "numbers",
                dev.flinders.orchestration.dataset.DatasetSchema.builder()
                    .required("n", dev.flinders.orchestration.dataset.ColumnType.LONG)
                    .build())
            .build();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                Component.builder("loader")
                    .task(
                        context -> {
                          var writer = context.dataset(spec);
                          for (long n = 0; n < 250_000; n++) {
                            writer.write(n);
                          }
                          return Outcome.records(250_000);
                        })
                    .build())
            .build();
    RunListener listener =
        new RunListener() {
          @Override
          public void writing(String runId, String component, String dataset, long rows) {
            events.add(component + " " + dataset + " " + rows);
          }
        };
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .stateStore(new InMemoryStateStore())
            .datasets(
                new dev.flinders.orchestration.core.testing.InMemoryDatasetSink("curated"),
                new dev.flinders.orchestration.core.testing.InMemoryDatasetSink("quarantine"))
            .listener(listener)
            .build()) {
      assertThat(orchestrator.runOnce().status("loader")).isEqualTo(Status.SUCCEEDED);
    }

    assertThat(events).containsExactly("loader numbers 100000", "loader numbers 200000");
  }
}

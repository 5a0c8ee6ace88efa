package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.change.ChangeDetector;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A content-hash probe downloads the whole source; the task's identical GET in the same attempt
 * reads that download instead of fetching the source a second time.
 */
class ProbeDownloadReuseTest {
  @StartStop private final MockWebServer server = new MockWebServer();
  @TempDir Path scratch;

  private final ManualClock clock = Fixtures.clock();
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final List<String> bodiesSeenByTheTask = new ArrayList<>();

  private String url() {
    return server.url("/stops.txt").toString();
  }

  private ChangeDetector hashOfTheFeed() {
    return ChangeDetector.contentHash("stops.txt", context -> context.http().get(url()).body());
  }

  private Task readTheFeed() {
    return context -> {
      try (HttpResponse response = context.http().get(url())) {
        bodiesSeenByTheTask.add(response.text());
        assertThat(response.header("Content-Type")).contains("text/plain; charset=utf-8");
      }
      return Outcome.success();
    };
  }

  private Orchestrator orchestrator(Task task) {
    return Orchestrator.builder(
            Pipeline.builder("p")
                .component(
                    Component.builder("stops").task(task).changeDetector(hashOfTheFeed()).build())
                .build())
        .timeSource(clock)
        .stateStore(store)
        .scratchDirectory(scratch)
        .build();
  }

  private static MockResponse body(String text) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "text/plain; charset=utf-8")
        .body(text)
        .build();
  }

  @Test
  void aChangedSource_isDownloadedOnce_andTheTaskReadsTheProbesDownload() {
    server.enqueue(body("stop_id,stop_name\n1,Flinders Street\n"));
    server.enqueue(body("stop_id,stop_name\n1,Flinders Street\n")); // unchanged a day later
    server.enqueue(body("stop_id,stop_name\n1,Flinders Street\n2,Southern Cross\n"));

    try (Orchestrator orchestrator = orchestrator(readTheFeed())) {
      ComponentResult first = orchestrator.runOnce().result("stops").orElseThrow();
      clock.advance(Duration.ofDays(1));
      ComponentResult second = orchestrator.runOnce().result("stops").orElseThrow();
      clock.advance(Duration.ofDays(1));
      ComponentResult third = orchestrator.runOnce().result("stops").orElseThrow();

      assertThat(server.getRequestCount()).as("one request per run").isEqualTo(3);
      assertThat(first.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(first.http().calls()).isEqualTo(1);
      assertThat(first.http().reused()).isEqualTo(1);
      assertThat(first.http().toString()).contains("1 call (1×200)").contains("1 reused");
      assertThat(second.status()).isEqualTo(Status.UNCHANGED);
      assertThat(third.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(bodiesSeenByTheTask)
          .containsExactly(
              "stop_id,stop_name\n1,Flinders Street\n",
              "stop_id,stop_name\n1,Flinders Street\n2,Southern Cross\n");
    }
  }

  @Test
  void aLargeDownload_isKeptInATemporaryFile_deletedWhenTheAttemptEnds() throws IOException {
    // given: a 3 MiB body, more than is kept in memory
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < 3 << 20; i++) {
      text.append(i).append(",stop ").append(i).append('\n');
    }
    server.enqueue(body(text.toString()));
    List<Path> duringTheTask = new ArrayList<>();
    Task task =
        context -> {
          duringTheTask.addAll(probeFiles());
          return readTheFeed().run(context);
        };

    try (Orchestrator orchestrator = orchestrator(task)) {
      RunReport report = orchestrator.runOnce();

      assertThat(report.status("stops")).isEqualTo(Status.SUCCEEDED);
      assertThat(server.getRequestCount()).isEqualTo(1);
      assertThat(bodiesSeenByTheTask).containsExactly(text.toString());
    }
    assertThat(duringTheTask)
        .as("kept in a file while the task runs")
        .singleElement()
        .satisfies(file -> assertThat(file.getFileName().toString()).endsWith(".body"));
    assertThat(probeFiles()).as("no temporary file left").isEmpty();
  }

  @Test
  void eachDownloadAnswersOneRequest_andOtherRequestsGoToTheServer() {
    server.enqueue(body("a"));
    server.enqueue(body("b"));
    server.enqueue(body("c"));
    List<String> seen = new ArrayList<>();
    Task task =
        context -> {
          seen.add(context.http().get(url()).text()); // the probe's download
          seen.add(context.http().get(url()).text()); // again: the server
          seen.add(
              context
                  .http()
                  .send(HttpRequest.get(url()).header("Accept", "text/csv").build())
                  .text()); // another request: the server
          return Outcome.success();
        };

    try (Orchestrator orchestrator = orchestrator(task)) {
      ComponentResult result = orchestrator.runOnce().result("stops").orElseThrow();

      assertThat(seen).containsExactly("a", "b", "c");
      assertThat(server.getRequestCount()).isEqualTo(3);
      assertThat(result.http().calls()).isEqualTo(3);
      assertThat(result.http().reused()).isEqualTo(1);
    }
  }

  @Test
  void aDownloadLargerThanTheTasksLimit_isNotReused_andTheServerAnswersWithinTheLimit() {
    server.enqueue(body("x".repeat(1_000)));
    server.enqueue(body("x".repeat(1_000)));
    Task task =
        context -> {
          context.http().send(HttpRequest.get(url()).maxBodyBytes(100).build()).text();
          return Outcome.success();
        };

    try (Orchestrator orchestrator = orchestrator(task)) {
      ComponentResult result = orchestrator.runOnce().result("stops").orElseThrow();

      assertThat(result.status()).isEqualTo(Status.FAILED);
      assertThat(result.error()).contains("HttpBodyTooLargeException");
      assertThat(server.getRequestCount()).as("the task's call went to the server").isEqualTo(2);
      assertThat(result.http().reused()).isZero();
    }
  }

  @Test
  void aDownloadTheProbeDidNotReadToTheEnd_isNotReused() {
    server.enqueue(body("x".repeat(10_000)));
    server.enqueue(body("the whole body"));
    ChangeDetector firstBytesOnly =
        ChangeDetector.contentHashOfBytes(
            "the first bytes",
            context -> {
              try (HttpResponse response = context.http().get(url())) {
                return response.body().readNBytes(16);
              }
            });
    Task task =
        context -> {
          bodiesSeenByTheTask.add(context.http().get(url()).text());
          return Outcome.success();
        };

    try (Orchestrator orchestrator =
        Orchestrator.builder(
                Pipeline.builder("p")
                    .component(
                        Component.builder("stops")
                            .task(task)
                            .changeDetector(firstBytesOnly)
                            .build())
                    .build())
            .timeSource(clock)
            .stateStore(store)
            .scratchDirectory(scratch)
            .build()) {
      orchestrator.runOnce();

      assertThat(server.getRequestCount()).isEqualTo(2);
      assertThat(bodiesSeenByTheTask).containsExactly("the whole body");
    }
  }

  private List<Path> probeFiles() throws IOException {
    try (Stream<Path> files = Files.list(scratch)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith("flinders-probe-"))
          .sorted()
          .toList();
    }
  }
}

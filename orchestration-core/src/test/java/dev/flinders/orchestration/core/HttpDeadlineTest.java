package dev.flinders.orchestration.core;

import static dev.flinders.orchestration.core.Fixtures.await;
import static dev.flinders.orchestration.core.Fixtures.clock;
import static dev.flinders.orchestration.core.Fixtures.inBackground;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.ComponentTimeoutException;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A component stopped by its deadline during an HTTP call is {@code TIMED_OUT}, always: whether the
 * engine's deadline timer or the call's own timeout (set to the attempt's remaining time) gets
 * there first. The race is made deterministic with a manual clock and a server that never answers:
 * the engine's timer fires only when the test moves the clock, the call's timeout in real time.
 */
class HttpDeadlineTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final OkHttpClient client = new OkHttpClient();
  private ServerSocket silent;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startAServerThatNeverAnswers() throws Exception {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  accepted.add(silent.accept());
                }
              } catch (Exception closed) {
                // the test is over
              }
            },
            "silent-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stop() throws Exception {
    silent.close();
    for (Socket socket : accepted) {
      socket.close();
    }
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Test
  void theCallsOwnTimeoutFiringFirst_isATimeout_everyTime() {
    for (int round = 0; round < 25; round++) {
      // the engine's timer never fires: the clock stops 20 ms short of the deadline
      ComponentResult result = runWithTheClockMovedWhileTheCallIsOut(Duration.ofMillis(20), 0, -1);

      assertTimedOutInTheCall(result, "round " + round);
      assertThat(result.error())
          .isEqualTo(
              "component \"feed\" exceeded its timeout of 5m: GET "
                  + url()
                  + " in flight, no response yet");
    }
  }

  @Test
  void eitherDeadlineFiringFirst_isATimeout_overManyInterleavings() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int round = 0; round < 60; round++) {
      // the call has 0-3 ms of real time; the engine's timer fires 0-3 ms of real time after it
      // starts: sometimes one first, sometimes the other
      Duration left = Duration.ofNanos(100_000 + random.nextInt(2_900_000));
      long spinNanos = random.nextInt(3_000_000);
      ComponentResult result = runWithTheClockMovedWhileTheCallIsOut(left, spinNanos, 1);

      // the engine may stop the task before it sends: then there is no call to count
      String at = "seed " + seed + ", round " + round + ": " + result;
      assertThat(result.status()).as(at).isEqualTo(Status.TIMED_OUT);
      assertThat(result.reason().code()).as(at).isEqualTo(ReasonCode.TIMED_OUT);
    }
  }

  @Test
  void theCallInFlightWhenTheEngineStopsTheAttempt_isCountedAndNamed() {
    ComponentResult result = runWithTheClockMovedWhileTheCallIsOut(TIMEOUT, -1, 1);

    assertTimedOutInTheCall(result, "one call");
    assertThat(result.error())
        .isEqualTo(
            "component \"feed\" exceeded its timeout of 5m: GET "
                + url()
                + " in flight, no response yet");
  }

  @Test
  void aProbeHungInItsCall_isCountedAndNamed_whenTheAttemptTimesOut() throws Exception {
    ManualClock clock = clock();
    Instant start = clock.instant();
    Component probed =
        Component.builder("feed")
            .task(context -> Outcome.success())
            .changeDetector(dev.flinders.orchestration.change.ChangeDetector.httpValidators(url()))
            .timeout(TIMEOUT)
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(Pipeline.builder("feeds").component(probed).build())
            .timeSource(clock)
            .stateStore(new InMemoryStateStore())
            .httpClient(client)
            .build()) {
      int connections = accepted.size();
      CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
      long until = System.nanoTime() + Fixtures.PATIENCE.toNanos();
      while (accepted.size() == connections && System.nanoTime() < until) {
        Thread.onSpinWait(); // until the probe's request is out
      }
      clock.setTo(start.plus(TIMEOUT));

      ComponentResult result = await(run).result("feed").orElseThrow();
      assertTimedOutInTheCall(result, "the probe");
    }
  }

  @Test
  void aServerThatSendsNothing_failsAfterTheReadTimeout_sayingSoInWords() {
    HttpRequest request = HttpRequest.get(url()).build();
    Component feed =
        Component.builder("feed")
            .task(
                context -> {
                  try (HttpResponse response = context.http().send(request)) {
                    response.bytes();
                  }
                  return Outcome.success();
                })
            .timeout(TIMEOUT)
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(Pipeline.builder("feeds").component(feed).build())
            .timeSource(clock())
            .stateStore(new InMemoryStateStore())
            .httpClient(client)
            .httpReadTimeout(Duration.ofMillis(200))
            .build()) {
      ComponentResult result = orchestrator.runOnce().result("feed").orElseThrow();

      assertThat(result.status()).isEqualTo(Status.FAILED);
      assertThat(result.error())
          .isEqualTo(
              "HttpException: GET "
                  + url()
                  + " failed: no bytes from 127.0.0.1:"
                  + silent.getLocalPort()
                  + " for 200ms (read timeout; set it with"
                  + " Orchestrator.builder(...).httpReadTimeout(...))");
    }
    assertThat(client.readTimeoutMillis())
        .as("the caller's client is left as it was")
        .isEqualTo(10_000);
    Pipeline any =
        Pipeline.builder("p")
            .component(Component.builder("c").task(context -> Outcome.success()).build())
            .build();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Orchestrator.builder(any).httpReadTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("httpReadTimeout must be positive, was 0s");
  }

  private static void assertTimedOutInTheCall(ComponentResult result, String at) {
    assertThat(result.status()).as(at + ": " + result).isEqualTo(Status.TIMED_OUT);
    assertThat(result.reason().code()).as(at).isEqualTo(ReasonCode.TIMED_OUT);
    assertThat(result.http()).as(at + ": the call is counted").isNotNull();
    assertThat(result.http().calls()).as(at).isEqualTo(1);
    assertThat(result.error()).as(at).containsPattern("(GET|HEAD) http").contains("/feed");
    assertThat(result.errorDetail().is(ComponentTimeoutException.class)).as(at).isTrue();
    assertThat(result.errorDetail().message()).as(at).isEqualTo(result.error());
  }

  /**
   * Runs a component that sends one request to the silent server. Once it is sent, the clock is
   * moved to {@code left} before the component's deadline; then, after spinning {@code spinNanos}
   * (a negative value: until the server has the connection), moved to {@code pastDeadlineNanos}
   * after the deadline, unless that is negative.
   */
  private ComponentResult runWithTheClockMovedWhileTheCallIsOut(
      Duration left, long spinNanos, long pastDeadlineNanos) {
    ManualClock clock = clock();
    Instant start = clock.instant();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    int connections = accepted.size();
    HttpRequest request = HttpRequest.get(url()).build();
    Component feed =
        Component.builder("feed")
            .task(
                context -> {
                  started.countDown();
                  Fixtures.await(go, "the clock to be moved");
                  try (HttpResponse response = context.http().send(request)) {
                    response.bytes();
                  }
                  return Outcome.success();
                })
            .timeout(TIMEOUT)
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(Pipeline.builder("feeds").component(feed).build())
            .timeSource(clock)
            .stateStore(new InMemoryStateStore())
            .httpClient(client)
            .build()) {
      CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
      Fixtures.await(started, "the task to start");
      clock.setTo(start.plus(TIMEOUT).minus(left));
      go.countDown();
      if (spinNanos < 0) { // until the request is out
        long until = System.nanoTime() + Fixtures.PATIENCE.toNanos();
        while (accepted.size() == connections && System.nanoTime() < until) {
          Thread.onSpinWait();
        }
      }
      if (pastDeadlineNanos >= 0) {
        long until = System.nanoTime() + spinNanos;
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        clock.setTo(start.plus(TIMEOUT).plusNanos(pastDeadlineNanos));
      }
      return await(run).result("feed").orElseThrow();
    }
  }

  private String url() {
    return "http://127.0.0.1:" + silent.getLocalPort() + "/feed";
  }
}

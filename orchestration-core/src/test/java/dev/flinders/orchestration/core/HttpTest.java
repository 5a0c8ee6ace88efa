package dev.flinders.orchestration.core;

import static dev.flinders.orchestration.core.Fixtures.PATIENCE;
import static dev.flinders.orchestration.core.Fixtures.await;
import static dev.flinders.orchestration.core.Fixtures.awaitTimer;
import static dev.flinders.orchestration.core.Fixtures.clock;
import static dev.flinders.orchestration.core.Fixtures.inBackground;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentCancelledException;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.core.report.RunReportJson;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.http.HttpBodyTooLargeException;
import dev.flinders.orchestration.http.HttpException;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import dev.flinders.orchestration.http.HttpStatusException;
import dev.flinders.orchestration.http.HttpUsage;
import dev.flinders.orchestration.http.Secret;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** HTTP through the context: deadlines, cancellation, retries, limits, usage and secrets. */
class HttpTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final String KEY = "k3y-5ecr3t-9c132d31";
  private static final String DEV_ID = "dev1d-77413";

  @StartStop private final MockWebServer server = new MockWebServer();

  private final ManualClock clock = clock();
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final OkHttpClient client = new OkHttpClient();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger flinders = (Logger) LoggerFactory.getLogger("dev.flinders.orchestration");

  @BeforeEach
  void captureLogs() {
    logs.start();
    flinders.addAppender(logs);
    flinders.setAdditive(false); // captured here, not printed
    flinders.setLevel(Level.DEBUG);
  }

  @AfterEach
  void releaseLogs() {
    flinders.detachAppender(logs);
    flinders.setAdditive(true);
    flinders.setLevel(null);
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private Orchestrator orchestrator(Component component) {
    Pipeline pipeline = Pipeline.builder("feeds").component(component).build();
    return Orchestrator.builder(pipeline)
        .timeSource(clock)
        .stateStore(store)
        .httpClient(client)
        .maxResponseBytes(1000)
        .build();
  }

  private static Component.Builder fetching(Task task) {
    return Component.builder("fetch").task(task).timeout(TIMEOUT);
  }

  private String url(String path) {
    return server.url(path).toString();
  }

  private RunReport runOnce(Component component) {
    try (Orchestrator orchestrator = orchestrator(component)) {
      return orchestrator.runOnce();
    }
  }

  /** Runs once in the background and moves the clock by {@code wait} once a timer is due then. */
  private RunReport runAcross(Component component, Duration wait) {
    try (Orchestrator orchestrator = orchestrator(component)) {
      Instant start = clock.instant();
      CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
      awaitTimer(clock, start.plus(wait));
      clock.advance(wait);
      return await(run);
    }
  }

  @Test
  void aGet_returnsTheBody_andTheCallIsCountedInTheReport() throws Exception {
    server.enqueue(new MockResponse.Builder().body("hello, Flinders").build());
    AtomicReference<String> body = new AtomicReference<>();

    RunReport report =
        runOnce(
            fetching(
                    context -> {
                      try (HttpResponse response = context.http().get(url("/feed"))) {
                        body.set(response.text());
                        assertThat(response.status()).isEqualTo(200);
                      }
                      return Outcome.success();
                    })
                .build());

    assertThat(body.get()).isEqualTo("hello, Flinders");
    ComponentResult result = report.result("fetch").orElseThrow();
    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
    HttpUsage usage = result.http();
    assertThat(usage).isNotNull();
    assertThat(usage.calls()).isEqualTo(1);
    assertThat(usage.failures()).isZero();
    assertThat(usage.bytes()).isEqualTo("hello, Flinders".length());
    assertThat(usage.statuses()).isEqualTo(Map.of(200, 1));
    assertThat(report.toText()).contains("http: 1 call (1×200), 15 B");
    assertThat(RunReportJson.fromJson(RunReportJson.toJson(report))).isEqualTo(report);
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/feed");
  }

  @Test
  void aComponentThatMakesNoCall_hasNoHttpUsage() {
    RunReport report = runOnce(fetching(context -> Outcome.success()).build());

    assertThat(report.result("fetch").orElseThrow().http()).isNull();
    assertThat(report.toText()).doesNotContain("http:");
  }

  @Test
  void aClientError_failsAtOnce_withTheUrlStatusAndTheServersText() {
    server.enqueue(
        new MockResponse.Builder()
            .code(404)
            .body("{\"success\": false,\n  \"error\": {\"message\": \"Not found\"}}")
            .build());

    RunReport report =
        runOnce(
            fetching(context -> fetch(context.http().get(url("/api/3/action/resource_show"))))
                .retry(RetryPolicy.exponential(3, Duration.ofSeconds(1)))
                .build());

    ComponentResult result = report.result("fetch").orElseThrow();
    assertThat(result.status()).isEqualTo(Status.FAILED);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.error())
        .contains("HttpStatusException")
        .contains("GET " + url("/api/3/action/resource_show") + " answered HTTP 404")
        .contains("{\"success\": false, \"error\": {\"message\": \"Not found\"}}");
    assertThat(result.reason().message()).contains("a failure that is not retried");
    assertThat(result.http().failures()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void tooManyRequests_isRetried_afterTheRetryAfterSeconds() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "120").build());
    server.enqueue(new MockResponse.Builder().body("ok").build());
    Component component =
        fetching(context -> fetch(context.http().get(url("/rt"))))
            .retry(RetryPolicy.exponential(3, Duration.ofSeconds(2)))
            .build();

    // the policy alone would wait 2 s (± jitter); the server asked for 120 s
    ComponentResult result =
        runAcross(component, Duration.ofSeconds(120)).result("fetch").orElseThrow();

    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(result.reason().message())
        .contains("succeeded on attempt 2 after: HttpStatusException")
        .contains("answered HTTP 429 (Retry-After 120 s)");
    assertThat(result.http().statuses()).isEqualTo(Map.of(429, 1, 200, 1));
  }

  @Test
  void retryAfterAsAnHttpDate_isHonouredFromTheEnginesClock() {
    String in90Seconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            clock.instant().plusSeconds(90).atOffset(ZoneOffset.UTC));
    server.enqueue(
        new MockResponse.Builder().code(503).addHeader("Retry-After", in90Seconds).build());
    server.enqueue(new MockResponse.Builder().body("ok").build());
    Component component =
        fetching(context -> fetch(context.http().get(url("/rt"))))
            .retry(RetryPolicy.exponential(2, Duration.ofSeconds(1)))
            .build();

    assertThat(runAcross(component, Duration.ofSeconds(90)).status("fetch"))
        .isEqualTo(Status.SUCCEEDED);
  }

  @Test
  void aServerError_isRetriedPerThePolicy_andThenSucceeds() {
    server.enqueue(new MockResponse.Builder().code(502).body("bad gateway").build());
    server.enqueue(new MockResponse.Builder().body("ok").build());
    Component component =
        fetching(context -> fetch(context.http().get(url("/x"))))
            .retry(
                RetryPolicy.builder()
                    .maxAttempts(2)
                    .initialDelay(Duration.ofSeconds(10))
                    .jitter(0)
                    .build())
            .build();

    ComponentResult result =
        runAcross(component, Duration.ofSeconds(10)).result("fetch").orElseThrow();

    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(result.http().calls()).isEqualTo(2);
    assertThat(result.http().failures()).isEqualTo(1);
  }

  @Test
  void aBodyCutShort_failsWithAMessageNamingTheCall() {
    server.enqueue(
        new MockResponse.Builder()
            .body(new Buffer().writeUtf8("x".repeat(500)))
            .addHeader("Content-Length", "900")
            .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
            .build());

    RunReport report = runOnce(fetching(context -> fetch(context.http().get(url("/cut")))).build());

    ComponentResult result = report.result("fetch").orElseThrow();
    assertThat(result.status()).isEqualTo(Status.FAILED);
    assertThat(result.error())
        .contains(
            "HttpException: GET " + url("/cut") + " was cut short after 500 bytes of its body");
  }

  @Test
  void aBodyOverTheLimit_isRefusedFromItsContentLength() {
    server.enqueue(new MockResponse.Builder().body("y".repeat(1001)).build());

    RunReport report = runOnce(fetching(context -> fetch(context.http().get(url("/big")))).build());

    assertThat(report.result("fetch").orElseThrow().error())
        .contains("HttpBodyTooLargeException")
        .contains("larger than the limit of 1000 bytes");
  }

  @Test
  void aChunkedBodyOverTheLimit_failsOnceTheLimitIsPassed_andAHigherLimitAcceptsIt() {
    server.enqueue(new MockResponse.Builder().chunkedBody("z".repeat(3000), 100).build());
    server.enqueue(new MockResponse.Builder().chunkedBody("z".repeat(3000), 100).build());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<Integer> length = new AtomicReference<>();

    runOnce(
        fetching(
                context -> {
                  try (HttpResponse response = context.http().get(url("/chunked"))) {
                    response.bytes();
                  } catch (HttpBodyTooLargeException e) {
                    failure.set(e);
                  }
                  HttpRequest bigger = HttpRequest.get(url("/chunked")).maxBodyBytes(5000).build();
                  try (HttpResponse response = context.http().send(bigger)) {
                    length.set(response.bytes().length);
                  }
                  return Outcome.success();
                })
            .build());

    assertThat(failure.get()).isInstanceOf(HttpBodyTooLargeException.class);
    assertThat(((HttpBodyTooLargeException) failure.get()).limit()).isEqualTo(1000);
    assertThat(length.get()).isEqualTo(3000);
  }

  @Test
  void aSlowServer_isCutOffAtTheComponentsTimeout_andTheTaskReturnsAtOnce() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    CountDownLatch returned = new CountDownLatch(1);
    AtomicReference<Throwable> seen = new AtomicReference<>();
    Component component =
        fetching(
                context -> {
                  try {
                    return fetch(context.http().get(url("/slow")));
                  } catch (RuntimeException e) {
                    seen.set(e);
                    throw e;
                  } finally {
                    returned.countDown();
                  }
                })
            .build();

    try (Orchestrator orchestrator = orchestrator(component)) {
      Instant start = clock.instant();
      CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
      assertThat(server.takeRequest(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isNotNull();
      awaitTimer(clock, start.plus(TIMEOUT));
      clock.advance(TIMEOUT);

      // the engine cancels the call: the task's read ends well within a second
      assertThat(returned.await(1, TimeUnit.SECONDS)).isTrue();
      RunReport report = await(run);
      assertThat(report.status("fetch")).isEqualTo(Status.TIMED_OUT);
      assertThat(seen.get())
          .isInstanceOf(ComponentCancelledException.class)
          .hasMessageContaining("was stopped during GET " + url("/slow"));
    }
  }

  @Test
  void aThousandCallsTimedOut_leaveNoThreadsAndNoConnectionsBehind() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new CopyOnWriteArrayList<>();
      Semaphore connections = new Semaphore(0);
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                    connections.release();
                  }
                } catch (Exception closed) {
                  // the test is over
                }
              },
              "silent-server");
      acceptor.setDaemon(true);
      acceptor.start();
      String silentUrl = "http://127.0.0.1:" + silent.getLocalPort() + "/never";
      Semaphore returned = new Semaphore(0);
      Component component =
          fetching(
                  context -> {
                    try {
                      return fetch(context.http().get(silentUrl));
                    } finally {
                      returned.release();
                    }
                  })
              .build();

      try (Orchestrator orchestrator = orchestrator(component)) {
        int threadsAfterWarmUp = 0;
        for (int i = 0; i < 1000; i++) {
          Instant start = clock.instant();
          CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
          assertThat(connections.tryAcquire(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
          awaitTimer(clock, start.plus(TIMEOUT));
          clock.advance(TIMEOUT);
          assertThat(await(run).status("fetch")).isEqualTo(Status.TIMED_OUT);
          // the report is written at the deadline; the task's thread unwinds right after
          assertThat(returned.tryAcquire(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
          try (Socket serverSide = accepted.remove(0)) {
            // the client closed its end: reading what it sent ends with end-of-stream
            serverSide.setSoTimeout((int) PATIENCE.toMillis());
            serverSide.getInputStream().readAllBytes();
          }
          if (i == 9) {
            threadsAfterWarmUp = Thread.activeCount();
          }
        }
        assertThat(accepted).isEmpty();
        // OkHttp's pool drops the closed connection of a cancelled call in its next clean-up, so at
        // most the last one may still be listed; it never grows with the number of calls
        assertThat(client.connectionPool().connectionCount()).isLessThanOrEqualTo(1);
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsAfterWarmUp + 2);
      }
    }
  }

  @Test
  void secretsGoOnTheWire_butNeverIntoMessagesReportsOrLogs() throws Exception {
    // the server echoes the credentials back in its error, as some gateways do
    server.enqueue(
        new MockResponse.Builder()
            .code(403)
            .body("invalid key " + KEY + " for devid=" + DEV_ID)
            .build());
    Secret key = Secret.of(KEY);
    Secret devId = Secret.of(DEV_ID);
    HttpRequest request =
        HttpRequest.get(url("/v3/disruptions"))
            .query("devid", devId)
            .query("format", "json")
            .header("KeyId", key)
            .build();
    AtomicReference<Throwable> thrown = new AtomicReference<>();

    RunReport report =
        runOnce(fetching(context -> sendRemembering(context, request, thrown)).build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("KeyId")).isEqualTo(KEY);
    assertThat(recorded.getUrl().queryParameter("devid")).isEqualTo(DEV_ID);
    assertThat(thrown.get()).isInstanceOf(HttpStatusException.class);
    assertThat(thrown.get().getMessage())
        .contains("/v3/disruptions?devid=****&format=json answered HTTP 403")
        .contains("invalid key **** for devid=****");
    assertThat(((HttpStatusException) thrown.get()).errorBody())
        .isEqualTo("invalid key **** for devid=****");
    assertNoSecretIn(thrown.get());
    assertNoSecretIn(report);
    assertThat(request.toString())
        .isEqualTo("GET " + url("/v3/disruptions") + "?devid=****&format=json");
    assertThat(key.toString()).isEqualTo("****");
  }

  @Test
  void aSecretReadWithATrailingNewline_goesOnTheWireWithoutIt() throws Exception {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    HttpRequest request =
        HttpRequest.get(url("/feed")).header("X-Api-Key", Secret.of(KEY + "\n")).build();

    RunReport report = runOnce(fetching(context -> fetch(context.http().send(request))).build());

    assertThat(report.status("fetch")).isEqualTo(Status.SUCCEEDED);
    assertThat(server.takeRequest().getHeaders().get("X-Api-Key")).isEqualTo(KEY);
  }

  @Test
  void anySecretTheAttemptSent_isMaskedInWhatItReports_whateverThrewIt() {
    // the task quotes the key in its own exception: the engine masks it all the same
    server.enqueue(new MockResponse.Builder().body("ok").build());
    Secret key = Secret.of(KEY);
    HttpRequest request = HttpRequest.get(url("/feed")).header("X-Api-Key", key).build();
    Task leaky =
        context -> {
          fetch(context.http().send(request));
          throw new IllegalStateException("the gateway refused key " + key.reveal() + " later");
        };

    RunReport report = runOnce(fetching(leaky).build());

    ComponentResult result = report.result("fetch").orElseThrow();
    assertThat(result.status()).isEqualTo(Status.FAILED);
    assertThat(result.error())
        .isEqualTo("IllegalStateException: the gateway refused key **** later");
    assertThat(everything(report)).doesNotContain(KEY);
  }

  @Test
  void aSecretAcrossTheLengthLimitOfASummary_isMaskedBeforeTheCut() {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    Secret key = Secret.of(KEY);
    HttpRequest request = HttpRequest.get(url("/feed")).header("X-Api-Key", key).build();
    Task leaky =
        context -> {
          fetch(context.http().send(request));
          // no space before the key for hundreds of characters: a cut at 500 lands inside it
          throw new IllegalStateException("p".repeat(470) + key.reveal() + " tail");
        };

    ComponentResult result = runOnce(fetching(leaky).build()).result("fetch").orElseThrow();

    assertThat(result.error()).doesNotContain(KEY.substring(0, 4)).contains("****");
    assertThat(result.errorDetail().message()).doesNotContain(KEY.substring(0, 4));
  }

  @Test
  void secretsStayOutOfNetworkFailures() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    HttpRequest request =
        HttpRequest.get("http://127.0.0.1:" + closedPort + "/feed")
            .query("key", Secret.of(KEY))
            .build();
    AtomicReference<Throwable> thrown = new AtomicReference<>();

    RunReport report =
        runOnce(fetching(context -> sendRemembering(context, request, thrown)).build());

    assertThat(report.status("fetch")).isEqualTo(Status.FAILED);
    assertThat(thrown.get())
        .isInstanceOf(HttpException.class)
        .hasMessageStartingWith("GET http://127.0.0.1:" + closedPort + "/feed?key=**** failed: ");
    assertNoSecretIn(thrown.get());
    assertNoSecretIn(report);
  }

  private static Outcome sendRemembering(
      dev.flinders.orchestration.ComponentContext context,
      HttpRequest request,
      AtomicReference<Throwable> thrown) {
    try (HttpResponse response = context.http().send(request)) {
      return Outcome.success();
    } catch (RuntimeException e) {
      thrown.set(e);
      throw e;
    }
  }

  private void assertNoSecretIn(Throwable thrown) {
    if (thrown instanceof HttpStatusException status) {
      assertThat(status.errorBody()).doesNotContain(KEY).doesNotContain(DEV_ID);
    }
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY).doesNotContain(DEV_ID);
      assertThat(t.toString()).doesNotContain(KEY).doesNotContain(DEV_ID);
    }
  }

  private void assertNoSecretIn(RunReport report) {
    assertThat(everything(report)).doesNotContain(KEY).doesNotContain(DEV_ID);
    assertThat(loggedText()).contains("****");
  }

  /** The report as text and JSON, the history, the component records and the log. */
  private String everything(RunReport report) {
    return report.toText()
        + RunReportJson.toJson(report)
        + store.runs("feeds", 10)
        + store.component("feeds", "fetch")
        + loggedText();
  }

  private String loggedText() {
    StringBuilder text = new StringBuilder();
    for (ILoggingEvent event : logs.list) {
      text.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        for (var proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
          text.append(proxy.getClassName()).append(": ").append(proxy.getMessage()).append('\n');
        }
      }
    }
    return text.toString();
  }

  private static Outcome fetch(HttpResponse response) {
    try (response) {
      response.bytes();
      return Outcome.success();
    }
  }
}

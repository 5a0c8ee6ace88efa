package dev.flinders.orchestration.core;

import static dev.flinders.orchestration.core.Fixtures.MELBOURNE;
import static dev.flinders.orchestration.core.Fixtures.clock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.state.JsonFileStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.http.HttpResponse;
import dev.flinders.orchestration.quota.QuotaPolicy;
import dev.flinders.orchestration.quota.QuotaUse;
import dev.flinders.orchestration.spi.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Daily budgets with a priority reserve, rate limits within deadlines, counters that persist. */
class QuotaTest {
  private static final QuotaPolicy PTV =
      QuotaPolicy.builder("ptv").dailyBudget(10, MELBOURNE, 0.2).alertAt(0.8).build();

  @StartStop private final MockWebServer server = new MockWebServer();

  private final ManualClock clock = clock();
  private final List<QuotaUse> alerts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void answerEverything() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder().body("ok").build();
          }
        });
  }

  /** A component that makes {@code calls} GETs against the provider's quota. */
  private Component calling(String name, int calls, boolean priority) {
    String url = server.url("/v3/departures").toString();
    return Component.builder(name)
        .quota("ptv", priority)
        .task(
            context -> {
              for (int i = 0; i < calls; i++) {
                try (HttpResponse response = context.http().get(url)) {
                  response.bytes();
                }
              }
              return Outcome.success();
            })
        .build();
  }

  private Orchestrator orchestrator(StateStore store, QuotaPolicy policy, Component... components) {
    return Orchestrator.builder(
            Pipeline.builder("ptv-feeds").components(List.of(components)).parallelism(1).build())
        .timeSource(clock)
        .stateStore(store)
        .quota(policy)
        .listener(
            new RunListener() {
              @Override
              public void quotaAlert(QuotaUse use) {
                alerts.add(use);
              }
            })
        .build();
  }

  @Test
  void normalCallsStopAtTheirShare_priorityCallsUseTheReserve_andNoCallIsMadeWithoutQuota() {
    try (Orchestrator orchestrator =
        orchestrator(
            new InMemoryStateStore(),
            PTV,
            calling("departures", 12, false),
            calling("disruptions", 2, true),
            calling("more-disruptions", 1, true))) {
      RunReport report = orchestrator.runOnce();

      ComponentResult normal = report.result("departures").orElseThrow();
      assertThat(normal.status()).isEqualTo(Status.SKIPPED);
      assertThat(normal.reason().code()).isEqualTo(ReasonCode.QUOTA_EXHAUSTED);
      assertThat(normal.reason().message())
          .isEqualTo(
              "quota exhausted: ptv has used the 8 calls of its daily budget of 10 open to calls"
                  + " without priority (the rest is reserved for priority) on 2026-11-25 (8 calls);"
                  + " it resets at 2026-11-26T00:00+11:00");
      assertThat(normal.http().calls()).isEqualTo(8);
      assertThat(report.status("disruptions")).isEqualTo(Status.SUCCEEDED);
      assertThat(report.result("more-disruptions").orElseThrow().reason().message())
          .startsWith("quota exhausted: ptv has used its daily budget of 10 calls on 2026-11-25");
      assertThat(server.getRequestCount()).isEqualTo(10);
      assertThat(report.quotas()).containsExactly(new QuotaUse("ptv", 10, "2026-11-25", 10, 10));
      assertThat(report.toText()).contains("quota ptv: 10 calls, 10 of 10 used on 2026-11-25");
      assertThat(alerts).containsExactly(new QuotaUse("ptv", 0, "2026-11-25", 8, 10));

      // the plan knows before anything is called; the budget resets at midnight in Melbourne
      clock.advance(Duration.ofHours(1));
      assertThat(orchestrator.plan().step("departures").orElseThrow().reason().code())
          .isEqualTo(ReasonCode.QUOTA_EXHAUSTED);
      clock.setTo(Instant.parse("2026-11-25T13:00:01Z"));
      assertThat(orchestrator.plan().step("departures").orElseThrow().reason().code())
          .isNotEqualTo(ReasonCode.QUOTA_EXHAUSTED);
    }
  }

  @Test
  void parallelComponents_shareTheBudgetExactly_evenWhenTheyWrapTheRefusal() {
    QuotaPolicy hundred = QuotaPolicy.builder("ptv").dailyBudget(100, MELBOURNE).build();
    String url = server.url("/v3/stops").toString();
    List<Component> components = new java.util.ArrayList<>();
    for (int c = 0; c < 8; c++) {
      components.add(
          Component.builder("stops-" + c)
              .quota("ptv")
              .retry(dev.flinders.orchestration.RetryPolicy.exponential(3, Duration.ofSeconds(1)))
              .task(
                  context -> {
                    for (int i = 0; i < 20; i++) {
                      try (HttpResponse response = context.http().get(url)) {
                        response.bytes();
                      } catch (RuntimeException e) {
                        throw new IllegalStateException("stops page " + i + " failed", e);
                      }
                    }
                    return Outcome.success();
                  })
              .build());
    }
    Pipeline pipeline = Pipeline.builder("ptv-feeds").components(components).parallelism(4).build();

    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .timeSource(clock)
            .stateStore(new InMemoryStateStore())
            .quota(hundred)
            .build()) {
      RunReport report = orchestrator.runOnce();

      // how the 100 calls spread over the components depends on the interleaving; the total not
      assertThat(
              report.results().stream()
                  .mapToInt(r -> r.http() == null ? 0 : r.http().calls())
                  .sum())
          .isEqualTo(100);
      assertThat(report.counts().getOrDefault(Status.SUCCEEDED, 0)).isBetween(1, 5);
      assertThat(report.counts().keySet()).containsOnly(Status.SUCCEEDED, Status.SKIPPED);
      assertThat(report.results())
          .filteredOn(result -> result.status() == Status.SKIPPED)
          .allSatisfy(
              result -> {
                assertThat(result.reason().code()).isEqualTo(ReasonCode.QUOTA_EXHAUSTED);
                assertThat(result.attempts()).isEqualTo(1);
              });
      assertThat(report.quotas()).containsExactly(new QuotaUse("ptv", 100, "2026-11-25", 100, 100));
    }
    assertThat(server.getRequestCount()).isEqualTo(100);
  }

  @Test
  void manyConcurrentComponents_neverPutMoreCallsInAWindowThanTheRateLimit() {
    QuotaPolicy threePerMinute =
        QuotaPolicy.builder("ptv").rateLimit(3, Duration.ofSeconds(60)).build();
    List<Instant> arrivals = new CopyOnWriteArrayList<>();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            arrivals.add(clock.instant());
            return new MockResponse.Builder().body("ok").build();
          }
        });
    java.util.concurrent.atomic.AtomicInteger running =
        new java.util.concurrent.atomic.AtomicInteger();
    String url = server.url("/v3/departures").toString();
    List<Component> components = new java.util.ArrayList<>();
    for (int c = 0; c < 6; c++) {
      components.add(
          Component.builder("route-" + c)
              .quota("ptv")
              .task(
                  context -> {
                    running.incrementAndGet();
                    try {
                      for (int i = 0; i < 4; i++) {
                        try (HttpResponse response = context.http().get(url)) {
                          response.bytes();
                        }
                      }
                      return Outcome.success();
                    } finally {
                      running.decrementAndGet();
                    }
                  })
              .build());
    }
    Pipeline pipeline = Pipeline.builder("ptv-feeds").components(components).parallelism(6).build();

    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .timeSource(clock)
            .stateStore(new InMemoryStateStore())
            .quota(threePerMinute)
            .build()) {
      java.util.concurrent.CompletableFuture<RunReport> run =
          Fixtures.inBackground(orchestrator::runOnce);
      long giveUp = System.nanoTime() + Fixtures.PATIENCE.toNanos();
      // Time moves only when every running component waits for a permit (the run deadline and
      // the attempts' timeout are the two other timers), so each call reaches the server at the
      // time of its permit.
      while (!run.isDone()) {
        int waiting = clock.pendingTimers() - 2;
        if (running.get() > 0 && waiting == running.get()) {
          clock.nextTimer().ifPresent(clock::setTo);
        } else {
          Thread.yield();
        }
        assertThat(System.nanoTime()).as("the run ends").isLessThan(giveUp);
      }
      RunReport report = Fixtures.await(run);

      assertThat(report.counts()).containsExactly(java.util.Map.entry(Status.SUCCEEDED, 6));
    }
    List<Instant> sorted = new java.util.ArrayList<>(arrivals);
    java.util.Collections.sort(sorted);
    assertThat(sorted).hasSize(24);
    for (int i = 3; i < sorted.size(); i++) {
      assertThat(Duration.between(sorted.get(i - 3), sorted.get(i)))
          .as("calls %d and %d of %s", i - 3, i, sorted)
          .isGreaterThanOrEqualTo(Duration.ofSeconds(60));
    }
    assertThat(Duration.between(sorted.get(0), sorted.get(23))).isEqualTo(Duration.ofMinutes(7));
  }

  @Test
  void theBudget_holdsAcrossARestartOnTheSameStateDirectory(@TempDir Path state) {
    try (JsonFileStateStore store = JsonFileStateStore.open(state);
        Orchestrator first = orchestrator(store, PTV, calling("departures", 5, false))) {
      assertThat(first.runOnce().status("departures")).isEqualTo(Status.SUCCEEDED);
    }
    clock.advance(Duration.ofHours(1));

    try (JsonFileStateStore store = JsonFileStateStore.open(state);
        Orchestrator second = orchestrator(store, PTV, calling("departures", 5, false))) {
      RunReport report = second.runOnce();

      assertThat(report.status("departures")).isEqualTo(Status.SKIPPED);
      assertThat(report.result("departures").orElseThrow().http().calls()).isEqualTo(3);
      assertThat(report.quotas()).containsExactly(new QuotaUse("ptv", 3, "2026-11-25", 8, 10));
    }
    assertThat(server.getRequestCount()).isEqualTo(8);
  }

  @Test
  void aRateLimitPermitAfterTheDeadline_skipsTheComponentWithoutTheCall() {
    QuotaPolicy hourly = QuotaPolicy.builder("ptv").rateLimit(1, Duration.ofHours(1)).build();
    Component twice =
        calling("departures", 2, false).toBuilder().timeout(Duration.ofMinutes(5)).build();

    try (Orchestrator orchestrator = orchestrator(new InMemoryStateStore(), hourly, twice)) {
      ComponentResult result = orchestrator.runOnce().result("departures").orElseThrow();

      assertThat(result.status()).isEqualTo(Status.SKIPPED);
      assertThat(result.reason().message())
          .startsWith(
              "quota exhausted: the rate limit of ptv (1 calls per 1h) gives the next permit");
      assertThat(result.attempts()).isEqualTo(1);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aProviderGivenTwoPolicies_isRejected() {
    Orchestrator.Builder builder =
        Orchestrator.builder(
                Pipeline.builder("p").component(calling("departures", 1, false)).build())
            .quota(PTV);

    assertThatThrownBy(() -> builder.quota(PTV))
        .hasMessage("a quota policy for provider \"ptv\" was added already");
    assertThatThrownBy(() -> builder.maxResponseBytes(-1))
        .hasMessage("maxResponseBytes must not be negative, was -1");
  }

  @Test
  void aComponentNamingAProviderWithoutPolicy_isRejectedAtBuild() {
    Pipeline pipeline = Pipeline.builder("p").component(calling("departures", 1, false)).build();

    assertThatThrownBy(
            () -> Orchestrator.builder(pipeline).stateStore(new InMemoryStateStore()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "component \"departures\" counts its calls against the quota of \"ptv\", but the"
                + " orchestrator has no policy for it: add quota(QuotaPolicy.builder(\"ptv\")...build())"
                + " to its builder");
  }
}

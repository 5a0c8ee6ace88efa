package dev.flinders.orchestration.core;

import static dev.flinders.orchestration.core.Fixtures.clock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.TriggerRule;
import dev.flinders.orchestration.change.AdaptivePolling;
import dev.flinders.orchestration.change.ChangeDetector;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Change detection: probes before the task, fingerprints between runs, reasons that compare. */
class ChangeDetectionTest {
  private static final String ETAG_ABC = "\"abc\"";
  private static final String LAST_MODIFIED = "Tue, 24 Nov 2026 19:00:00 GMT";

  @StartStop private final MockWebServer server = new MockWebServer();

  private final ManualClock clock = clock();
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final AtomicInteger taskRuns = new AtomicInteger();

  private Component.Builder source(String name, ChangeDetector detector) {
    return Component.builder(name)
        .task(
            context -> {
              taskRuns.incrementAndGet();
              return Outcome.success();
            })
        .changeDetector(detector);
  }

  private String feedUrl() {
    return server.url("/feed.zip").toString();
  }

  private Orchestrator orchestrator(Component... components) {
    return Orchestrator.builder(
            Pipeline.builder("sources").components(java.util.List.of(components)).build())
        .timeSource(clock)
        .stateStore(store)
        .build();
  }

  private RunReport runADayLater(Orchestrator orchestrator) {
    clock.advance(Duration.ofDays(1));
    return orchestrator.runOnce();
  }

  private static MockResponse validators(String etag, String lastModified) {
    MockResponse.Builder response = new MockResponse.Builder();
    if (etag != null) {
      response.addHeader("ETag", etag);
    }
    if (lastModified != null) {
      response.addHeader("Last-Modified", lastModified);
    }
    return response.build();
  }

  private static MockResponse notModified() {
    return new MockResponse.Builder().code(304).build();
  }

  @Test
  void probeTimes_areShownInTheReportsOneZone_whateverTheScheduleZone() throws Exception {
    // given: a schedule in Perth, an orchestrator whose zone is Melbourne (its clock's)
    server.enqueue(validators(ETAG_ABC, null));
    server.enqueue(notModified());
    Component perth =
        source("gtfs", ChangeDetector.httpValidators(feedUrl()))
            .schedule(Schedule.daily().at(5, 0).in(java.time.ZoneId.of("Australia/Perth")))
            .build();

    try (Orchestrator orchestrator = orchestrator(perth)) {
      orchestrator.runOnce();
      RunReport second = runADayLater(orchestrator);

      // then: the probe's time, the schedule's and the report's start all in Melbourne
      assertThat(second.result("gtfs").orElseThrow().reason().message())
          .isEqualTo("unchanged: ETag \"abc\" same as on 2026-11-25T06:00+11:00");
      assertThat(second.zone()).isEqualTo(Fixtures.MELBOURNE);
      assertThat(second.toText()).contains("started 2026-11-26T06:00+11:00");
      assertThat(orchestrator.plan().toText())
          .startsWith("Plan for sources at 2026-11-26T06:00+11:00")
          .contains(
              "not due: daily at 05:00 Australia/Perth, last succeeded 2026-11-26T06:00+11:00,"
                  + " next due 2026-11-26T08:00+11:00");
    }
  }

  @Test
  void theOrchestratorsZone_setsTheZoneOfEveryTimeInReasonsAndReports() throws Exception {
    server.enqueue(validators(ETAG_ABC, null));
    server.enqueue(notModified());
    java.time.ZoneId utc = java.time.ZoneOffset.UTC;
    try (Orchestrator orchestrator =
        Orchestrator.builder(
                Pipeline.builder("sources")
                    .component(source("gtfs", ChangeDetector.httpValidators(feedUrl())).build())
                    .build())
            .timeSource(clock)
            .zone(utc)
            .stateStore(store)
            .build()) {
      orchestrator.runOnce();
      RunReport second = runADayLater(orchestrator);

      assertThat(second.result("gtfs").orElseThrow().reason().message())
          .isEqualTo("unchanged: ETag \"abc\" same as on 2026-11-24T19:00Z");
      assertThat(second.toText()).contains("started 2026-11-25T19:00Z");
      assertThat(second.runId()).startsWith("20261125T190000.000Z"); // ids are always UTC
    }
  }

  @Test
  void anETag_isSentBack_andA304_endsTheComponentUnchangedWithoutItsTask() throws Exception {
    server.enqueue(validators(ETAG_ABC, null));
    server.enqueue(notModified());
    server.enqueue(validators("\"def\"", null));

    try (Orchestrator orchestrator =
        orchestrator(source("gtfs", ChangeDetector.httpValidators(feedUrl())).build())) {
      ComponentResult first = orchestrator.runOnce().result("gtfs").orElseThrow();
      ComponentResult second = runADayLater(orchestrator).result("gtfs").orElseThrow();
      ComponentResult third = runADayLater(orchestrator).result("gtfs").orElseThrow();

      assertThat(first.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(first.reason().message()).endsWith("; first probe: ETag \"abc\"");
      assertThat(second.status()).isEqualTo(Status.UNCHANGED);
      assertThat(second.reason().code()).isEqualTo(ReasonCode.SOURCE_UNCHANGED);
      assertThat(second.reason().message())
          .isEqualTo("unchanged: ETag \"abc\" same as on 2026-11-25T06:00+11:00");
      assertThat(second.http().statuses()).containsEntry(304, 1);
      assertThat(third.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(third.reason().message())
          .endsWith("; source changed: ETag \"def\", was ETag \"abc\" on 2026-11-25T06:00+11:00");
      assertThat(taskRuns).hasValue(2);
    }
    RecordedRequest probe1 = server.takeRequest();
    RecordedRequest probe2 = server.takeRequest();
    assertThat(probe1.getMethod()).isEqualTo("HEAD");
    assertThat(probe1.getHeaders().get("If-None-Match")).isNull();
    assertThat(probe2.getHeaders().get("If-None-Match")).isEqualTo(ETAG_ABC);
    assertThat(probe2.getHeaders().get("If-Modified-Since")).isNull();
  }

  @Test
  void aLastModifiedAlone_isSentBackAsIfModifiedSince() throws Exception {
    server.enqueue(validators(null, LAST_MODIFIED));
    server.enqueue(notModified());

    try (Orchestrator orchestrator =
        orchestrator(source("gtfs", ChangeDetector.httpValidators(feedUrl())).build())) {
      orchestrator.runOnce();
      ComponentResult second = runADayLater(orchestrator).result("gtfs").orElseThrow();

      assertThat(second.status()).isEqualTo(Status.UNCHANGED);
      assertThat(second.reason().message())
          .isEqualTo(
              "unchanged: Last-Modified " + LAST_MODIFIED + " same as on 2026-11-25T06:00+11:00");
    }
    server.takeRequest();
    RecordedRequest probe2 = server.takeRequest();
    assertThat(probe2.getHeaders().get("If-Modified-Since")).isEqualTo(LAST_MODIFIED);
    assertThat(probe2.getHeaders().get("If-None-Match")).isNull();
  }

  @Test
  void aServerIgnoringConditions_butSendingTheSameValidators_isUnchangedToo() {
    server.enqueue(validators(ETAG_ABC, LAST_MODIFIED));
    server.enqueue(validators(ETAG_ABC, LAST_MODIFIED));

    try (Orchestrator orchestrator =
        orchestrator(source("gtfs", ChangeDetector.httpValidators(feedUrl())).build())) {
      orchestrator.runOnce();

      assertThat(runADayLater(orchestrator).status("gtfs")).isEqualTo(Status.UNCHANGED);
    }
  }

  @Test
  void aServerWithoutValidators_cannotBeCompared_soEveryProbeCountsAsChanged() {
    server.enqueue(validators(null, null));
    server.enqueue(validators(null, null));

    try (Orchestrator orchestrator =
        orchestrator(source("gtfs", ChangeDetector.httpValidators(feedUrl())).build())) {
      orchestrator.runOnce();
      ComponentResult second = runADayLater(orchestrator).result("gtfs").orElseThrow();

      assertThat(second.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(second.reason().message()).contains("source changed: no ETag or Last-Modified");
      assertThat(taskRuns).hasValue(2);
    }
  }

  @Test
  void aForcedRun_probesButRunsItsTaskWhateverItFinds() {
    server.enqueue(validators(ETAG_ABC, null));
    server.enqueue(notModified());

    try (Orchestrator orchestrator =
        orchestrator(source("gtfs", ChangeDetector.httpValidators(feedUrl())).build())) {
      orchestrator.runOnce();
      clock.advance(Duration.ofDays(1));
      ComponentResult forced =
          orchestrator.run(RunRequest.force("gtfs")).result("gtfs").orElseThrow();

      assertThat(forced.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(forced.reason().message())
          .isEqualTo(
              "forced by the run request; it ran although its source was unchanged: ETag"
                  + " \"abc\" same as on 2026-11-25T06:00+11:00");
      assertThat(taskRuns).hasValue(2);
    }
  }

  @Test
  void aForcedTaskReturningNothing_isStillAnError_evenWhenTheSourceIsUnchanged() {
    server.enqueue(validators(ETAG_ABC, null));
    server.enqueue(notModified());
    AtomicInteger calls = new AtomicInteger();
    Component component =
        Component.builder("gtfs")
            .task(context -> calls.incrementAndGet() == 1 ? Outcome.success() : null)
            .changeDetector(ChangeDetector.httpValidators(feedUrl()))
            .build();

    try (Orchestrator orchestrator = orchestrator(component)) {
      orchestrator.runOnce();
      clock.advance(Duration.ofDays(1));
      ComponentResult forced =
          orchestrator.run(RunRequest.force("gtfs")).result("gtfs").orElseThrow();

      assertThat(forced.status()).isEqualTo(Status.FAILED);
      assertThat(forced.error()).contains("the task returned null");
    }
  }

  @Test
  void aFailedTask_doesNotRecordTheNewFingerprint_soTheNextRunFetchesAgain() throws Exception {
    server.enqueue(validators(ETAG_ABC, null));
    server.enqueue(validators("\"def\"", null));
    server.enqueue(validators("\"def\"", null));
    AtomicInteger calls = new AtomicInteger();
    Component component =
        Component.builder("gtfs")
            .task(
                context -> {
                  if (calls.incrementAndGet() == 2) {
                    throw new IllegalStateException("the download broke");
                  }
                  return Outcome.success();
                })
            .changeDetector(ChangeDetector.httpValidators(feedUrl()))
            .build();

    try (Orchestrator orchestrator = orchestrator(component)) {
      orchestrator.runOnce();
      assertThat(runADayLater(orchestrator).status("gtfs")).isEqualTo(Status.FAILED);
      ComponentResult third = runADayLater(orchestrator).result("gtfs").orElseThrow();

      assertThat(third.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(third.reason().message())
          .contains("source changed: ETag \"def\", was ETag \"abc\"");
    }
    server.takeRequest();
    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("If-None-Match")).isEqualTo(ETAG_ABC);
  }

  @Test
  void aFailingProbe_failsTheAttemptLikeTheTaskWould() {
    server.enqueue(new MockResponse.Builder().code(500).build());

    try (Orchestrator orchestrator =
        orchestrator(source("gtfs", ChangeDetector.httpValidators(feedUrl())).build())) {
      ComponentResult result = orchestrator.runOnce().result("gtfs").orElseThrow();

      assertThat(result.status()).isEqualTo(Status.FAILED);
      assertThat(result.error()).contains("answered HTTP 500");
      assertThat(taskRuns).hasValue(0);
    }
  }

  @Test
  void downstreamsWaitingForAChange_areSkippedWhenTheSourceIsUnchanged() {
    server.enqueue(validators(ETAG_ABC, null));
    server.enqueue(notModified());
    Component derived =
        Component.builder("derived")
            .task(context -> Outcome.success())
            .dependsOn("gtfs")
            .trigger(TriggerRule.ANY_CHANGED)
            .build();

    try (Orchestrator orchestrator =
        orchestrator(source("gtfs", ChangeDetector.httpValidators(feedUrl())).build(), derived)) {
      assertThat(orchestrator.runOnce().status("derived")).isEqualTo(Status.SUCCEEDED);
      RunReport second = runADayLater(orchestrator);

      assertThat(second.status("gtfs")).isEqualTo(Status.UNCHANGED);
      assertThat(second.result("derived").orElseThrow().reason().code())
          .isEqualTo(ReasonCode.NO_UPSTREAM_CHANGED);
    }
  }

  @Test
  void thePlan_saysWhatWouldBeProbed_withoutTouchingTheSource() {
    server.enqueue(validators(ETAG_ABC, null));

    try (Orchestrator orchestrator =
        orchestrator(source("gtfs", ChangeDetector.httpValidators(feedUrl())).build())) {
      assertThat(orchestrator.plan().step("gtfs").orElseThrow().probe())
          .isEqualTo("HEAD " + feedUrl() + " for its ETag and Last-Modified");
      orchestrator.runOnce();
      clock.advance(Duration.ofDays(1));

      RunPlan plan = orchestrator.plan();

      assertThat(plan.step("gtfs").orElseThrow().probe())
          .isEqualTo("conditional HEAD " + feedUrl() + " (If-None-Match \"abc\")");
      assertThat(plan.toText()).contains("; first probes conditional HEAD");
      assertThat(
              orchestrator
                  .run(RunRequest.builder().dryRun().build())
                  .result("gtfs")
                  .orElseThrow()
                  .reason()
                  .message())
          .contains("; first probes conditional HEAD");
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void twoComponentsProbingTheSameUrl_shareOneRequestPerRun() {
    server.enqueue(validators(ETAG_ABC, null));

    try (Orchestrator orchestrator =
        orchestrator(
            source("metro", ChangeDetector.httpValidators(feedUrl())).build(),
            source("tram", ChangeDetector.httpValidators(feedUrl())).build())) {
      RunReport report = orchestrator.runOnce();

      assertThat(report.status("metro")).isEqualTo(Status.SUCCEEDED);
      assertThat(report.status("tram")).isEqualTo(Status.SUCCEEDED);
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void aContentHash_seesAFileChange(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("stops.txt");
    Files.writeString(file, "stop_id,stop_name\n1,Flinders Street\n");

    try (Orchestrator orchestrator =
        orchestrator(source("stops", ChangeDetector.contentHash(file)).build())) {
      assertThat(orchestrator.runOnce().result("stops").orElseThrow().reason().message())
          .contains("first probe: SHA-256 ")
          .contains("… of " + file);
      assertThat(runADayLater(orchestrator).status("stops")).isEqualTo(Status.UNCHANGED);
      Files.writeString(file, "stop_id,stop_name\n1,Flinders Street\n2,Southern Cross\n");
      assertThat(runADayLater(orchestrator).status("stops")).isEqualTo(Status.SUCCEEDED);
    }
  }

  @Test
  void countsAndTimeStamps_combineWithAnyOfAndAllOf() {
    AtomicLong count = new AtomicLong(222);
    AtomicReference<Instant> modified =
        new AtomicReference<>(Instant.parse("2026-11-01T00:00:00Z"));
    ChangeDetector total = ChangeDetector.recordCount("resource", context -> count.get());
    ChangeDetector stamp = ChangeDetector.lastModified("resource", context -> modified.get());

    try (Orchestrator orchestrator =
        orchestrator(
            source("any", ChangeDetector.anyOf(total, stamp)).build(),
            source("all", ChangeDetector.allOf(total, stamp)).build())) {
      orchestrator.runOnce();
      modified.set(Instant.parse("2026-11-20T00:00:00Z")); // one of the two changes
      RunReport second = runADayLater(orchestrator);
      count.set(230); // now both have changed since the last success of "all"
      RunReport third = runADayLater(orchestrator);

      assertThat(second.status("any")).isEqualTo(Status.SUCCEEDED);
      assertThat(second.result("any").orElseThrow().reason().message())
          .contains(
              "source changed: resource has 222 records; resource last modified"
                  + " 2026-11-20T00:00:00Z, was resource has 222 records; resource last modified"
                  + " 2026-11-01T00:00:00Z");
      assertThat(second.status("all")).isEqualTo(Status.UNCHANGED);
      assertThat(third.status("all")).isEqualTo(Status.SUCCEEDED);
      assertThat(third.status("any")).isEqualTo(Status.SUCCEEDED);
    }
  }

  @Test
  void adaptivePolling_backsOffWhileUnchanged_andReturnsToTheScheduleAfterAChange() {
    AtomicLong count = new AtomicLong(222);
    Component component =
        source("patronage", ChangeDetector.recordCount("resource", context -> count.get()))
            .adaptivePolling(AdaptivePolling.after(2, Duration.ofHours(1), Duration.ofHours(4)))
            .build();
    Duration tick = Duration.ofMinutes(10);

    try (Orchestrator orchestrator = orchestrator(component)) {
      assertThat(orchestrator.runOnce().status("patronage")).isEqualTo(Status.SUCCEEDED);
      clock.advance(tick);
      assertThat(orchestrator.runOnce().status("patronage")).isEqualTo(Status.UNCHANGED);
      clock.advance(tick);
      assertThat(orchestrator.runOnce().status("patronage")).isEqualTo(Status.UNCHANGED);
      clock.advance(tick);
      ComponentResult heldBack = orchestrator.runOnce().result("patronage").orElseThrow();

      assertThat(heldBack.status()).isEqualTo(Status.SKIPPED);
      assertThat(heldBack.reason().code()).isEqualTo(ReasonCode.POLLING_BACKED_OFF);
      assertThat(heldBack.reason().message())
          .isEqualTo(
              "not probed: unchanged for 2 probes in a row, so probed every 1h (adaptive polling"
                  + " after 2 unchanged probes, every 1h doubling up to 4h); last probed"
                  + " 2026-11-25T06:20+11:00, next probe 2026-11-25T07:20+11:00");

      clock.setTo(Instant.parse("2026-11-24T20:20:00Z")); // 07:20 in Melbourne
      assertThat(orchestrator.runOnce().status("patronage")).isEqualTo(Status.UNCHANGED);
      clock.advance(Duration.ofHours(1));
      assertThat(orchestrator.runOnce().result("patronage").orElseThrow().reason().message())
          .contains("probed every 2h");

      clock.advance(Duration.ofHours(2));
      count.set(230);
      assertThat(orchestrator.runOnce().status("patronage")).isEqualTo(Status.SUCCEEDED);
      clock.advance(tick);
      assertThat(orchestrator.runOnce().status("patronage")).isEqualTo(Status.UNCHANGED);
    }
  }

  /** What six months of daily runs saw of a source that changes on the 3rd of each month. */
  private record Season(
      java.util.Map<java.time.YearMonth, Integer> probes,
      java.util.Map<java.time.YearMonth, Integer> detectedOnDay,
      String plan) {}

  private static Season monthlySourceProbedDaily(AdaptivePolling polling) {
    java.time.ZoneId zone = Fixtures.MELBOURNE;
    ManualClock clock = ManualClock.at("2026-06-01T06:00:00+10:00").withZone(zone);
    java.util.Map<java.time.YearMonth, Integer> probes = new java.util.TreeMap<>();
    java.util.Map<java.time.YearMonth, Integer> detected = new java.util.TreeMap<>();
    ChangeDetector monthly =
        ChangeDetector.recordCount(
            "resource",
            context -> {
              java.time.LocalDate today = java.time.LocalDate.now(clock.clock());
              probes.merge(java.time.YearMonth.from(today), 1, Integer::sum);
              // a new month's data appears on its 3rd
              return today.getMonthValue() * 100L + (today.getDayOfMonth() >= 3 ? 1 : 0);
            });
    Component component =
        Component.builder("patronage-monthly")
            .task(context -> Outcome.success())
            .changeDetector(monthly)
            .adaptivePolling(polling)
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(Pipeline.builder("sources").component(component).build())
            .timeSource(clock)
            .stateStore(new InMemoryStateStore())
            .build()) {
      while (clock.instant().isBefore(Instant.parse("2026-11-30T00:00:00Z"))) {
        if (orchestrator.runOnce().status("patronage-monthly") == Status.SUCCEEDED) {
          java.time.LocalDate today = java.time.LocalDate.now(clock.clock().withZone(zone));
          detected.put(java.time.YearMonth.from(today), today.getDayOfMonth());
        }
        clock.advance(Duration.ofDays(1));
      }
      return new Season(probes, detected, orchestrator.plan().toText());
    }
  }

  @Test
  void adaptivePolling_aroundTheUsualChange_probesInItsWindow_andRarelyOutsideIt() {
    AdaptivePolling backOff = AdaptivePolling.after(2, Duration.ofDays(2), Duration.ofDays(8));

    Season plain = monthlySourceProbedDaily(backOff);
    Season learning = monthlySourceProbedDaily(backOff.aroundUsualChange());

    java.time.YearMonth november = java.time.YearMonth.of(2026, 11);
    java.time.YearMonth october = java.time.YearMonth.of(2026, 10);
    // learnt from the changes of July, August and September: found on the day they appear
    assertThat(learning.detectedOnDay()).containsEntry(october, 3).containsEntry(november, 3);
    assertThat(learning.probes().get(november)).isLessThanOrEqualTo(6);
    // plain back-off probes more and finds a change days late
    assertThat(plain.probes().get(november)).isGreaterThan(learning.probes().get(november));
    assertThat(plain.detectedOnDay().values()).anyMatch(day -> day > 3);
    // the plan says when the source usually changes, with the numbers: the times are those of
    // the probes that found the changes, so one found late before the rhythm was learnt is
    // outside the window
    assertThat(learning.plan())
        .contains(
            "not probed: it usually changes on days 3–5 of the month (5 of its last 6 changes;"
                + " about every 31d) and it is outside that window; last probed"
                + " 2026-11-27T07:00+11:00, next probe 2026-12-03T00:00+11:00");
    assertThat(plain.plan()).contains("usually changes on day");
  }
}

package dev.flinders.orchestration.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.Reason;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.change.AdaptivePolling;
import dev.flinders.orchestration.change.ChangeDetector;
import dev.flinders.orchestration.core.RunRequest;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.spi.ComponentRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planner's decisions as a table: a component (schedule, enabled, detector, polling), its
 * record, the request, and the decision with its reason, at a fixed time, 2026-11-25 07:00 in
 * Melbourne. No threads, nothing run.
 */
class PlannerTest {
  private static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");
  private static final Instant NOW = Instant.parse("2026-11-24T20:00:00Z"); // 07:00 +11:00
  private static final Schedule DAILY = Schedule.daily().at(6, 0).in(MELBOURNE);
  private static final ChangeDetector DETECTOR = ChangeDetector.recordCount("rows", context -> 1L);

  static Stream<Arguments> table() {
    Instant yesterday = Instant.parse("2026-11-23T19:00:00Z"); // 06:00 the day before
    Instant today = Instant.parse("2026-11-24T19:00:00Z"); // 06:00 today
    return Stream.of(
        row(
            "never ran",
            component -> component.schedule(DAILY),
            record(null, null, 0),
            RunRequest.scheduled(),
            "RUN FIRST_RUN: first run: it has never run (schedule daily at 06:00"
                + " Australia/Melbourne)"),
        row(
            "ran and failed, never succeeded",
            component -> component.schedule(DAILY),
            record(null, Status.FAILED, 0),
            RunRequest.scheduled(),
            "RUN FIRST_RUN: first run: it has not succeeded before (schedule daily at 06:00"
                + " Australia/Melbourne)"),
        row(
            "succeeded yesterday: due",
            component -> component.schedule(DAILY),
            record(yesterday, Status.SUCCEEDED, 0),
            RunRequest.scheduled(),
            "RUN DUE: due: daily at 06:00 Australia/Melbourne, last succeeded"
                + " 2026-11-24T06:00+11:00, due since 2026-11-25T06:00+11:00"),
        row(
            "succeeded today: not due",
            component -> component.schedule(DAILY),
            record(today, Status.SUCCEEDED, 0),
            RunRequest.scheduled(),
            "SKIP NOT_DUE: not due: daily at 06:00 Australia/Melbourne, last succeeded"
                + " 2026-11-25T06:00+11:00, next due 2026-11-26T06:00+11:00"),
        row(
            "not due, forced",
            component -> component.schedule(DAILY),
            record(today, Status.SUCCEEDED, 0),
            RunRequest.force("c"),
            "RUN FORCED (forced): forced by the run request"),
        row(
            "disabled, forced",
            component -> component.schedule(DAILY).enabled(false),
            record(yesterday, Status.SUCCEEDED, 0),
            RunRequest.force("c"),
            "SKIP DISABLED: disabled"),
        row(
            "manual",
            component -> component.schedule(Schedule.manual()),
            record(null, null, 0),
            RunRequest.scheduled(),
            "SKIP MANUAL_ONLY: manual schedule: it runs only when forced"),
        row(
            "not selected",
            component -> component.schedule(DAILY),
            record(yesterday, Status.SUCCEEDED, 0),
            RunRequest.builder().select("other").build(),
            "SKIP NOT_SELECTED: not selected: the run request selected \"other\""),
        row(
            "not due, checked now, with a detector",
            component -> component.schedule(DAILY).changeDetector(DETECTOR),
            record(today, Status.SUCCEEDED, 0),
            RunRequest.checkNow("c"),
            "RUN CHECKED: checked now by the run request: it runs only if its source changed"),
        row(
            "checked now without a detector",
            component -> component.schedule(DAILY),
            record(today, Status.SUCCEEDED, 0),
            RunRequest.checkNow("c"),
            "RUN CHECKED: checked now by the run request: it has no change detector, so it runs"),
        row(
            "due, but unchanged for 3 probes: polling backed off",
            component ->
                component
                    .schedule(Schedule.every(Duration.ofMinutes(15)))
                    .changeDetector(DETECTOR)
                    .adaptivePolling(
                        AdaptivePolling.after(3, Duration.ofHours(2), Duration.ofHours(8))),
            record(today, Status.UNCHANGED, 3),
            RunRequest.scheduled(),
            "SKIP POLLING_BACKED_OFF: not probed: unchanged for 3 probes in a row, so probed every"
                + " 2h (adaptive polling after 3 unchanged probes, every 2h doubling up to 8h);"
                + " last probed 2026-11-25T06:00+11:00, next probe 2026-11-25T08:00+11:00"),
        row(
            "due, unchanged for 3 probes, the backed-off interval passed",
            component ->
                component
                    .schedule(Schedule.every(Duration.ofMinutes(15)))
                    .changeDetector(DETECTOR)
                    .adaptivePolling(
                        AdaptivePolling.after(3, Duration.ofMinutes(30), Duration.ofHours(8))),
            record(today, Status.UNCHANGED, 3),
            RunRequest.scheduled(),
            "RUN DUE: due: every 15m, last succeeded 2026-11-25T06:00+11:00, due since"
                + " 2026-11-25T06:15+11:00; unchanged for 3 probes in a row, so probed every 30m"
                + " (adaptive polling after 3 unchanged probes, every 30m doubling up to 8h)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void decision(
      String situation,
      UnaryOperator<Component.Builder> configure,
      ComponentRecord record,
      RunRequest request,
      String expected) {
    Component component =
        configure.apply(Component.builder("c").task(context -> Outcome.success())).build();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(component)
            .component(Component.builder("other").task(context -> Outcome.success()).build())
            .build();
    DagIndex dag = new DagIndex(pipeline);
    Planner.Decision[] decisions =
        planner(dag)
            .decide(
                new ComponentRecord[] {record, ComponentRecord.empty("other")},
                NOW,
                request,
                Set.of(),
                Set.of());
    assertThat(describe(decisions[dag.position("c")])).as(situation).isEqualTo(expected);
  }

  static Stream<Arguments> downstreamsOfChecked() {
    return Stream.of(
        Arguments.of(
            "a downstream that is not due runs only if its upstream brings news",
            DAILY,
            "RUN CHECKED (only if an upstream changed): downstream of checked \"feed\": it runs only"
                + " if an upstream brings new data (not due: daily at 06:00 Australia/Melbourne,"
                + " last succeeded 2026-11-25T06:00+11:00, next due 2026-11-26T06:00+11:00)"),
        Arguments.of(
            "a downstream that is due runs for its schedule",
            Schedule.everyRun(),
            "RUN DUE: due: scheduled every run"),
        Arguments.of(
            "a manual downstream stays manual",
            Schedule.manual(),
            "SKIP MANUAL_ONLY: manual schedule: it runs only when forced"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("downstreamsOfChecked")
  void downstreamOfACheckedComponent(String situation, Schedule schedule, String expected) {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                Component.builder("feed")
                    .task(context -> Outcome.success())
                    .schedule(DAILY)
                    .changeDetector(DETECTOR)
                    .build())
            .component(
                Component.builder("table")
                    .task(context -> Outcome.success())
                    .dependsOn("feed")
                    .schedule(schedule)
                    .build())
            .build();
    DagIndex dag = new DagIndex(pipeline);
    Instant today = Instant.parse("2026-11-24T19:00:00Z");
    ComponentRecord[] records = {
      record(today, Status.SUCCEEDED, 0, "feed"), record(today, Status.SUCCEEDED, 0, "table")
    };
    Planner.Decision[] decisions =
        planner(dag).decide(records, NOW, RunRequest.checkNow("feed"), Set.of(), Set.of());
    assertThat(describe(decisions[1])).as(situation).isEqualTo(expected);
  }

  private static Planner planner(DagIndex dag) {
    ManualClock clock = ManualClock.at(NOW);
    QuotaLedger quotas = new QuotaLedger(List.of(), new InMemoryStateStore(), clock, List.of());
    return new Planner(dag, MELBOURNE, quotas, dev.flinders.orchestration.PeakHours.melbourne());
  }

  private static Arguments row(
      String situation,
      UnaryOperator<Component.Builder> configure,
      ComponentRecord record,
      RunRequest request,
      String expected) {
    return Arguments.of(situation, configure, record, request, expected);
  }

  private static ComponentRecord record(Instant lastSucceededAt, Status last, int unchanged) {
    return record(lastSucceededAt, last, unchanged, "c");
  }

  private static ComponentRecord record(
      Instant lastSucceededAt, Status last, int unchanged, String name) {
    ComponentResult result =
        last == null
            ? null
            : ComponentResult.builder(name, last, new Reason(ReasonCode.DUE, "due")).build();
    return new ComponentRecord(
        name,
        last == null ? null : "run-1",
        result,
        lastSucceededAt,
        Map.of(),
        null,
        null,
        unchanged);
  }

  private static String describe(Planner.Decision decision) {
    return (decision.run() ? "RUN " : "SKIP ")
        + decision.reason().code()
        + (decision.forced() ? " (forced)" : "")
        + (decision.onlyIfUpstreamChanged() ? " (only if an upstream changed)" : "")
        + ": "
        + decision.reason().message();
  }
}

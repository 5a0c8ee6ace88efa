package dev.flinders.orchestration.ptv.timetable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.RunRequest;
import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.http.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ready-made components, run by an orchestrator against the fake PTV. */
class PtvTimetableTest extends PtvTestSupport {

  private Component disruptions() {
    return everyRun(PtvTimetable.disruptions(client()));
  }

  @Test
  void disruptions_areWrittenTyped_withTheirRoutesAndStops_thenUnchanged_untilTheyChange() {
    clock.advance(Duration.ofNanos(444_877_806)); // a real clock's instant: told to the second
    RunReport first = run(disruptions());

    ComponentResult fetched = result(first, "ptv-disruptions");
    assertThat(fetched.status()).as(first.toText()).isEqualTo(Status.SUCCEEDED);
    assertThat(fetched.outcome().records()).isEqualTo(5);
    assertThat(fetched.outcome().outputs())
        .containsExactly("ptv_disruptions", "ptv_disruption_routes", "ptv_disruption_stops");
    assertThat(fetched.outcome().notes())
        .containsExactly(
            "5 disruptions (general 1, metro_train 2, metro_tram 1, metro_bus 1), 4 affected"
                + " routes, 4 affected stops");
    assertThat(fetched.datasets())
        .extracting(DatasetSummary::dataset, DatasetSummary::written, DatasetSummary::quarantined)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ptv_disruptions", 5L, 0L),
            org.assertj.core.groups.Tuple.tuple("ptv_disruption_routes", 4L, 0L),
            org.assertj.core.groups.Tuple.tuple("ptv_disruption_stops", 4L, 0L));
    List<Object[]> parents = curated.latestRows("ptv_disruptions").orElseThrow();
    assertThat(parents.get(2))
        .containsExactly(
            310155L,
            "metro_train",
            "Hurstbridge line: minor delays",
            "Delays of up to 15 minutes due to an earlier equipment fault near Greensborough.",
            "http://ptv.vic.gov.au/live-travel-updates/",
            "Current",
            "Minor Delays",
            Instant.parse("2026-12-01T20:47:30Z"),
            Instant.parse("2026-12-01T20:55:02Z"),
            Instant.parse("2026-12-01T20:45:00Z"),
            null,
            "#ffd500",
            true,
            true);
    List<Object[]> routes = curated.latestRows("ptv_disruption_routes").orElseThrow();
    assertThat(routes.get(1))
        .containsExactly(
            310155L,
            "metro_train",
            0,
            8,
            "Hurstbridge",
            "",
            "2-HBG",
            1,
            "City (Flinders Street)",
            801,
            null);
    assertThat(routes.get(2)[10]).isEqualTo("07:42:00");
    assertThat(curated.latestRows("ptv_disruption_stops").orElseThrow())
        .extracting(row -> row[2])
        .containsExactly(1018, 1200, 1163, 20811);

    ptv.clearCalls();
    clock.advance(Duration.ofMinutes(15));
    RunReport second = run(disruptions());

    ComponentResult same = result(second, "ptv-disruptions");
    assertThat(same.status()).as(second.toText()).isEqualTo(Status.UNCHANGED);
    assertThat(same.reason().message())
        .startsWith(
            "unchanged: 5 disruptions (general 1, metro_train 2, metro_tram 1, metro_bus 1), 4"
                + " affected routes, 4 affected stops, SHA-256 ")
        .endsWith("…, the same as delivered on 2026-12-01T21:00:00Z");
    assertThat(ptv.calls()).containsExactly("/v3/disruptions"); // one request, nothing written
    assertThat(curated.versions("ptv_disruptions")).hasSize(1);

    ptv.disruptions =
        ptv.disruptions.replace("\"2026-12-01T20:55:02Z\"", "\"2026-12-01T21:10:00Z\"");
    clock.advance(Duration.ofDays(1)); // a new day's file, next to the first
    RunReport third = run(disruptions());

    assertThat(third.status("ptv-disruptions")).isEqualTo(Status.SUCCEEDED);
    assertThat(curated.versions("ptv_disruptions")).hasSize(2);
    assertThat(curated.latestRows("ptv_disruptions").orElseThrow().get(2)[8])
        .isEqualTo(Instant.parse("2026-12-01T21:10:00Z"));
  }

  @Test
  void aForcedRun_writesWhatItFinds_evenWhenUnchanged() {
    run(disruptions());
    clock.advance(Duration.ofDays(1));

    RunReport forced = run(disruptions(), RunRequest.force("ptv-disruptions"));

    assertThat(forced.status("ptv-disruptions")).isEqualTo(Status.SUCCEEDED);
    assertThat(curated.versions("ptv_disruptions")).hasSize(2);
  }

  @Test
  void theFilters_goIntoTheQuery() {
    RunReport report =
        run(everyRun(PtvTimetable.disruptions(client(), DisruptionStatus.CURRENT, 0, 1, 0)));

    assertThat(report.status("ptv-disruptions")).isEqualTo(Status.SUCCEEDED);
    assertThat(ptv.calls())
        .containsExactly("/v3/disruptions?route_types=0&route_types=1&disruption_status=current");
  }

  @Test
  void rowsBreakingTheRules_areQuarantined_theOthersWritten() {
    ptv.disruptions =
        "{\"disruptions\": {\"general\": [{\"title\": \"no id\"}, {\"disruption_id\": 7},"
            + " {\"disruption_id\": 7}], \"metro_train\": [{\"disruption_id\": 7, \"routes\":"
            + " [{\"route_name\": \"no id\"}]}]}, \"status\": {\"health\": 1}}";

    RunReport report = run(disruptions());

    ComponentResult result = result(report, "ptv-disruptions");
    assertThat(result.status()).as(report.toText()).isEqualTo(Status.SUCCEEDED);
    DatasetSummary parents = result.datasets().get(0);
    assertThat(parents.written()).isEqualTo(2); // 7 in general, 7 in metro_train
    assertThat(parents.quarantinedByRule())
        .containsEntry("not_null(disruption_id,mode_group)", 1L)
        .containsEntry("unique(disruption_id,mode_group)", 1L);
    assertThat(result.datasets().get(1).quarantinedByRule())
        .containsEntry("not_null(disruption_id,mode_group,route_id)", 1L);
  }

  @Test
  void anOutage_failsTheRun_keepsThePreviousFiles_andForgetsNothing() {
    run(disruptions());
    String state = store.component("ptv", "ptv-disruptions").orElseThrow().state().toString();
    ptv.disruptions = "{\"disruptions\": {\"general\": []}, \"status\": {\"health\": 0}}";
    clock.advance(Duration.ofDays(1));

    RunReport report = run(disruptions());

    ComponentResult result = result(report, "ptv-disruptions");
    assertThat(result.status()).isEqualTo(Status.FAILED);
    assertThat(result.error())
        .contains(
            "PtvOutageException: PTV Timetable API GET /v3/disruptions answered with"
                + " status.health 0");
    assertThat(result.errorDetail().type()).isEqualTo(PtvOutageException.class.getName());
    assertThat(curated.versions("ptv_disruptions")).hasSize(1);
    assertThat(store.component("ptv", "ptv-disruptions").orElseThrow().state().toString())
        .isEqualTo(state);
  }

  @Test
  void routes_areWritten_andAStatusTimeThatMovesAlone_isNoChange() {
    Component routes = everyRun(PtvTimetable.routes(client()));

    RunReport first = run(routes);

    assertThat(first.status("ptv-routes")).as(first.toText()).isEqualTo(Status.SUCCEEDED);
    List<Object[]> rows = curated.latestRows("ptv_routes").orElseThrow();
    assertThat(rows).hasSize(4);
    assertThat(rows.get(1))
        .containsExactly(
            0,
            8,
            "Hurstbridge",
            "",
            "2-HBG",
            "Minor Delays",
            Instant.parse("2026-12-01T21:00:04.1234567Z"));

    ptv.routes = ptv.routes.replace("21:00:04.1234567", "21:05:00.0000001");
    assertThat(run(routes).status("ptv-routes")).isEqualTo(Status.UNCHANGED);

    ptv.routes = ptv.routes.replace("\"Minor Delays\"", "\"Good Service\"");
    clock.advance(Duration.ofDays(1));
    assertThat(run(routes).status("ptv-routes")).isEqualTo(Status.SUCCEEDED);
    assertThat(curated.latestRows("ptv_routes").orElseThrow().get(1)[5]).isEqualTo("Good Service");
  }

  @Test
  void stops_areReadForEveryRoute_oneRowPerRouteAndStop() {
    RunReport report = run(everyRun(PtvTimetable.stops(client())));

    ComponentResult result = result(report, "ptv-stops");
    assertThat(result.status()).as(report.toText()).isEqualTo(Status.SUCCEEDED);
    assertThat(result.outcome().notes()).containsExactly("8 stops on 4 routes");
    assertThat(ptv.calls())
        .containsExactly(
            "/v3/routes",
            "/v3/stops/route/2/route_type/0",
            "/v3/stops/route/8/route_type/0",
            "/v3/stops/route/722/route_type/1",
            "/v3/stops/route/964/route_type/2");
    List<Object[]> rows = curated.latestRows("ptv_stops").orElseThrow();
    assertThat(rows).hasSize(8);
    assertThat(rows.get(0))
        .containsExactly(0, 2, 1018, "Belgrave Station", "Belgrave", -37.90906, 145.355225, 0, "");
    assertThat(rows.get(7)[2]).isEqualTo(20811);

    ptv.clearCalls();
    RunReport trains = run(everyRun(PtvTimetable.stops(client(), PtvTimetable.TRAIN)));
    assertThat(trains.status("ptv-stops")).isEqualTo(Status.SUCCEEDED); // another query: new
    assertThat(ptv.calls().get(0)).isEqualTo("/v3/routes?route_types=0");
  }

  @Test
  void aRouteWhoseStopsFail_failsTheComponent_andNothingIsCommitted() {
    ptv.routes =
        ptv.routes.replace("\"route_id\": 964", "\"route_id\": 965"); // PTV has no stops for it

    RunReport report = run(everyRun(PtvTimetable.stops(client())));

    ComponentResult result = result(report, "ptv-stops");
    assertThat(result.status()).isEqualTo(Status.FAILED);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.error())
        .contains(
            "PTV Timetable API GET /v3/stops/route/965/route_type/2 failed with HTTP 400: Invalid"
                + " route_id and route_type combination");
    assertThat(result.errorDetail().httpStatus()).isEqualTo(400);
    assertThat(curated.versions("ptv_stops")).isEmpty();
    assertThat(store.component("ptv", "ptv-stops").orElseThrow().state()).isEmpty();
  }

  @Test
  void theComponents_areReadyToDropIn() {
    Component disruptions = PtvTimetable.disruptions(client()).build();
    assertThat(disruptions.name()).isEqualTo("ptv-disruptions");
    assertThat(disruptions.timeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(disruptions.schedule().toString()).contains("15m");
    Component routes = PtvTimetable.routes(client()).build();
    assertThat(routes.name()).isEqualTo("ptv-routes");
    assertThat(routes.schedule().toString()).contains("Australia/Melbourne");
    Component stops = PtvTimetable.stops(client()).build();
    assertThat(stops.name()).isEqualTo("ptv-stops");
    assertThat(stops.timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(PtvTimetable.DISRUPTIONS.schema().size()).isEqualTo(14);
    assertThatThrownBy(() -> PtvTimetable.routes(client(), -1))
        .hasMessage(
            "a route type is 0 or more (0 train, 1 tram, 2 bus, 3 V/Line, 4 Night Bus); it was -1");
    assertThat(PtvClient.builder(Secret.of("1"), Secret.of("2")).quota("ptv").build().baseUrl())
        .isEqualTo(PtvClient.PTV);
  }
}

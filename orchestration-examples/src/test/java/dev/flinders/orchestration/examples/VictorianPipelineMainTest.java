package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.examples.victoria.VictorianPipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline demo end to end, in-process: one demo, its three runs checked one by one. */
class VictorianPipelineMainTest {
  @TempDir static Path data;

  private static VictorianPipelineMain.Demo demo;
  private static String printed;

  @BeforeAll
  static void runTheDemo() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    demo =
        VictorianPipelineMain.runOffline(data, new PrintStream(out, true, StandardCharsets.UTF_8));
    printed = out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void run1_fetchesEverySource() {
    RunReport first = demo.runs().get(0);

    assertThat(first.results()).hasSize(15);
    assertThat(first.results())
        .allSatisfy(result -> assertThat(result.status()).isEqualTo(Status.SUCCEEDED));
    assertThat(first.results().get(0).component()).isEqualTo(VictorianPipeline.GTFS_SCHEDULE);
    assertThat(note(first, "gtfs-schedule"))
        .contains("mode 2 (metro train) (first ingestion", "mode 3 (metro tram) (first ingestion");
  }

  @Test
  void realtimeTripUpdates_nameTheTripsOfTheIngestedSchedule() {
    for (RunReport run : demo.runs()) {
      for (String feed : List.of("gtfsr-metro-trip-updates", "gtfsr-tram-trip-updates")) {
        ComponentResult result = run.result(feed).orElseThrow();
        assertThat(result.outcome().metrics())
            .as("%s in run %s", feed, run.runId())
            .containsEntry("trips_not_in_schedule_share", 0.0);
      }
    }
  }

  @Test
  void run2_findsTheScheduleAndDisruptionsUnchanged_andSkipsWhatIsNotDue() {
    RunReport second = demo.runs().get(1);

    ComponentResult schedule = second.result("gtfs-schedule").orElseThrow();
    assertThat(schedule.status()).isEqualTo(Status.UNCHANGED);
    assertThat(schedule.http().statuses()).isEqualTo(Map.of(304, 1));
    assertThat(second.status("ptv-disruptions")).isEqualTo(Status.UNCHANGED);
    for (String notDue : List.of("station-patronage-annual", "patronage-monthly")) {
      ComponentResult skipped = second.result(notDue).orElseThrow();
      assertThat(skipped.status()).isEqualTo(Status.SKIPPED);
      assertThat(skipped.reason().code()).isEqualTo(ReasonCode.NOT_DUE);
      assertThat(skipped.reason().message()).contains("next due 2026-03-01T06:00+11:00");
    }
    assertThat(second.status("gtfsr-metro-trip-updates")).isEqualTo(Status.SUCCEEDED);
    assertThat(second.status("datavic-catalog")).isEqualTo(Status.SUCCEEDED);
  }

  @Test
  void run3_reingestsOnlyTheChangedMode_andQuarantinesTheBadPatronageRow() {
    RunReport third = demo.runs().get(2);

    ComponentResult schedule = third.result("gtfs-schedule").orElseThrow();
    assertThat(schedule.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(note(third, "gtfs-schedule")).contains("re-ingested mode 3 (metro tram)");
    assertThat(schedule.outcome().notes())
        .contains("kept mode 2 (metro train), mode 4 (metro bus): their inner feeds are unchanged");
    assertThat(schedule.datasets())
        .extracting(DatasetSummary::dataset)
        .contains("gtfs_trips", "gtfs_stop_times");
    assertThat(summary(third, "gtfs-schedule", "gtfs_trips").written()).isEqualTo(288);
    assertThat(third.status("station-patronage-annual")).isEqualTo(Status.UNCHANGED);
    DatasetSummary monthly = summary(third, "patronage-monthly", "patronage_monthly");
    assertThat(monthly.written()).isEqualTo(401);
    assertThat(monthly.quarantined()).isEqualTo(1);
  }

  @Test
  void everyDataset_holdsTheExpectedRows() {
    Map<String, Long> expected = new LinkedHashMap<>();
    // the extract's tables (see its SOURCE.md): modes 2, 3 and 4
    expected.put("gtfs_agency", 3L);
    expected.put("gtfs_routes", 35L + 24 + 729);
    expected.put("gtfs_stops", 2042L + 1636);
    expected.put("gtfs_calendar", 35L + 22);
    expected.put("gtfs_calendar_dates", 10L + 20);
    expected.put("gtfs_levels", 7L + 2);
    // made-up trips: per route and service running from February 2026, one per edition; the tram
    // mode is in its second edition after run 3. Metro: 35 routes, 5 services; tram: 24 and 6.
    expected.put("gtfs_trips", 35L * 5 + 24 * 6 * 2);
    expected.put("gtfs_stop_times", (35L * 5 + 24 * 6 * 2) * 6);
    // 3 runs, metro and tram each: 6 running trips of 3 stop-time updates; bus and V/Line empty
    expected.put("gtfsr_trip_updates", 3L * 2 * 6 * 3);
    expected.put("gtfsr_vehicle_positions", 3L * 2 * 6);
    // 3 runs of the alerts of disruptions.json: metro train 1 route + 3 stops, 1 route; tram 1
    expected.put("gtfsr_alerts", 3L * (4 + 1 + 1));
    expected.put("ptv_disruptions", 5L);
    expected.put("ptv_disruption_routes", 4L);
    expected.put("ptv_disruption_stops", 4L);
    expected.put("datavic_catalog", 2L);
    expected.put("station_patronage_annual", 222L);
    expected.put("patronage_monthly", 400L + 1);

    Map<String, Long> rows = new LinkedHashMap<>();
    expected.keySet().forEach(dataset -> rows.put(dataset, demo.files().curatedRows(dataset)));

    assertThat(rows).isEqualTo(expected);
    assertThat(demo.files().datasets().keySet())
        .filteredOn(name -> name.startsWith("curated/"))
        .hasSize(expected.size());
    assertThat(demo.files().quarantinedRows("patronage_monthly")).isEqualTo(1);
    assertThat(data.resolve("curated/gtfs_stop_times/mode=3/gtfs_stop_times.parquet")).exists();
  }

  @Test
  void theOutput_showsThePlanEachRunAndTheFiles_andNoKey() {
    assertThat(printed)
        .contains("== The plan on Monday 2 February 2026 06:10:")
        .contains("== Run 2, a week later, Monday 9 February 2026 06:10")
        .contains("unchanged: ETag ")
        .contains("not due: monthly on day 1 at 06:00")
        .contains("curated/gtfs_stops ")
        .contains("quarantine/patronage_monthly ")
        .contains("requests to the stand-ins");
    assertThat(printed).doesNotContain("demo-realtime-key").doesNotContain("0d4a6b8c-demo");
  }

  private static String note(RunReport run, String component) {
    return String.join("\n", run.result(component).orElseThrow().outcome().notes());
  }

  private static DatasetSummary summary(RunReport run, String component, String dataset) {
    return run.result(component).orElseThrow().datasets().stream()
        .filter(summary -> summary.dataset().equals(dataset))
        .findFirst()
        .orElseThrow();
  }
}

package dev.flinders.orchestration.ptv.datavic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.dataset.Column;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.quota.QuotaPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ready-made Data.vic components against a local CKAN serving the fixture data. */
class DataVicTest extends CkanTestSupport {
  private static final String ANNUAL = DataVic.STATION_PATRONAGE_ANNUAL_RESOURCE;
  private static final String MONTHLY = DataVic.PATRONAGE_MONTHLY_RESOURCE;

  /** The component as shipped, but due at every run so that runs can follow each other. */
  private Component annualEveryRun() {
    return DataVic.stationPatronageAnnual(client()).schedule(Schedule.everyRun()).build();
  }

  @Test
  void stationPatronage_isCopiedTyped_thenProbedOnly_whileUnchanged_andFetchedAgainWhenChanged() {
    FakeCkan.Resource resource = ckan.resourceFromFixture(ANNUAL, ANNUAL_CSV, ANNUAL_TYPES);

    RunReport first = run(annualEveryRun());

    ComponentResult fetched = result(first, "station-patronage-annual");
    assertThat(fetched.status()).as(first.toText()).isEqualTo(Status.SUCCEEDED);
    assertThat(fetched.outcome().records()).isEqualTo(222);
    DatasetSummary summary = fetched.datasets().get(0);
    assertThat(summary.dataset()).isEqualTo("station_patronage_annual");
    assertThat(summary.written()).isEqualTo(222);
    assertThat(summary.quarantined()).isZero();
    List<Object[]> rows = curated.latestRows("station_patronage_annual").orElseThrow();
    assertThat(rows).hasSize(222);
    assertThat(rows.get(0))
        .containsExactly(
            "FY24-25",
            15351,
            "Sunbury",
            -37.57909097,
            144.7273188,
            691050,
            2200,
            2250,
            1950,
            1450,
            950,
            450,
            850,
            450,
            400,
            100);
    assertThat(ckan.calls())
        .containsExactly(
            "resource_show id=" + ANNUAL, // the probe: first seen, so changed
            "datastore_search resource_id=" + ANNUAL + "&limit=0&offset=0&sort=_id asc",
            "resource_show id=" + ANNUAL, // the task
            "datastore_search resource_id=" + ANNUAL + "&limit=0&offset=0&sort=_id asc",
            "datastore_search resource_id=" + ANNUAL + "&limit=5000&offset=0&sort=_id asc");

    ckan.clearCalls();
    RunReport second = run(annualEveryRun());

    ComponentResult unchanged = result(second, "station-patronage-annual");
    assertThat(unchanged.status()).isEqualTo(Status.UNCHANGED);
    assertThat(unchanged.reason().message())
        .startsWith(
            "unchanged: resource "
                + ANNUAL
                + " last modified 2025-10-23T01:02:03.456789,"
                + " 222 records");
    assertThat(ckan.calls())
        .containsExactly(
            "resource_show id=" + ANNUAL,
            "datastore_search resource_id=" + ANNUAL + "&limit=0&offset=0&sort=_id asc");
    assertThat(curated.versions("station_patronage_annual")).hasSize(1);

    resource.lastModified = "2026-11-20T09:00:00.000000";
    clock.advance(Duration.ofDays(1)); // a new day's file, next to the first
    ckan.clearCalls();
    RunReport third = run(annualEveryRun());

    ComponentResult changed = result(third, "station-patronage-annual");
    assertThat(changed.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(changed.reason().message()).contains("source changed: resource " + ANNUAL);
    assertThat(ckan.calls())
        .contains("datastore_search resource_id=" + ANNUAL + "&limit=5000&offset=0&sort=_id asc");
    assertThat(curated.versions("station_patronage_annual")).hasSize(2);
  }

  @Test
  void aChangedTotal_alsoCountsAsAChange() {
    FakeCkan.Resource resource = ckan.resourceFromFixture(ANNUAL, ANNUAL_CSV, ANNUAL_TYPES);
    run(annualEveryRun());
    resource.records.remove(221);

    RunReport again = run(annualEveryRun());

    assertThat(again.status("station-patronage-annual")).isEqualTo(Status.SUCCEEDED);
    assertThat(curated.latestRows("station_patronage_annual").orElseThrow()).hasSize(221);
  }

  @Test
  void aResourceUpdatedWhileItIsRead_failsTheComponent_andCommitsNothing() {
    FakeCkan.Resource resource = ckan.resourceFromFixture(ANNUAL, ANNUAL_CSV, ANNUAL_TYPES);
    resource.laterTotal = 250L;
    CkanClient client = CkanClient.builder().baseUrl(baseUrl()).pageSize(100).build();

    RunReport report =
        run(
            DataVic.stationPatronageAnnual(client)
                .schedule(Schedule.everyRun())
                .retry(RetryPolicy.none()) // retries wait on the manual clock
                .build());

    ComponentResult result = result(report, "station-patronage-annual");
    assertThat(result.status()).isEqualTo(Status.FAILED);
    assertThat(result.error()).contains("changed from 222 to 250 at offset 100");
    assertThat(result.datasets().get(0).location()).isNull();
    assertThat(curated.versions("station_patronage_annual")).isEmpty();
    assertThat(store.component("datavic", "station-patronage-annual").orElseThrow().fingerprint())
        .isNull(); // so the next run fetches it again
  }

  @Test
  void callsCountAgainstTheClientsQuota_andAnExhaustedBudgetSkipsWithoutCommitting() {
    ckan.resourceFromFixture(ANNUAL, ANNUAL_CSV, ANNUAL_TYPES);
    CkanClient client = CkanClient.builder().baseUrl(baseUrl()).quota("datavic").build();
    Pipeline pipeline =
        Pipeline.builder("datavic")
            .component(DataVic.stationPatronageAnnual(client).schedule(Schedule.everyRun()).build())
            .build();
    QuotaPolicy fourADay =
        QuotaPolicy.builder("datavic").dailyBudget(4, DataVic.MELBOURNE, 0).build();

    RunReport report;
    try (Orchestrator orchestrator = orchestrator(pipeline, fourADay)) {
      report = orchestrator.runOnce();
    }

    ComponentResult result = result(report, "station-patronage-annual");
    assertThat(result.status()).as(report.toText()).isEqualTo(Status.SKIPPED);
    assertThat(result.reason().code()).isEqualTo(ReasonCode.QUOTA_EXHAUSTED);
    assertThat(ckan.calls()).hasSize(4); // the fifth call was never sent
    assertThat(report.quotas().get(0).usedToday()).isEqualTo(4);
    assertThat(curated.versions("station_patronage_annual")).isEmpty();
  }

  @Test
  void theQualityRules_quarantinePlantedBadRows_andTheCountsAddUp() {
    FakeCkan.Resource resource = ckan.resourceFromFixture(MONTHLY, MONTHLY_CSV, MONTHLY_TYPES);
    List<String> first = resource.records.get(0);
    resource.record("2025", "9", "Sep", "Monday", "Normal Weekday", "MetroTrain", "-5");
    resource.record("2025", "9", "Sep", "Monday", "Normal Weekday", "Ferry", "1200");
    resource.records.add(new ArrayList<>(first)); // the same key again
    resource.record("2025", "13", "Sep", "Monday", "Normal Weekday", "Tram", "100");
    resource.record("2025", "9", "Sep", "Monday", "Holiday", "Tram", "100");
    resource.record("2025", "9", "Sep", "Monday", "Normal Weekday", "Tram", "lots");

    RunReport report =
        run(DataVic.patronageMonthly(client()).schedule(Schedule.everyRun()).build());

    ComponentResult result = result(report, "patronage-monthly");
    assertThat(result.status()).as(report.toText()).isEqualTo(Status.SUCCEEDED);
    DatasetSummary summary = result.datasets().get(0);
    assertThat(summary.rowsIn()).isEqualTo(406);
    assertThat(summary.written()).isEqualTo(400);
    assertThat(summary.quarantined()).isEqualTo(6);
    assertThat(summary.quarantinedByRule())
        .containsEntry("at_least(Pax_daily,0)", 1L)
        .containsEntry("one_of(Mode)", 1L)
        .containsEntry("unique(Year,Month,Day_of_week,Day_type,Mode)", 1L)
        .containsEntry("range(Month,1,12)", 1L)
        .containsEntry("one_of(Day_type)", 1L)
        .containsEntry("type", 1L);
    assertThat(curated.latestRows("patronage_monthly").orElseThrow()).hasSize(400);
    List<Object[]> quarantined = quarantine.latestRows("patronage_monthly").orElseThrow();
    assertThat(quarantined).hasSize(6);
    assertThat(quarantined.get(0))
        .containsExactly(
            "2025",
            "9",
            "Sep",
            "Monday",
            "Normal Weekday",
            "MetroTrain",
            "-5",
            "at_least(Pax_daily,0)",
            "Pax_daily -5 is below 0",
            401L);
  }

  @Test
  void aResourceNotInTheDatastore_isReadFromItsCsvFile_withTheSameSchemaAndRules() {
    FakeCkan.Resource resource = ckan.resourceFromFixture(ANNUAL, ANNUAL_CSV, ANNUAL_TYPES);
    resource.datastoreActive = false;

    RunReport report = run(annualEveryRun());

    ComponentResult result = result(report, "station-patronage-annual");
    assertThat(result.status()).as(report.toText()).isEqualTo(Status.SUCCEEDED);
    assertThat(result.datasets().get(0).written()).isEqualTo(222);
    assertThat(curated.latestRows("station_patronage_annual").orElseThrow().get(221)[1])
        .isInstanceOf(Integer.class);
    assertThat(ckan.calls())
        .containsExactly(
            "resource_show id=" + ANNUAL, // the probe: no datastore to count
            "resource_show id=" + ANNUAL,
            "file " + ANNUAL);

    ckan.clearCalls();
    assertThat(run(annualEveryRun()).status("station-patronage-annual"))
        .isEqualTo(Status.UNCHANGED);
    assertThat(ckan.calls()).containsExactly("resource_show id=" + ANNUAL);
  }

  @Test
  void aFileThatIsNotCsv_orAQueryTheFileCannotAnswer_failClearly() {
    FakeCkan.Resource resource = ckan.resourceFromFixture(ANNUAL, ANNUAL_CSV, ANNUAL_TYPES);
    resource.datastoreActive = false;
    resource.format = "XLSX";
    resource.file = null;
    assertThat(failureOf(DataVic.datastore(ANNUAL).client(client()).into("raw")))
        .isInstanceOf(CkanResponseException.class)
        .hasMessageStartingWith(
            "resource " + ANNUAL + " is not in the datastore, and its file is XLSX, not CSV: ");

    resource.format = "CSV";
    assertThat(
            failureOf(
                DataVic.datastore(DatastoreQuery.of(ANNUAL).filter("Fin_year", "FY24-25"))
                    .client(client())
                    .into("raw")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "resource "
                + ANNUAL
                + " is not in the datastore: its file cannot be filtered, so resource "
                + ANNUAL
                + " where {Fin_year=FY24-25} cannot be read from it");

    assertThat(failureOf(DataVic.datastore(ANNUAL).client(client()).csvFallback(false).into("raw")))
        .hasMessage(
            "resource "
                + ANNUAL
                + " is not in the datastore and this source's CSV fallback is off");
  }

  @Test
  void withoutADeclaredSchema_columnsAreTypedByTheDatastoreFields() {
    ckan.resourceFromFixture(ANNUAL, ANNUAL_CSV, ANNUAL_TYPES);

    RunReport report =
        run(
            DataVic.datastore(ANNUAL)
                .client(client())
                .into("stations_raw")
                .component("raw")
                .schedule(Schedule.everyRun())
                .build());

    assertThat(report.status("raw")).isEqualTo(Status.SUCCEEDED);
    Object[] row = curated.latestRows("stations_raw").orElseThrow().get(0);
    assertThat(row).hasSize(16); // CKAN's _id left out
    assertThat(row[1]).isEqualTo(15351);
    assertThat(row[3]).isEqualTo(-37.57909097);
    assertThat(
            DatastoreSource.inferred(
                    List.of(
                        new DatastoreField("Month name", "text"),
                        new DatastoreField("Pax", "float8"),
                        new DatastoreField("When", "timestamp"),
                        new DatastoreField("n", "int8"),
                        new DatastoreField("ok", "bool"),
                        new DatastoreField("on", "date"),
                        new DatastoreField("extra", "json")))
                .columns())
        .extracting(Column::toString)
        .containsExactly(
            new Column("Month_name", ColumnType.STRING, true).toString(),
            new Column("Pax", ColumnType.DOUBLE, true).toString(),
            new Column("When", ColumnType.TIMESTAMP, true).toString(),
            new Column("n", ColumnType.LONG, true).toString(),
            new Column("ok", ColumnType.BOOLEAN, true).toString(),
            new Column("on", ColumnType.DATE, true).toString(),
            new Column("extra", ColumnType.STRING, true).toString());
  }

  @Test
  void aResourceLackingARequiredColumn_failsBeforeAnyRowIsRead() {
    FakeCkan.Resource resource = ckan.resourceFromFixture(ANNUAL, ANNUAL_CSV, ANNUAL_TYPES);
    resource.fields.set(1, new DatastoreField("StopId", "int4"));

    RunReport report = run(annualEveryRun());

    ComponentResult result = result(report, "station-patronage-annual");
    assertThat(result.status()).isEqualTo(Status.FAILED);
    assertThat(result.attempts()).isEqualTo(1); // a data-quality failure is not retried
    assertThat(result.error())
        .contains(
            "DataQualityException: dataset station_patronage_annual is not committed:"
                + " required_columns(Fin_year,Stop_ID,Stop_name) failed on the source's columns:"
                + " the source lacks [Stop_ID]; it has [Fin_year, StopId, Stop_name,");
    assertThat(curated.versions("station_patronage_annual")).isEmpty();
  }

  @Test
  void theCatalog_listsEveryResourceOfEveryPackage_pageByPage() {
    var first = ckan.addPackage("p1", "annual-station-entries", "Annual station entries", "DTP");
    first
        .withArray("resources")
        .addObject()
        .put("id", "r1")
        .put("name", "FY23-24")
        .put("format", "CSV")
        .put("url", "https://example/a.csv")
        .put("last_modified", "2024-10-01T00:00:00")
        .put("datastore_active", true)
        .put("size", 22122);
    first
        .withArray("resources")
        .addObject()
        .put("id", "r2")
        .put("name", "FY24-25")
        .put("format", "CSV")
        .put("url", "https://example/b.csv")
        .putNull("last_modified")
        .put("datastore_active", false);
    ckan.addPackage("p2", "empty-package", "Nothing yet", "DTP");
    ckan.addPackage("p3", "gtfs", "GTFS schedule", "PTV")
        .withArray("resources")
        .addObject()
        .put("id", "r3")
        .put("format", "ZIP")
        .put("url", "https://example/gtfs.zip");
    CkanClient client = CkanClient.builder().baseUrl(baseUrl()).pageSize(2).build();

    RunReport report =
        run(DataVic.catalog(client, "transport").schedule(Schedule.everyRun()).build());

    ComponentResult result = result(report, "datavic-catalog");
    assertThat(result.status()).as(report.toText()).isEqualTo(Status.SUCCEEDED);
    assertThat(result.outcome().metrics()).containsEntry("packages", 3.0);
    List<Object[]> rows = curated.latestRows("datavic_catalog").orElseThrow();
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0))
        .containsExactly(
            "p1",
            "annual-station-entries",
            "Annual station entries",
            "DTP",
            Instant.parse("2025-09-01T00:00:00Z"),
            "r1",
            "FY23-24",
            "CSV",
            "https://example/a.csv",
            Instant.parse("2024-10-01T00:00:00Z"),
            true,
            22122L);
    assertThat(rows.get(2)[5]).isNull(); // a package without resources
    assertThat(ckan.calls())
        .containsExactly(
            "package_search q=transport&start=0&rows=2",
            "package_search q=transport&start=2&rows=2");

    ckan.laterPackageCount = 4L;
    RunReport changing =
        run(
            DataVic.catalog(client, "transport")
                .schedule(Schedule.everyRun())
                .retry(RetryPolicy.none()) // retries wait on the manual clock
                .build());
    assertThat(result(changing, "datavic-catalog").error())
        .contains(
            "the catalog search \"transport\" changed from 3 to 4 packages while it was read (at 2)");
    assertThat(curated.versions("datavic_catalog")).hasSize(1);
  }

  @Test
  void theComponents_areReadyToDropIn() {
    Component annual = DataVic.stationPatronageAnnual().build();
    assertThat(annual.name()).isEqualTo("station-patronage-annual");
    assertThat(annual.schedule().toString()).contains("monthly").contains("Australia/Melbourne");
    assertThat(annual.changeDetector()).isPresent();
    assertThat(annual.changeDetector().get().describe(Optional.empty()))
        .isEqualTo("resource_show and datastore_search (limit 0) of resource " + ANNUAL);
    assertThat(annual.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(DataVic.patronageMonthly().build().name()).isEqualTo("patronage-monthly");
    assertThat(DataVic.catalog().build().name()).isEqualTo("datavic-catalog");
    assertThat(DataVic.STATION_PATRONAGE_ANNUAL.schema().size()).isEqualTo(16);
    assertThatThrownBy(() -> DataVic.datastore(ANNUAL).into("Bad Name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Bad Name");
  }
}

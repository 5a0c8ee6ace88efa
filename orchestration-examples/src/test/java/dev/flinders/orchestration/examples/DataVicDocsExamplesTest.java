package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.InMemoryDatasetSink;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.examples.victoria.LocalDataVic;
import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import dev.flinders.orchestration.ptv.datavic.CkanClient;
import dev.flinders.orchestration.ptv.datavic.CkanPackage;
import dev.flinders.orchestration.ptv.datavic.CkanResource;
import dev.flinders.orchestration.ptv.datavic.DataVic;
import dev.flinders.orchestration.ptv.datavic.DatastoreInfo;
import dev.flinders.orchestration.ptv.datavic.DatastoreQuery;
import dev.flinders.orchestration.quality.Rule;
import dev.flinders.orchestration.quota.QuotaPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code shown in docs/sources/datavic.md, compiled and checked so the page cannot rot. */
class DataVicDocsExamplesTest {
  @TempDir Path data;

  @Test
  void theQuickStart_buildsAPipelineOfTheThreeComponents() {
    // --- as in docs/sources/datavic.md, "Quick start" (planned here: running it needs Data.vic)
    // ---
    Pipeline pipeline =
        Pipeline.builder("victorian-transport")
            .component(DataVic.stationPatronageAnnual().build())
            .component(DataVic.patronageMonthly().build())
            .component(DataVic.catalog().build())
            .build();

    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .stateDirectory(data.resolve("state"))
            .datasets(
                ParquetDatasetSink.builder(data.resolve("curated")).zone(DataVic.MELBOURNE).build(),
                ParquetDatasetSink.builder(data.resolve("quarantine"))
                    .zone(DataVic.MELBOURNE)
                    .build())
            .build()) {
      assertThat(orchestrator.plan().toRun())
          .containsExactly("station-patronage-annual", "patronage-monthly", "datavic-catalog");
    }
    // --- end of the example ---

    Component weekly =
        DataVic.patronageMonthly()
            .schedule(Schedule.weekly().at(7, 0).in(DataVic.MELBOURNE))
            .timeout(Duration.ofMinutes(2))
            .build();
    assertThat(weekly.timeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void anyDatastoreResource_andTheClient_workAgainstALocalDataVic() throws Exception {
    DatasetSpec tramSpec =
        DatasetSpec.builder(
                "tram_patronage",
                DatasetSchema.builder()
                    .required("Year", ColumnType.INT)
                    .required("Month", ColumnType.INT)
                    .optional("Pax_daily", ColumnType.INT)
                    .build())
            .rule(Rule.atLeast("Pax_daily", 0))
            .build();
    try (LocalDataVic local = LocalDataVic.start()) {
      // --- "The client" ---
      CkanClient ckan =
          CkanClient.builder()
              .baseUrl(local.baseUrl())
              .authHeader("apikey", Secret.of("demo-key"))
              .pageSize(10_000)
              .quota("datavic")
              .build();
      // --- "Any datastore resource" ---
      Component raw =
          DataVic.datastore("d49915dc-98ac-45d1-afd8-3aea823ce292")
              .client(ckan)
              .into("patronage_raw")
              .component("patronage-raw")
              .schedule(Schedule.monthly().in(DataVic.MELBOURNE))
              .build();
      Component trams =
          DataVic.datastore(
                  DatastoreQuery.of("d49915dc-98ac-45d1-afd8-3aea823ce292")
                      .filter("Mode", "Tram")
                      .q("School")
                      .fields("Year", "Month", "Pax_daily")
                      .sort("Year asc, Month asc"))
              .client(ckan)
              .into(tramSpec)
              .component("tram-patronage")
              .build();
      String id = DataVic.PATRONAGE_MONTHLY_RESOURCE;
      AtomicLong read = new AtomicLong();
      Component client =
          Component.builder("client")
              .task(
                  context -> {
                    CkanResource resource = ckan.resourceShow(context.http(), id);
                    CkanPackage pkg = ckan.packageShow(context.http(), resource.packageId());
                    CkanClient.SearchPage page =
                        ckan.packageSearch(context.http(), "transport", 0, 100);
                    DatastoreInfo info = ckan.datastoreInfo(context.http(), DatastoreQuery.of(id));
                    read.set(
                        ckan.datastoreSearch(
                            context.http(), DatastoreQuery.of(id), info, values -> {}));
                    return Outcome.builder()
                        .records(read.get())
                        .metric("resources", pkg.resources().size())
                        .metric("packages", page.count())
                        .build();
                  })
              .build();
      // --- end of the examples ---

      Pipeline pipeline =
          Pipeline.builder("docs").component(raw).component(trams).component(client).build();
      RunReport report;
      try (Orchestrator orchestrator =
          Orchestrator.builder(pipeline)
              .stateStore(new InMemoryStateStore())
              .quota(QuotaPolicy.builder("datavic").dailyBudget(100, DataVic.MELBOURNE, 0).build())
              .datasets(new InMemoryDatasetSink("curated"), new InMemoryDatasetSink("quarantine"))
              .build()) {
        report = orchestrator.runOnce();
      }
      assertThat(report.status("patronage-raw")).as(report.toText()).isEqualTo(Status.SUCCEEDED);
      assertThat(report.status("tram-patronage")).isEqualTo(Status.SUCCEEDED);
      assertThat(report.status("client")).isEqualTo(Status.SUCCEEDED);
      assertThat(read.get()).isEqualTo(400);
      assertThat(report.result("client").orElseThrow().outcome().metrics())
          .containsEntry("resources", 1.0)
          .containsEntry("packages", 2.0);
    }
  }
}

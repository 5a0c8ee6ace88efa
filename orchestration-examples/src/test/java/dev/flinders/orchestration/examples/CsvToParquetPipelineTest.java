package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.csv.CsvReader;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.parquet.ParquetDatasetReader;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import dev.flinders.orchestration.quality.Rule;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole dataset path on the real Data.vic annual station file: CSV (BOM, CRLF) through the
 * rules into a curated and a quarantine Parquet file, committed atomically by the engine.
 */
class CsvToParquetPipelineTest {
  private static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  private static final DatasetSpec ANNUAL =
      DatasetSpec.builder(
              "station_patronage_annual",
              DatasetSchema.builder()
                  .required("Fin_year", ColumnType.STRING)
                  .required("Stop_ID", ColumnType.INT)
                  .required("Stop_name", ColumnType.STRING)
                  .required("Stop_lat", ColumnType.DOUBLE)
                  .required("Stop_long", ColumnType.DOUBLE)
                  .required("Pax_annual", ColumnType.INT)
                  .required("Pax_weekday", ColumnType.INT)
                  .build())
          .rule(Rule.requiredColumns("Fin_year", "Stop_ID", "Stop_name"))
          .rule(Rule.unique("Fin_year", "Stop_ID"))
          .rule(Rule.atLeast("Pax_annual", 0))
          .rule(Rule.range("Stop_lat", -39.2, -33.9))
          .rule(Rule.range("Stop_long", 140.9, 150.0))
          .rule(Rule.rowCount(100, 1_000))
          .quarantineLimit(0.05)
          .build();

  @TempDir Path data;

  private static InputStream annualWithPlantedBadRows() throws Exception {
    byte[] real;
    try (InputStream in =
        CsvToParquetPipelineTest.class.getResourceAsStream(
            "/fixtures/datavic-patronage/annual_metropolitan_train_station_entries_fy_2024_2025.csv")) {
      real = in.readAllBytes();
    }
    String planted = // the real file has no line end after its last record
        "\r\nFY24-25,15351,Sunbury again,-37.57,144.72,100,1,1,1,1,1,1,1,1,1,1\r\n" // duplicate key
            + "FY24-25,99001,Negative,-37.80,144.90,-50,1,1,1,1,1,1,1,1,1,1\r\n" // negative count
            + "FY24-25,99002,Sydney,-33.86,151.20,50,1,1,1,1,1,1,1,1,1,1\r\n" // outside Victoria
            + "FY24-25,99003,Typo,-37.80,144.90,12a,1,1,1,1,1,1,1,1,1,1"; // not an INT
    byte[] extra = planted.getBytes(StandardCharsets.UTF_8);
    byte[] all = java.util.Arrays.copyOf(real, real.length + extra.length);
    System.arraycopy(extra, 0, all, real.length, extra.length);
    return new ByteArrayInputStream(all);
  }

  @Test
  void theAnnualStationFile_landsInCuratedAndQuarantineParquet_withCountsThatAddUp()
      throws Exception {
    ParquetDatasetSink curated =
        ParquetDatasetSink.builder(data.resolve("curated")).zone(MELBOURNE).build();
    ParquetDatasetSink quarantine =
        ParquetDatasetSink.builder(data.resolve("quarantine")).zone(MELBOURNE).build();
    Component annual =
        Component.builder("station-patronage-annual")
            .task(
                context -> {
                  try (CsvReader csv =
                      CsvReader.open(annualWithPlantedBadRows(), "annual.csv", ANNUAL.schema())) {
                    return Outcome.records(csv.copyTo(context.dataset(ANNUAL)));
                  }
                })
            .build();

    RunReport report;
    try (Orchestrator orchestrator =
        Orchestrator.builder(Pipeline.builder("datavic").component(annual).build())
            .stateDirectory(data.resolve("state"))
            .datasets(curated, quarantine)
            .build()) {
      report = orchestrator.runOnce();
    }

    ComponentResult result = report.result("station-patronage-annual").orElseThrow();
    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
    DatasetSummary summary = result.datasets().get(0);
    assertThat(summary.rowsIn()).isEqualTo(226);
    assertThat(summary.written()).isEqualTo(222);
    assertThat(summary.quarantined()).isEqualTo(4);
    assertThat(summary.quarantinedByRule())
        .containsOnlyKeys(
            "unique(Fin_year,Stop_ID)",
            "at_least(Pax_annual,0)",
            "range(Stop_lat,-39.2,-33.9)",
            "type");

    try (ParquetDatasetReader reader =
        curated.readLatest("station_patronage_annual").orElseThrow()) {
      List<Object[]> rows = reader.readAll();
      assertThat(rows).hasSize(222);
      assertThat(rows.get(0))
          .containsExactly("FY24-25", 15351, "Sunbury", -37.57909097, 144.7273188, 691050, 2200);
    }
    try (ParquetDatasetReader reader =
        quarantine.readLatest("station_patronage_annual").orElseThrow()) {
      assertThat(reader.readAll())
          .extracting(row -> row[2] + ": " + row[8])
          .containsExactly(
              "Sunbury again: duplicate Fin_year,Stop_ID [FY24-25, 15351]",
              "Negative: Pax_annual -50 is below 0",
              "Sydney: Stop_lat -33.86 is outside [-39.2, -33.9]",
              "Typo: Pax_annual: \"12a\" is not an INT");
    }
  }
}

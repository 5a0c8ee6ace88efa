package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.csv.CsvReader;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.parquet.ParquetDatasetReader;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import dev.flinders.orchestration.parquet.ParquetRow;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code shown in docs/datasets.md, compiled and checked so the page cannot rot. */
class DatasetsDocsExamplesTest {
  private static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");
  private static final DatasetSpec ANNUAL =
      DatasetSpec.of(
          "station_patronage_annual",
          DatasetSchema.builder()
              .required("Fin_year", ColumnType.STRING)
              .required("Stop_ID", ColumnType.INT)
              .required("Stop_name", ColumnType.STRING)
              .optional("Stop_lat", ColumnType.DOUBLE)
              .optional("Stop_long", ColumnType.DOUBLE)
              .optional("Pax_annual", ColumnType.INT)
              .build());

  @TempDir Path data;

  @Test
  void readingBack_byColumnName() {
    ParquetDatasetSink curated =
        ParquetDatasetSink.builder(data.resolve("curated")).zone(MELBOURNE).build();
    Component annual =
        Component.builder("station-patronage-annual")
            .task(
                context -> {
                  try (InputStream in =
                          DatasetsDocsExamplesTest.class.getResourceAsStream(
                              "/fixtures/datavic-patronage/"
                                  + "annual_metropolitan_train_station_entries_fy_2024_2025.csv");
                      CsvReader csv = CsvReader.open(in, "annual.csv", ANNUAL.schema())) {
                    return Outcome.records(csv.copyTo(context.dataset(ANNUAL)));
                  }
                })
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(Pipeline.builder("datavic").component(annual).build())
            .stateDirectory(data.resolve("state"))
            .datasets(
                curated,
                ParquetDatasetSink.builder(data.resolve("quarantine")).zone(MELBOURNE).build())
            .build()) {
      assertThat(orchestrator.runOnce().result("station-patronage-annual").orElseThrow().status())
          .isEqualTo(Status.SUCCEEDED);
    }
    List<String> read = new ArrayList<>();

    // --- as in docs/datasets.md, "Reading back" ---
    try (ParquetDatasetReader reader =
        curated.readLatest("station_patronage_annual").orElseThrow()) {
      for (ParquetRow row = reader.nextRow(); row != null; row = reader.nextRow()) {
        int stop = row.integer("Stop_ID");
        String name = row.string("Stop_name");
        Double latitude = row.isNull("Stop_lat") ? null : row.doubleValue("Stop_lat");
        read.add(stop + " " + name + " " + latitude); // (not in the docs)
      }
    }
    List<String> busiest;
    try (ParquetDatasetReader reader =
        curated.readLatest("station_patronage_annual").orElseThrow()) {
      busiest =
          reader
              .rows()
              .filter(row -> !row.isNull("Pax_annual") && row.integer("Pax_annual") > 10_000_000)
              .map(row -> row.string("Stop_name"))
              .toList();
    }
    // --- end of the example ---

    assertThat(read).hasSize(222).startsWith("15351 Sunbury -37.57909097");
    assertThat(busiest).containsExactly("Melbourne Central", "Flinders Street", "Southern Cross");
  }
}

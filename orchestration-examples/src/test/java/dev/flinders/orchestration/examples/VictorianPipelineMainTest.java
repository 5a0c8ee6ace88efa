package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import dev.flinders.orchestration.ptv.datavic.DataVic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VictorianPipelineMainTest {
  @TempDir Path data;

  @Test
  void theOfflineDemo_fetches_thenFindsTheSourcesUnchanged_thenFetchesOnlyTheNewEdition()
      throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    List<RunReport> runs =
        VictorianPipelineMain.runOffline(
            data, new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(runs).hasSize(3);
    assertThat(runs.get(0).status("station-patronage-annual")).isEqualTo(Status.SUCCEEDED);
    assertThat(runs.get(0).status("patronage-monthly")).isEqualTo(Status.SUCCEEDED);
    assertThat(runs.get(0).status("datavic-catalog")).isEqualTo(Status.SUCCEEDED);
    assertThat(runs.get(1).status("station-patronage-annual")).isEqualTo(Status.UNCHANGED);
    assertThat(runs.get(1).status("patronage-monthly")).isEqualTo(Status.UNCHANGED);
    assertThat(runs.get(2).status("station-patronage-annual")).isEqualTo(Status.UNCHANGED);
    assertThat(runs.get(2).status("patronage-monthly")).isEqualTo(Status.SUCCEEDED);
    assertThat(
            runs.get(2).result("patronage-monthly").orElseThrow().datasets().get(0).quarantined())
        .isEqualTo(1);

    ParquetDatasetSink curated = ParquetDatasetSink.builder(data.resolve("curated")).build();
    assertThat(curated.versions("station_patronage_annual")).hasSize(1);
    assertThat(curated.versions("patronage_monthly")).hasSize(2);
    assertThat(curated.versions("datavic_catalog")).hasSize(3);
    ParquetDatasetSink quarantine = ParquetDatasetSink.builder(data.resolve("quarantine")).build();
    assertThat(quarantine.versions("patronage_monthly")).hasSize(1);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("== A month later, 1 ")
        .contains("unchanged: resource " + DataVic.PATRONAGE_MONTHLY_RESOURCE)
        .contains(
            "dataset patronage_monthly: 402 rows in, 401 written, 1 quarantined {one_of(Mode)=1}")
        .contains("curated/station_patronage_annual_");
  }
}

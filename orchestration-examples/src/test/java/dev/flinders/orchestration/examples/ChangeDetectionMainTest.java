package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeDetectionMainTest {
  @Test
  void unchangedSources_costOneSmallRequestEach_andOnlyTheRepublishedZipIsFetchedAgain()
      throws Exception {
    List<RunReport> runs =
        ChangeDetectionMain.run(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(runs.get(0).result("station-entries").orElseThrow().http().reused())
        .as("the task read the probe's download")
        .isEqualTo(1);
    RunReport second = runs.get(1);
    assertThat(second.status("gtfs-zip")).isEqualTo(Status.UNCHANGED);
    assertThat(second.result("gtfs-zip").orElseThrow().http().statuses()).isEqualTo(Map.of(304, 1));
    assertThat(second.status("station-entries")).isEqualTo(Status.UNCHANGED);
    assertThat(second.result("summary").orElseThrow().reason().code())
        .isEqualTo(ReasonCode.NO_UPSTREAM_CHANGED);
    RunReport third = runs.get(2);
    assertThat(third.status("gtfs-zip")).isEqualTo(Status.SUCCEEDED);
    assertThat(third.result("gtfs-zip").orElseThrow().reason().message())
        .contains("source changed: ETag ");
    assertThat(third.status("station-entries")).isEqualTo(Status.UNCHANGED);
    assertThat(third.status("summary")).isEqualTo(Status.SUCCEEDED);
  }
}

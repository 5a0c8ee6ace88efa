package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.FlindersException;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.core.report.RunReportJson;
import org.junit.jupiter.api.Test;

class RunReportJsonTest {
  @Test
  void aReport_roundTripsThroughJson_withIsoTimes() {
    RunReport report = StateStoreContract.run("p", 1, RunStatus.FAILED);

    String json = RunReportJson.toJson(report);

    assertThat(RunReportJson.fromJson(json)).isEqualTo(report);
    assertThat(json)
        .contains(
            "\"status\" : \"FAILED\"",
            "\"code\" : \"TASK_FAILED\"",
            "\"duration\" : \"PT2S\"",
            "\"bytes\" : 1024.5");
  }

  @Test
  void theZoneAndTheConfigurationFileSettings_roundTrip_andARecordWithoutThemReadsAsUtc() {
    RunReport base = StateStoreContract.run("p", 1, RunStatus.SUCCEEDED);
    RunReport report =
        new RunReport(
            base.pipeline(),
            base.runId(),
            base.status(),
            base.startedAt(),
            base.endedAt(),
            false,
            base.results(),
            base.quotas(),
            Fixtures.MELBOURNE,
            java.util.List.of("orchestration.json sets \"gtfs\": timeout \"30m\""));

    String json = RunReportJson.toJson(report);

    assertThat(json).contains("\"zone\" : \"Australia/Melbourne\"");
    assertThat(RunReportJson.fromJson(json)).isEqualTo(report);
    String older = json.replaceAll(",\\s*\"zone\" : \"Australia/Melbourne\"", "");
    assertThat(older).doesNotContain("zone");
    assertThat(RunReportJson.fromJson(older).zone()).isEqualTo(java.time.ZoneOffset.UTC);
  }

  @Test
  void theTextTable_listsEveryComponentWithItsReason() {
    String text = StateStoreContract.run("p", 1, RunStatus.FAILED).toText();

    assertThat(text)
        .isEqualTo(
            "Run 20261124T190001.000Z-001 of p: FAILED in 2.00s, started 2026-11-24T19:00:01Z\n"
                + "COMPONENT  STATUS     ATTEMPTS   DURATION  REASON\n"
                + "gtfs       SUCCEEDED         2      1.50s  due: every run\n"
                + "           used: cpu 12.0ms, allocated 4.0 KiB, heap 1.0 MiB after, waited 1.00s for"
                + " quota\n"
                + "patronage  FAILED            1      2.00s  failed on attempt 1 of 1: boom [IOException: boom]\n"
                + "report     SKIPPED           0          -  upstream \"patronage\" FAILED\n"
                + "3 components, 1 SUCCEEDED, 1 SKIPPED, 1 FAILED\n");
  }

  @Test
  void textThatIsNotAReport_isRejectedWithWhere() {
    assertThatThrownBy(() -> RunReportJson.fromJson("{\"pipeline\": 12"))
        .isInstanceOf(FlindersException.class)
        .hasMessageStartingWith("not a run report: ")
        .hasMessageContaining("at line 1, column");
  }
}

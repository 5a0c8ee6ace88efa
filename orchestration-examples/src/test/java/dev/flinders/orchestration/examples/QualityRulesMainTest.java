package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.dataset.DatasetSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityRulesMainTest {
  @TempDir Path data;

  @Test
  void eachBadRowIsQuarantinedWithItsRule_andAMissingRequiredColumnFailsTheComponent()
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    RunReport report =
        QualityRulesMain.run(data, new PrintStream(out, true, StandardCharsets.UTF_8));

    DatasetSummary stations = report.result("station-entries").orElseThrow().datasets().get(0);
    assertThat(stations.written()).isEqualTo(222);
    assertThat(stations.quarantined()).isEqualTo(4);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("row 223 Sunbury again: unique(Fin_year,Stop_ID): duplicate Fin_year,Stop_ID")
        .contains("row 224 Null Island: range(Stop_lat,-39.2,-33.9): Stop_lat 0.0 is outside")
        .contains("row 225 Negative: at_least(Pax_annual,0): Pax_annual -100 is below 0")
        .contains("row 226 Not a number: type: Stop_ID: \"abc\" is not an INT");
    assertThat(report.status("renamed-columns")).isEqualTo(Status.FAILED);
    assertThat(report.result("renamed-columns").orElseThrow().error())
        .contains("the source lacks [Stop_name]; it has [Fin_year, Stop_ID, Station]");
  }
}

package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.Orchestrator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo the README runs: what it shows must stay true. */
class QuickstartMainTest {
  @TempDir Path state;

  @Test
  void theFirstRunRunsEverything_retryingTheFlakySource_andTheSecondSkipsWhatIsNotDue() {
    try (Orchestrator orchestrator =
        Orchestrator.builder(QuickstartMain.pipeline()).stateDirectory(state).build()) {
      RunReport first = orchestrator.runOnce();
      RunReport second = orchestrator.runOnce();

      assertThat(first.results())
          .allSatisfy(result -> assertThat(result.status()).isEqualTo(Status.SUCCEEDED));
      assertThat(first.result("patronage").orElseThrow().attempts()).isEqualTo(2);
      assertThat(second.result("timetable").orElseThrow().reason().code())
          .isEqualTo(ReasonCode.NOT_DUE);
      assertThat(second.result("dashboard-extract").orElseThrow().reason().code())
          .isEqualTo(ReasonCode.NO_UPSTREAM_CHANGED);
    }
  }

  @Test
  void main_printsThePlanAndBothReports() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      QuickstartMain.main(new String[] {state.resolve("main").toString()});
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(printed)
        .contains(
            "Plan for quickstart",
            "of quickstart: SUCCEEDED",
            "not due: daily at 06:00 Australia/Melbourne");
  }
}

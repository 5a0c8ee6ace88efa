package dev.flinders.orchestration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Reason;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress lines from run events: a live line on a terminal, plain lines for logs. */
class ProgressTest {
  private static final Instant T0 = Instant.parse("2026-12-02T00:00:00Z");

  private static RunReport started() {
    return new RunReport(
        "victoria",
        "r1",
        RunStatus.RUNNING,
        T0,
        null,
        false,
        List.of(
            ComponentResult.notStarted(
                "gtfs-schedule", Status.RUNNING, new Reason(ReasonCode.DUE, "due")),
            ComponentResult.notStarted(
                "realtime", Status.RUNNING, new Reason(ReasonCode.DUE, "due"))));
  }

  private static ComponentResult succeeded(String name, long records) {
    return new ComponentResult(
        name,
        Status.SUCCEEDED,
        new Reason(ReasonCode.DUE, "due"),
        1,
        T0,
        T0.plusSeconds(2),
        Duration.ofMillis(2310),
        Outcome.records(records),
        null);
  }

  @Test
  void forLogs_aPlainLinePerEvent_andDownloadsAtMostEveryFiveSeconds() {
    StringWriter text = new StringWriter();
    Progress progress = new Progress(new PrintWriter(text, true), false);

    progress.runStarted(started());
    progress.componentStarted("r1", "gtfs-schedule", 1);
    progress.downloading("r1", "gtfs-schedule", "https://x/gtfs.zip", 1 << 20, 4 << 20);
    progress.downloading("r1", "gtfs-schedule", "https://x/gtfs.zip", 2 << 20, 4 << 20);
    progress.writing("r1", "gtfs-schedule", "gtfs_stop_times", 1_200_000);
    progress.writing("r1", "gtfs-schedule", "gtfs_stop_times", 1_300_000);
    progress.componentFinished("r1", succeeded("gtfs-schedule", 1234));
    progress.done();

    List<String> lines = text.toString().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).isEqualTo("run r1 of victoria started");
    assertThat(lines.get(1)).isEqualTo("gtfs-schedule started");
    assertThat(lines.get(2)).startsWith("gtfs-schedule downloading: 1.0 MiB of 4.0 MiB, ");
    assertThat(lines.get(2)).containsPattern("/s, .* left$");
    assertThat(lines.get(3)).isEqualTo("gtfs-schedule writing: gtfs_stop_times 1,200,000 rows");
    assertThat(lines.get(4)).isEqualTo("gtfs-schedule SUCCEEDED in 2.31s, 1234 records");
  }

  @Test
  void onATerminal_oneLineIsRewrittenInPlace_andClearedAtTheEnd() {
    StringWriter text = new StringWriter();
    Progress progress = new Progress(new PrintWriter(text, true), true);

    progress.runStarted(started());
    progress.componentStarted("r1", "gtfs-schedule", 1);
    progress.componentStarted("r1", "realtime", 2);
    progress.downloading("r1", "gtfs-schedule", "https://x/gtfs.zip", 3 << 20, -1);
    progress.writing("r1", "gtfs-schedule", "gtfs_stops", 100_000);
    String live = text.toString().substring(text.toString().lastIndexOf('\r') + 1);
    progress.componentFinished("r1", succeeded("realtime", 0));
    progress.done();

    assertThat(live)
        .startsWith("[0/2] running gtfs-schedule (")
        .contains("3.0 MiB, ")
        .contains(", gtfs_stops 100,000 rows)")
        .contains("realtime (attempt 2, ");
    String[] afterClears = text.toString().split("\r");
    assertThat(text.toString()).contains("realtime SUCCEEDED in 2.31s\n");
    assertThat(afterClears[afterClears.length - 1].trim()).isEmpty();
  }
}

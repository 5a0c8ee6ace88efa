package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutsMainTest {
  @Test
  void aStuckCallAndABusyTask_areStoppedAtTheirTimeouts_andTheDownstreamIsSkipped() {
    RunReport report =
        TimeoutsMain.run(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(report.status("stuck-feed")).isEqualTo(Status.TIMED_OUT);
    assertThat(report.result("stuck-feed").orElseThrow().reason().message())
        .isEqualTo("attempt 1 of 1 exceeded the timeout of 500ms and was stopped");
    assertThat(report.result("stuck-feed").orElseThrow().error())
        .contains("exceeded its timeout of 500ms: GET http://127.0.0.1:")
        .contains("/vehicle-positions in flight, no response yet");
    assertThat(report.status("busy-task")).isEqualTo(Status.TIMED_OUT);
    assertThat(report.result("feed-summary").orElseThrow().reason().code())
        .isEqualTo(ReasonCode.UPSTREAM_FAILED);
    // the feed never answers: only the timeouts end the run, well before the run's own minute
    assertThat(Duration.between(report.startedAt(), report.endedAt()))
        .isLessThan(Duration.ofSeconds(20));
  }
}

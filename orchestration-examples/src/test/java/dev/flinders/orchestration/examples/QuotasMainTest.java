package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotasMainTest {
  @Test
  void theRateLimitMakesCallsWait_andTheDailyBudgetStopsTheSecondRunAtItsLimit() throws Exception {
    List<RunReport> runs =
        QuotasMain.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    ComponentResult first = runs.get(0).result("station-entries").orElseThrow();
    assertThat(first.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(first.outcome().records()).isEqualTo(222);
    assertThat(first.http().calls()).isEqualTo(QuotasMain.PAGES);
    // calls 3 and 4 wait for the window of the first two to pass
    assertThat(first.resources().quotaWait()).isGreaterThan(Duration.ofMillis(300));
    ComponentResult second = runs.get(1).result("station-entries").orElseThrow();
    assertThat(second.status()).isEqualTo(Status.SKIPPED);
    assertThat(second.reason().code()).isEqualTo(ReasonCode.QUOTA_EXHAUSTED);
    assertThat(second.reason().message())
        .startsWith("quota exhausted: datavic has used its daily budget of 7 calls");
    assertThat(second.http().calls()).isEqualTo(3);
    assertThat(runs.get(1).quotas().get(0).toString()).contains("7 of 7 used");
  }
}

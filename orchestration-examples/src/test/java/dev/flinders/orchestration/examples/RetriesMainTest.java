package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetriesMainTest {
  @Test
  void the503s_areRetriedUntilTheThirdAttemptSucceeds_andThe404IsNotRetried() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    RunReport report = RetriesMain.run(new PrintStream(out, true, StandardCharsets.UTF_8));

    ComponentResult patronage = report.result("patronage").orElseThrow();
    assertThat(patronage.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(patronage.attempts()).isEqualTo(3);
    assertThat(patronage.http().statuses()).isEqualTo(Map.of(503, 2, 200, 1));
    assertThat(patronage.reason().message())
        .contains("succeeded on attempt 3 after: HttpStatusException:")
        .contains("answered HTTP 503: Service Unavailable: the portal is restarting");
    ComponentResult retired = report.result("retired-dataset").orElseThrow();
    assertThat(retired.status()).isEqualTo(Status.FAILED);
    assertThat(retired.attempts()).isEqualTo(1);
    assertThat(retired.reason().message())
        .contains("with a failure that is not retried")
        .contains("answered HTTP 404: Not found: this resource was retired");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("The portal had 3 requests for patronage.csv and 1 for retired.csv.");
  }
}

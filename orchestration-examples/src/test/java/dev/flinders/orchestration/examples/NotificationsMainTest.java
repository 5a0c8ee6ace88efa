package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationsMainTest {
  @TempDir Path state;

  @Test
  void oneAlertPerIncident_quietInTheCoolDown_thenOneResolved() throws Exception {
    List<String> slack =
        NotificationsMain.run(
            state, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(slack)
        .containsExactlyInAnyOrder(
            "🔴 disruptions FAILED in notifications",
            "🔴 run of notifications FAILED",
            "✅ disruptions recovered in notifications",
            "✅ runs of notifications succeed again");
  }
}

package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.flinders.orchestration.core.notify.EmailNotifier;
import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.notify.Alert;
import dev.flinders.orchestration.notify.AlertKind;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Alerts by email, against a real SMTP server (GreenMail): subject, body, recipients, refusals. */
class EmailNotifierTest {
  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(
              GreenMailConfiguration.aConfig()
                  .withUser("flinders@example.org", "flinders", "pa55word"));

  private static final Alert FAILED =
      new Alert(
          "component victorian-transport/gtfs-schedule",
          AlertKind.COMPONENT_FAILED,
          Alert.Severity.CRITICAL,
          "victorian-transport",
          "gtfs-schedule",
          "gtfs-schedule FAILED in victorian-transport",
          "failed on attempt 3 of 3: feed unreachable\nerror: IOException: feed unreachable",
          Instant.parse("2026-12-01T20:00:00Z"),
          false);

  private EmailNotifier.Builder notifier() {
    return EmailNotifier.builder("127.0.0.1", SMTP.getSmtp().getPort())
        .from("flinders@example.org")
        .to("data-team@example.org", "on-call@example.org")
        .startTls(EmailNotifier.StartTls.OFF) // GreenMail's test server speaks plain SMTP
        .timeout(Duration.ofSeconds(5));
  }

  @Test
  void anAlert_isAMessageToEveryRecipient_withTheTitleAndTheDetails() throws Exception {
    notifier().credentials("flinders", Secret.of("pa55word")).build().send(FAILED);

    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(2); // one per recipient mailbox
    MimeMessage message = received[0];
    assertThat(message.getSubject())
        .isEqualTo("[flinders] gtfs-schedule FAILED in victorian-transport");
    assertThat(message.getRecipients(Message.RecipientType.TO))
        .extracting(Object::toString)
        .containsExactly("data-team@example.org", "on-call@example.org");
    assertThat(message.getFrom()[0].toString()).isEqualTo("flinders@example.org");
    assertThat(GreenMailUtil.getBody(message))
        .contains("failed on attempt 3 of 3: feed unreachable")
        .contains("pipeline victorian-transport, component gtfs-schedule")
        .contains("CRITICAL at 2026-12-01T20:00:00Z");
  }

  @Test
  void aResolution_saysSoInItsSubject() throws Exception {
    Alert resolved =
        new Alert(
            FAILED.incident(),
            FAILED.kind(),
            FAILED.severity(),
            FAILED.pipeline(),
            FAILED.component(),
            "gtfs-schedule recovered in victorian-transport",
            "SUCCEEDED",
            FAILED.at(),
            true);

    notifier().build().send(resolved);

    assertThat(SMTP.getReceivedMessages()[0].getSubject())
        .isEqualTo("[flinders] resolved: gtfs-schedule recovered in victorian-transport");
  }

  @Test
  void badCredentials_sayWhichUser_andNeverThePassword() {
    EmailNotifier notifier = notifier().credentials("flinders", Secret.of("wr0ng-pass")).build();

    assertThatThrownBy(() -> notifier.send(FAILED))
        .hasMessageContaining("refused the credentials of user flinders")
        .hasMessageNotContaining("wr0ng-pass");
    assertThat(SMTP.getReceivedMessages()).isEmpty();
    assertThat(notifier.toString()).doesNotContain("wr0ng-pass");
  }

  @Test
  void noServer_failsWithinTheTimeout_naming_it() {
    EmailNotifier nowhere =
        EmailNotifier.builder("127.0.0.1", 1)
            .from("flinders@example.org")
            .to("data-team@example.org")
            .startTls(EmailNotifier.StartTls.OFF)
            .timeout(Duration.ofSeconds(2))
            .build();

    assertThatThrownBy(() -> nowhere.send(FAILED))
        .hasMessageStartingWith("cannot send an alert through the SMTP server 127.0.0.1:1");
  }

  @Test
  void aBuilderWithoutRecipients_saysWhatToAdd() {
    assertThatThrownBy(() -> EmailNotifier.builder("smtp.example.org", 587).from("a@b.org").build())
        .hasMessageContaining("add from(address) and to(address)");
    assertThatThrownBy(() -> EmailNotifier.builder("smtp.example.org", 587).to("not an address"))
        .hasMessageStartingWith("to address \"not an address\" is not valid");
  }
}

package dev.flinders.orchestration.examples.victoria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.core.notify.Notifications;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentNotificationsTest {
  private static final String WEBHOOK = "https://hooks.slack.com/services/T000/B000/secret-part";
  private static final String PASSWORD = "smtp-password-9f2";

  @Test
  void noVariables_alertsGoToTheLogOnly() {
    Notifications notifications = EnvironmentNotifications.from(Map.of()).build();

    assertThat(routes(notifications)).containsExactly("log INFO");
  }

  @Test
  void everyChannel_whenItsVariablesArePresent() {
    Map<String, String> environment = new HashMap<>(smtp());
    environment.put(EnvironmentNotifications.SLACK_WEBHOOK, WEBHOOK + "\n");

    Notifications notifications = EnvironmentNotifications.from(environment).build();

    assertThat(routes(notifications))
        .containsExactly("log INFO", "slack WARNING", "email CRITICAL");
    assertThat(notifications.routes().toString()).doesNotContain("secret-part", PASSWORD);
  }

  @Test
  void emailConfiguredInPart_isRefused_namingWhatIsMissing() {
    Map<String, String> environment = new HashMap<>(smtp());
    environment.remove(EnvironmentNotifications.SMTP_TO);
    environment.remove(EnvironmentNotifications.SMTP_PASSWORD);

    assertThatThrownBy(() -> EnvironmentNotifications.from(environment))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "email alerts are on (FLINDERS_SMTP_HOST is set) but FLINDERS_SMTP_TO (the"
                + " recipients' addresses, separated by commas) and FLINDERS_SMTP_PASSWORD (the"
                + " password of FLINDERS_SMTP_USER) are not set: set them, or unset"
                + " FLINDERS_SMTP_HOST to send no email");
  }

  @Test
  void emailVariablesWithoutTheHost_areRefused() {
    Map<String, String> environment = new HashMap<>(smtp());
    environment.remove(EnvironmentNotifications.SMTP_HOST);

    assertThatThrownBy(() -> EnvironmentNotifications.from(environment))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("FLINDERS_SMTP_PORT, FLINDERS_SMTP_FROM, FLINDERS_SMTP_TO,")
        .hasMessageContaining("are set but FLINDERS_SMTP_HOST is not")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void badValues_areRefusedWithTheVariableAndTheFix_neverTheSecret() {
    assertThatThrownBy(
            () -> EnvironmentNotifications.from(with(EnvironmentNotifications.SMTP_PORT, "smtp")))
        .hasMessage(
            "FLINDERS_SMTP_PORT must be a port number from 1 to 65535 (587 for STARTTLS), was"
                + " \"smtp\"");
    assertThatThrownBy(
            () ->
                EnvironmentNotifications.from(with(EnvironmentNotifications.SMTP_STARTTLS, "yes")))
        .hasMessage("FLINDERS_SMTP_STARTTLS must be required, optional or off, was \"yes\"");
    assertThatThrownBy(
            () ->
                EnvironmentNotifications.from(
                    with(EnvironmentNotifications.SMTP_TO, "not an address")))
        .hasMessageStartingWith("email alerts: to address \"not an address\" is not valid");
    assertThatThrownBy(
            () ->
                EnvironmentNotifications.from(
                    with(EnvironmentNotifications.SMTP_PASSWORD, "pass\u0001word")))
        .hasMessageStartingWith("environment variable FLINDERS_SMTP_PASSWORD: ")
        .hasMessageNotContaining("pass");
  }

  private static Map<String, String> smtp() {
    return Map.of(
        EnvironmentNotifications.SMTP_HOST, "smtp.example.org",
        EnvironmentNotifications.SMTP_PORT, "2525",
        EnvironmentNotifications.SMTP_FROM, "flinders@example.org",
        EnvironmentNotifications.SMTP_TO, "data-team@example.org, ops@example.org",
        EnvironmentNotifications.SMTP_USER, "flinders",
        EnvironmentNotifications.SMTP_PASSWORD, PASSWORD,
        EnvironmentNotifications.SMTP_STARTTLS, "optional");
  }

  private static Map<String, String> with(String variable, String value) {
    Map<String, String> environment = new HashMap<>(smtp());
    environment.put(variable, value);
    return environment;
  }

  private static List<String> routes(Notifications notifications) {
    return notifications.routes().stream()
        .map(route -> route.notifier().name() + " " + route.minimum())
        .toList();
  }
}

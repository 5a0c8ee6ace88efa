package dev.flinders.orchestration.examples.victoria;

import dev.flinders.orchestration.core.notify.EmailNotifier;
import dev.flinders.orchestration.core.notify.LogNotifier;
import dev.flinders.orchestration.core.notify.Notifications;
import dev.flinders.orchestration.core.notify.SlackNotifier;
import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.notify.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Alert routes from environment variables, each channel only when its variables are present: the
 * log always (INFO and up), Slack with {@value #SLACK_WEBHOOK} (WARNING and up), email with {@value
 * #SMTP_HOST} and its companions (CRITICAL only). A channel configured in part is an error that
 * names what is missing, so that a typo never silently turns alerts off. See
 * docs/victorian-pipeline.md.
 */
public final class EnvironmentNotifications {
  /** A Slack incoming webhook's URL: a secret. */
  public static final String SLACK_WEBHOOK = "FLINDERS_SLACK_WEBHOOK_URL";

  /** The SMTP server's host name; turns email alerts on. */
  public static final String SMTP_HOST = "FLINDERS_SMTP_HOST";

  /** The SMTP server's port; default 587. */
  public static final String SMTP_PORT = "FLINDERS_SMTP_PORT";

  /** The sender's address. Required with {@value #SMTP_HOST}. */
  public static final String SMTP_FROM = "FLINDERS_SMTP_FROM";

  /** The recipients' addresses, separated by commas. Required with {@value #SMTP_HOST}. */
  public static final String SMTP_TO = "FLINDERS_SMTP_TO";

  /** The SMTP user; with {@value #SMTP_PASSWORD}, logs in. Optional. */
  public static final String SMTP_USER = "FLINDERS_SMTP_USER";

  /** The SMTP user's password: a secret. Required with {@value #SMTP_USER}. */
  public static final String SMTP_PASSWORD = "FLINDERS_SMTP_PASSWORD";

  /** STARTTLS: {@code required} (default), {@code optional} or {@code off}. */
  public static final String SMTP_STARTTLS = "FLINDERS_SMTP_STARTTLS";

  private static final List<String> SMTP =
      List.of(SMTP_HOST, SMTP_PORT, SMTP_FROM, SMTP_TO, SMTP_USER, SMTP_PASSWORD, SMTP_STARTTLS);

  private EnvironmentNotifications() {}

  /**
   * The routes the variables in {@code environment} ask for, on a builder to add to (freshness
   * limits, cool-down).
   *
   * @throws IllegalStateException naming the variables (never a value) of a channel configured in
   *     part or wrongly, and the fix
   */
  public static Notifications.Builder from(Map<String, String> environment) {
    Notifications.Builder notifications =
        Notifications.builder().route(new LogNotifier(), Alert.Severity.INFO);
    Secret webhook = Endpoints.secret(environment, SLACK_WEBHOOK);
    if (webhook != null) {
      notifications.route(SlackNotifier.of(webhook), Alert.Severity.WARNING);
    }
    EmailNotifier email = email(environment);
    if (email != null) {
      notifications.route(email, Alert.Severity.CRITICAL);
    }
    return notifications;
  }

  private static @Nullable EmailNotifier email(Map<String, String> environment) {
    String host = value(environment, SMTP_HOST);
    if (host == null) {
      List<String> set = SMTP.stream().filter(name -> value(environment, name) != null).toList();
      if (!set.isEmpty()) {
        throw new IllegalStateException(
            String.join(", ", set)
                + (set.size() == 1 ? " is" : " are")
                + " set but "
                + SMTP_HOST
                + " is not: set it to the SMTP server's host name to send email alerts, or unset"
                + " the others");
      }
      return null;
    }
    List<String> missing = new ArrayList<>();
    String from = value(environment, SMTP_FROM);
    String to = value(environment, SMTP_TO);
    String user = value(environment, SMTP_USER);
    Secret password = Endpoints.secret(environment, SMTP_PASSWORD);
    if (from == null) {
      missing.add(SMTP_FROM + " (the sender's address)");
    }
    if (to == null) {
      missing.add(SMTP_TO + " (the recipients' addresses, separated by commas)");
    }
    if (user == null && password != null) {
      missing.add(SMTP_USER + " (the user whose password " + SMTP_PASSWORD + " holds)");
    }
    if (user != null && password == null) {
      missing.add(SMTP_PASSWORD + " (the password of " + SMTP_USER + ")");
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "email alerts are on ("
              + SMTP_HOST
              + " is set) but "
              + String.join(" and ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " not set: set "
              + (missing.size() == 1 ? "it" : "them")
              + ", or unset "
              + SMTP_HOST
              + " to send no email");
    }
    try {
      EmailNotifier.Builder email =
          EmailNotifier.builder(host, port(environment))
              .from(from)
              .to(to.split("\\s*,\\s*"))
              .startTls(startTls(environment));
      if (user != null) {
        email.credentials(user, password);
      }
      return email.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "email alerts: " + e.getMessage() + " (check " + SMTP_FROM + " and " + SMTP_TO + ")", e);
    }
  }

  private static int port(Map<String, String> environment) {
    String port = value(environment, SMTP_PORT);
    if (port == null) {
      return 587;
    }
    try {
      int number = Integer.parseInt(port);
      if (number >= 1 && number <= 65535) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalStateException(
        SMTP_PORT
            + " must be a port number from 1 to 65535 (587 for STARTTLS), was \""
            + port
            + "\"");
  }

  private static EmailNotifier.StartTls startTls(Map<String, String> environment) {
    String value = value(environment, SMTP_STARTTLS);
    if (value == null) {
      return EmailNotifier.StartTls.REQUIRED;
    }
    try {
      return EmailNotifier.StartTls.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          SMTP_STARTTLS + " must be required, optional or off, was \"" + value + "\"", e);
    }
  }

  private static @Nullable String value(Map<String, String> environment, String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }
}

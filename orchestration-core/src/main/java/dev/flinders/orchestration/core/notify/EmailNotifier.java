package dev.flinders.orchestration.core.notify;

import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.notify.Alert;
import dev.flinders.orchestration.notify.Notifier;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Sends alerts by email through an SMTP server (Jakarta Mail, Eclipse Angus): subject {@code
 * [flinders] <title>}, the details as plain text. STARTTLS is required by default and connect, read
 * and write timeouts are set (Jakarta Mail's defaults wait for ever). The password is a {@link
 * Secret}: in no message, log line or {@code toString()}.
 *
 * <pre>{@code
 * EmailNotifier email = EmailNotifier.builder("smtp.example.org", 587)
 *     .from("flinders@example.org")
 *     .to("data-team@example.org")
 *     .credentials("flinders", Secret.fromEnvironment("SMTP_PASSWORD"))
 *     .build();
 * }</pre>
 */
public final class EmailNotifier implements Notifier {
  private final String host;
  private final int port;
  private final InternetAddress from;
  private final List<InternetAddress> to;
  private final @Nullable String user;
  private final @Nullable Secret password;
  private final Session session;

  private EmailNotifier(Builder builder) {
    this.host = builder.host;
    this.port = builder.port;
    this.from = builder.from;
    this.to = List.copyOf(builder.to);
    this.user = builder.user;
    this.password = builder.password;
    Properties properties = new Properties();
    properties.put("mail.smtp.host", host);
    properties.put("mail.smtp.port", Integer.toString(port));
    properties.put("mail.smtp.auth", Boolean.toString(user != null));
    properties.put("mail.smtp.starttls.enable", Boolean.toString(builder.startTls != StartTls.OFF));
    properties.put(
        "mail.smtp.starttls.required", Boolean.toString(builder.startTls == StartTls.REQUIRED));
    String millis = Long.toString(builder.timeout.toMillis());
    properties.put("mail.smtp.connectiontimeout", millis);
    properties.put("mail.smtp.timeout", millis);
    properties.put("mail.smtp.writetimeout", millis);
    this.session = Session.getInstance(properties);
  }

  /** A notifier sending through the SMTP server at {@code host}:{@code port}. */
  public static Builder builder(String host, int port) {
    return new Builder(host, port);
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public void send(Alert alert) throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(from);
    message.setRecipients(Message.RecipientType.TO, to.toArray(Address[]::new));
    message.setSubject(
        "[flinders] " + (alert.resolved() ? "resolved: " : "") + alert.title(), "UTF-8");
    message.setSentDate(Date.from(alert.at()));
    message.setText(
        alert.text()
            + "\n\npipeline "
            + alert.pipeline()
            + (alert.component() == null ? "" : ", component " + alert.component())
            + "\n"
            + (alert.resolved() ? "resolved" : alert.severity().toString())
            + " at "
            + alert.at()
            + "\nincident "
            + alert.incident()
            + "\n",
        "UTF-8");
    try {
      if (user == null) {
        Transport.send(message);
      } else {
        Transport.send(message, user, password.reveal());
      }
    } catch (AuthenticationFailedException e) {
      throw new MessagingException(
          "the SMTP server "
              + host
              + ":"
              + port
              + " refused the credentials of user "
              + user
              + ": check the user and the password (EmailNotifier.Builder.credentials)");
    } catch (MessagingException e) {
      String why =
          password == null ? e.getMessage() : password.maskIn(String.valueOf(e.getMessage()));
      throw new MessagingException(
          "cannot send an alert through the SMTP server " + host + ":" + port + ": " + why);
    }
  }

  @Override
  public String toString() {
    return "EmailNotifier[" + host + ":" + port + " to " + to + "]";
  }

  /** Whether the connection is upgraded to TLS before anything is sent. */
  public enum StartTls {
    /** The server must offer STARTTLS, or nothing is sent (the default). */
    REQUIRED,
    /** STARTTLS when the server offers it, plain text otherwise. */
    OPTIONAL,
    /** Never: plain text, e.g. for a relay on the same host. */
    OFF
  }

  /** Builds an {@link EmailNotifier}. Not thread-safe. */
  public static final class Builder {
    private final String host;
    private final int port;
    private @Nullable InternetAddress from;
    private final List<InternetAddress> to = new ArrayList<>();
    private @Nullable String user;
    private @Nullable Secret password;
    private StartTls startTls = StartTls.REQUIRED;
    private Duration timeout = Duration.ofSeconds(10);

    private Builder(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
      }
      this.port = port;
    }

    /** The sender's address. */
    public Builder from(String address) {
      this.from = address(address, "from");
      return this;
    }

    /** Recipients, added to any given before. */
    public Builder to(String... addresses) {
      for (String address : addresses) {
        to.add(address(address, "to"));
      }
      return this;
    }

    /** Logs in with {@code user} and {@code password} (SMTP AUTH). Default: no login. */
    public Builder credentials(String user, Secret password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** STARTTLS: {@link StartTls#REQUIRED} by default. */
    public Builder startTls(StartTls startTls) {
      this.startTls = Objects.requireNonNull(startTls, "startTls");
      return this;
    }

    /** The connect, read and write timeouts. Default 10 seconds. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Builds the notifier.
     *
     * @throws IllegalStateException without a sender or a recipient
     */
    public EmailNotifier build() {
      if (from == null || to.isEmpty()) {
        throw new IllegalStateException(
            "an email notifier needs a sender and at least one recipient: add from(address) and"
                + " to(address)");
      }
      return new EmailNotifier(this);
    }

    private static InternetAddress address(String address, String what) {
      Objects.requireNonNull(address, what);
      try {
        InternetAddress parsed = new InternetAddress(address, true);
        return parsed;
      } catch (AddressException e) {
        throw new IllegalArgumentException(
            what + " address \"" + address + "\" is not valid: " + e.getMessage(), e);
      }
    }
  }
}

package dev.flinders.orchestration.core.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.notify.Alert;
import dev.flinders.orchestration.notify.Notifier;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts alerts to a Slack incoming webhook as Block Kit messages: a header with the title, the
 * details, and a line with the pipeline, the severity and the time. The webhook URL is a {@link
 * Secret}: it is never in a log line or an exception message (Slack treats it as a credential).
 */
public final class SlackNotifier implements Notifier {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Secret webhook;
  private final OkHttpClient client;

  private SlackNotifier(Secret webhook, OkHttpClient client) {
    this.webhook = webhook;
    this.client = client;
  }

  /**
   * A notifier posting to {@code webhook} with a client of its own (connect and call timeouts of 10
   * seconds).
   */
  public static SlackNotifier of(Secret webhook) {
    return of(
        webhook,
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .callTimeout(Duration.ofSeconds(10))
            .build());
  }

  /** A notifier posting to {@code webhook} with {@code client} (a proxy's, say). */
  public static SlackNotifier of(Secret webhook, OkHttpClient client) {
    return new SlackNotifier(
        Objects.requireNonNull(webhook, "webhook"), Objects.requireNonNull(client, "client"));
  }

  @Override
  public String name() {
    return "slack";
  }

  @Override
  public void send(Alert alert) throws IOException {
    Request request =
        new Request.Builder()
            .url(webhook.reveal())
            .post(RequestBody.create(MAPPER.writeValueAsBytes(message(alert)), JSON))
            .build();
    int status;
    String body;
    try (Response response = client.newCall(request).execute()) {
      if (response.isSuccessful()) {
        return;
      }
      status = response.code();
      body = response.body().string();
    } catch (IOException e) {
      throw new IOException(
          "cannot post to the Slack webhook: " + webhook.maskIn(String.valueOf(e.getMessage())),
          null);
    }
    throw new IOException(
        "Slack answered HTTP "
            + status
            + (body.isBlank() ? "" : ": " + webhook.maskIn(cut(body, 300)))
            + " (check the webhook URL and that its app is still installed)");
  }

  /** The Block Kit message of an alert; {@code text} is the notification's fallback. */
  static ObjectNode message(Alert alert) {
    String icon =
        alert.resolved() ? "✅" : alert.severity() == Alert.Severity.CRITICAL ? "🔴" : "🟠";
    ObjectNode message = MAPPER.createObjectNode();
    message.put("text", icon + " " + alert.title());
    ArrayNode blocks = message.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header
        .putObject("text")
        .put("type", "plain_text")
        .put("text", cut(icon + " " + alert.title(), 150));
    ObjectNode section = blocks.addObject().put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", cut(alert.text(), 3000));
    ObjectNode context = blocks.addObject().put("type", "context");
    context
        .putArray("elements")
        .addObject()
        .put("type", "mrkdwn")
        .put(
            "text",
            "pipeline *"
                + alert.pipeline()
                + "* · "
                + (alert.resolved()
                    ? "resolved"
                    : alert.severity().toString().toLowerCase(java.util.Locale.ROOT))
                + " · "
                + alert.at()
                + " · "
                + alert.incident());
    return message;
  }

  /** Slack refuses a header over 150 and a section over 3000 characters. */
  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 2) + " …";
  }

  @Override
  public String toString() {
    return "SlackNotifier[" + Secret.MASK + "]";
  }
}

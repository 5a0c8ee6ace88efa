package dev.flinders.orchestration.notify;

/**
 * Sends alerts somewhere people see them: a Slack channel, a mailbox, a log. Called off the run's
 * critical path, on the notifications' own thread, one alert at a time; a call that throws or takes
 * longer than the notifications' timeout is retried a bounded number of times, then dropped with a
 * warning. It never fails or delays a run.
 */
public interface Notifier {
  /** A short name for logs and routing, e.g. {@code slack}. */
  String name();

  /**
   * Sends one alert.
   *
   * @throws Exception if it was not sent; the message must not contain a secret (webhook URL,
   *     password)
   */
  void send(Alert alert) throws Exception;
}

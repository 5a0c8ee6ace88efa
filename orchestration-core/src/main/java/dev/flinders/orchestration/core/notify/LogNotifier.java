package dev.flinders.orchestration.core.notify;

import dev.flinders.orchestration.notify.Alert;
import dev.flinders.orchestration.notify.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes alerts to the log ({@code dev.flinders.orchestration.alerts}): WARN for an alert, INFO for
 * its resolution.
 */
public final class LogNotifier implements Notifier {
  private static final Logger LOG = LoggerFactory.getLogger("dev.flinders.orchestration.alerts");

  @Override
  public String name() {
    return "log";
  }

  @Override
  public void send(Alert alert) {
    if (alert.resolved()) {
      LOG.info("{} [{}]: {}", alert.title(), alert.incident(), alert.text());
    } else {
      LOG.warn("{} {} [{}]: {}", alert.severity(), alert.title(), alert.incident(), alert.text());
    }
  }
}

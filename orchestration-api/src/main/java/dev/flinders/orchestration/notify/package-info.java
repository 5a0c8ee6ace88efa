/**
 * Alerts and the {@link dev.flinders.orchestration.notify.Notifier} extension point: what the
 * engine tells people about failed runs and components, and where. The notifiers themselves (Slack,
 * email, log) and the routing, de-duplication and delivery are in {@code
 * dev.flinders.orchestration.core.notify}; see docs/notifications.md.
 */
@NullMarked
package dev.flinders.orchestration.notify;

import org.jspecify.annotations.NullMarked;

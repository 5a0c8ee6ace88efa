/**
 * Notifications: where alerts about failed runs and components go ({@link
 * dev.flinders.orchestration.core.notify.Notifications}), and the notifiers that send them: Slack
 * incoming webhooks, email and the log. See docs/notifications.md.
 */
@NullMarked
package dev.flinders.orchestration.core.notify;

import org.jspecify.annotations.NullMarked;

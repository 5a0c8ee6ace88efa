/**
 * Flinders metrics for Micrometer: {@link dev.flinders.orchestration.micrometer.FlindersMetrics}, a
 * run listener that records runs and components in the host's registry. See docs/monitoring.md.
 */
@NullMarked
package dev.flinders.orchestration.micrometer;

import org.jspecify.annotations.NullMarked;

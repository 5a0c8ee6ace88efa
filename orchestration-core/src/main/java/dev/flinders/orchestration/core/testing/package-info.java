/**
 * Helpers for testing pipelines without waiting: a {@link
 * dev.flinders.orchestration.core.testing.ManualClock} that moves only when told to.
 */
@NullMarked
package dev.flinders.orchestration.core.testing;

import org.jspecify.annotations.NullMarked;

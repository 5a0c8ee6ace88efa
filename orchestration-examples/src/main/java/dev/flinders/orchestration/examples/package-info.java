/** Runnable example programs for Flinders, one small {@code ...Main} per feature. */
@NullMarked
package dev.flinders.orchestration.examples;

import org.jspecify.annotations.NullMarked;

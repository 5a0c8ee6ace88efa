/** Renderings of run reports, such as JSON. */
@NullMarked
package dev.flinders.orchestration.core.report;

import org.jspecify.annotations.NullMarked;

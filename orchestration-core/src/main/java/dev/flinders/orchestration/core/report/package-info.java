/** Renderings of run reports: JSON, a self-contained HTML page, and a directory of them. */
@NullMarked
package dev.flinders.orchestration.core.report;

import org.jspecify.annotations.NullMarked;

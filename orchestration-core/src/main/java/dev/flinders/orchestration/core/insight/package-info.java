/**
 * Insights over a pipeline's history: {@link dev.flinders.orchestration.core.insight.Insights},
 * from {@code Orchestrator.insights()}.
 */
@NullMarked
package dev.flinders.orchestration.core.insight;

import org.jspecify.annotations.NullMarked;

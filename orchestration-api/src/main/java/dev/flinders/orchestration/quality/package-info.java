/**
 * Data quality: {@link dev.flinders.orchestration.quality.Rule}s checked on every row a component
 * writes to a dataset, each with an {@link dev.flinders.orchestration.quality.RuleAction}: count a
 * warning, move the row to the quarantine, or fail the dataset. See docs/datasets.md.
 */
@NullMarked
package dev.flinders.orchestration.quality;

import org.jspecify.annotations.NullMarked;

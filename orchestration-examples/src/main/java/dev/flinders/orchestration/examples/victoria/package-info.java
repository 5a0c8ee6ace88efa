/**
 * The Victorian transport pipeline: {@link
 * dev.flinders.orchestration.examples.victoria.VictorianPipeline} builds it over {@link
 * dev.flinders.orchestration.examples.victoria.Endpoints}, the real ones or those of {@link
 * dev.flinders.orchestration.examples.victoria.LocalVictoria}, in-process stand-ins that serve the
 * bundled real data so that the pipeline runs offline. See docs/victorian-pipeline.md.
 */
@NullMarked
package dev.flinders.orchestration.examples.victoria;

import org.jspecify.annotations.NullMarked;

/**
 * The Flinders engine: {@link dev.flinders.orchestration.core.Orchestrator} runs a {@link
 * dev.flinders.orchestration.Pipeline} in-process, in dependency order and in parallel, and
 * explains every decision it makes.
 */
@NullMarked
package dev.flinders.orchestration.core;

import org.jspecify.annotations.NullMarked;

package dev.flinders.orchestration.spring;

import dev.flinders.orchestration.core.Orchestrator;

/**
 * Changes the orchestrator the auto-configuration builds, after the properties are applied: a
 * {@code timeSource}, an {@code executor}, an {@code httpClient}, {@code peakHours}, a {@code
 * loadLimit}. Declare one or more as beans; they are applied in their {@code @Order}.
 */
@FunctionalInterface
public interface OrchestratorCustomizer {
  /** Changes {@code builder}; called once, on the thread that builds the orchestrator. */
  void customize(Orchestrator.Builder builder);
}

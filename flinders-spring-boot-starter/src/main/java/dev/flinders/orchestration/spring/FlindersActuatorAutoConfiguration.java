package dev.flinders.orchestration.spring;

import dev.flinders.orchestration.cli.LiveStatus;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spring.internal.FlindersSettings;
import dev.flinders.orchestration.spring.internal.OrchestratorLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The actuator's view of Flinders, when the application has Spring Boot's actuator: the {@code
 * flinders} health indicator ({@link FlindersHealthIndicator}; {@code
 * management.health.flinders.enabled=false} turns it off) and the {@code flinders} endpoint
 * ({@link FlindersEndpoint}, read-only unless {@code management.endpoint.flinders.access} says
 * otherwise, served over HTTP once exposed). Each backs off for a bean of the application's.
 */
@AutoConfiguration(after = FlindersAutoConfiguration.class)
@ConditionalOnBean(Orchestrator.class)
public class FlindersActuatorAutoConfiguration {
  /** The health indicator, named flinders. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("flinders")
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "flindersHealthIndicator")
    FlindersHealthIndicator flindersHealthIndicator(
        Orchestrator orchestrator,
        ObjectProvider<OrchestratorLifecycle> lifecycle,
        ObjectProvider<FlindersSettings> settings,
        FlindersProperties properties) {
      FlindersSettings checked = settings.getIfAvailable();
      DatasetSink[] sinks = checked == null ? null : checked.datasetSinks();
      return new FlindersHealthIndicator(
          orchestrator,
          lifecycle.getIfAvailable(),
          sinks == null ? null : sinks[0],
          properties.getDatasets().getFreshness(),
          properties.getHealth().getMaxFailingComponents());
    }
  }

  /** The endpoint, id flinders. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Endpoint.class)
  @ConditionalOnAvailableEndpoint(FlindersEndpoint.class)
  static class EndpointConfiguration {
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(OrchestratorLifecycle.class)
    FlindersEndpoint flindersEndpoint(
        Orchestrator orchestrator,
        OrchestratorLifecycle lifecycle,
        ObjectProvider<LiveStatus> live) {
      return new FlindersEndpoint(orchestrator, lifecycle, live.getIfAvailable());
    }
  }
}

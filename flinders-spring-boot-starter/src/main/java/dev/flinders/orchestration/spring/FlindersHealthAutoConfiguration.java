package dev.flinders.orchestration.spring;

import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spring.internal.FlindersSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code flinders} health indicator ({@link FlindersHealthIndicator}) when the application has
 * Spring Boot's health support (spring-boot-health, which the actuator brings); {@code
 * management.health.flinders.enabled=false} turns it off, a bean named {@code
 * flindersHealthIndicator} replaces it.
 */
@AutoConfiguration(after = FlindersAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "flinders.enabled", matchIfMissing = true)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(Orchestrator.class)
public class FlindersHealthAutoConfiguration {
  /** Read only once the health support is known to be there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnEnabledHealthIndicator("flinders")
  static class HealthIndicatorConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "flindersHealthIndicator")
    FlindersHealthIndicator flindersHealthIndicator(
        Orchestrator orchestrator,
        ObjectProvider<FlindersLifecycle> lifecycle,
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
}

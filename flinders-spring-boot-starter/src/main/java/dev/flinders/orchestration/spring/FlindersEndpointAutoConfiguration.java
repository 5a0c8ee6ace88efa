package dev.flinders.orchestration.spring;

import dev.flinders.orchestration.cli.LiveStatus;
import dev.flinders.orchestration.core.Orchestrator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The actuator endpoint {@code flinders} ({@link FlindersEndpoint}) when the application has Spring
 * Boot's actuator and exposes the endpoint: read-only unless {@code
 * management.endpoint.flinders.access} says otherwise. A {@code FlindersEndpoint} bean of the
 * application's replaces it.
 */
@AutoConfiguration(after = FlindersAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "flinders.enabled", matchIfMissing = true)
@ConditionalOnClass(
    name = {
      "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
      "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"
    })
@ConditionalOnBean(FlindersLifecycle.class)
public class FlindersEndpointAutoConfiguration {
  /** Read only once the actuator is known to be there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnAvailableEndpoint(FlindersEndpoint.class)
  static class EndpointConfiguration {
    @Bean
    @ConditionalOnMissingBean
    FlindersEndpoint flindersEndpoint(
        Orchestrator orchestrator, FlindersLifecycle lifecycle, ObjectProvider<LiveStatus> live) {
      return new FlindersEndpoint(orchestrator, lifecycle, live.getIfAvailable());
    }
  }
}

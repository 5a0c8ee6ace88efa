package dev.flinders.orchestration.spring;

import dev.flinders.orchestration.micrometer.FlindersMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Flinders' runs, components, HTTP calls and dataset rows as Micrometer meters ({@link
 * FlindersMetrics}: {@code flinders.run}, {@code flinders.component}, ...) in the application's
 * {@link MeterRegistry}, when it has one and orchestration-micrometer is on the classpath. The
 * metrics listen to the orchestrator as any {@code RunListener} bean does.
 */
@AutoConfiguration(
    before = FlindersAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({FlindersMetrics.class, MeterRegistry.class})
@ConditionalOnBooleanProperty(name = "flinders.enabled", matchIfMissing = true)
public class FlindersMetricsAutoConfiguration {
  /** The meters, in the application's (primary) registry. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(MeterRegistry.class)
  public FlindersMetrics flindersMetrics(MeterRegistry registry) {
    return new FlindersMetrics(registry);
  }
}

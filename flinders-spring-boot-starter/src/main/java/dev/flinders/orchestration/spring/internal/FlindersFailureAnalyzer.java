package dev.flinders.orchestration.spring.internal;

import dev.flinders.orchestration.ConfigurationException;
import dev.flinders.orchestration.InvalidDefinitionException;
import dev.flinders.orchestration.spring.FlindersPropertiesException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints why Flinders stopped the application from starting, as Spring Boot prints a bad property:
 * every problem with its property (or component, or JSON path), and what to do. Registered in
 * META-INF/spring.factories.
 */
public final class FlindersFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidDefinitionException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidDefinitionException cause) {
    String action;
    if (cause instanceof FlindersPropertiesException) {
      action =
          "Fix the flinders.* properties listed above, in application.properties or .yaml or the"
              + " environment (FLINDERS_TICK for flinders.tick); docs/spring-boot.md lists every"
              + " property.";
    } else if (cause instanceof ConfigurationException configuration) {
      action =
          "Fix the configuration file "
              + configuration.source()
              + " (flinders.config) at the JSON paths listed above; docs/configuration.md lists"
              + " its settings.";
    } else {
      action = "Fix the Component beans (or the Pipeline bean) named above; each problem says how.";
    }
    return new FailureAnalysis(cause.getMessage(), action, cause);
  }
}

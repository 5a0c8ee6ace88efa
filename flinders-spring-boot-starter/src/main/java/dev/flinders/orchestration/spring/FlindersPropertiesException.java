package dev.flinders.orchestration.spring;

import dev.flinders.orchestration.InvalidDefinitionException;
import dev.flinders.orchestration.Problem;
import java.util.List;

/**
 * Thrown at start when {@code flinders.*} properties are not valid: every problem at once, each
 * naming its property ({@link Problem#where()}), what was wrong and the fix. A secret's value is
 * never in the message. Spring Boot prints it through Flinders' failure analyzer.
 */
public class FlindersPropertiesException extends InvalidDefinitionException {
  private static final long serialVersionUID = 1L;

  public FlindersPropertiesException(List<Problem> problems) {
    super("Flinders' properties are not valid", problems);
  }
}

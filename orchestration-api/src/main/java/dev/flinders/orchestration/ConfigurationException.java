package dev.flinders.orchestration;

import java.util.List;

/**
 * Thrown when a configuration file cannot be read or applied. Each {@link Problem#where()} is a
 * JSON path into the file, such as {@code $.components.gtfs.timeout}.
 */
public class ConfigurationException extends InvalidDefinitionException {
  private static final long serialVersionUID = 1L;

  private final String source;

  public ConfigurationException(String source, List<Problem> problems) {
    super("configuration " + source + " is not valid", problems);
    this.source = source;
  }

  /** Where the configuration came from, usually a file path. */
  public String source() {
    return source;
  }
}

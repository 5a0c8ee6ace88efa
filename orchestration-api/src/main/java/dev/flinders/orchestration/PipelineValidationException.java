package dev.flinders.orchestration;

import java.util.List;

/**
 * Thrown by {@link Pipeline.Builder#build()} when the pipeline is not valid: blank, malformed or
 * duplicate names, components without a task, unknown dependencies, self-dependencies, dependency
 * cycles, non-positive timeouts. The message lists every problem with its fix.
 */
public class PipelineValidationException extends InvalidDefinitionException {
  private static final long serialVersionUID = 1L;

  private final String pipeline;

  public PipelineValidationException(String pipeline, List<Problem> problems) {
    super("pipeline \"" + pipeline + "\" is not valid", problems);
    this.pipeline = pipeline;
  }

  /** The name of the pipeline that failed validation. */
  public String pipeline() {
    return pipeline;
  }
}

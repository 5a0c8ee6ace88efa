package dev.flinders.orchestration;

/**
 * Thrown when a run cannot start because another process (or another orchestrator in this process)
 * holds the pipeline's lock in the same state store.
 */
public class PipelineLockedException extends FlindersException {
  private static final long serialVersionUID = 1L;

  private final String pipeline;
  private final String holder;

  public PipelineLockedException(String pipeline, String holder) {
    super(
        "pipeline \""
            + pipeline
            + "\" is already running elsewhere ("
            + holder
            + "): wait for that run to finish, or stop the other process; two processes must not"
            + " run the same pipeline on one state store at once");
    this.pipeline = pipeline;
    this.holder = holder;
  }

  public String pipeline() {
    return pipeline;
  }

  /** A description of the lock holder as it recorded itself, e.g. {@code pid 4242 on host-a}. */
  public String holder() {
    return holder;
  }
}

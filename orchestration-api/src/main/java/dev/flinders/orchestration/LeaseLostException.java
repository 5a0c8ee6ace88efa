package dev.flinders.orchestration;

/**
 * Thrown by a state store whose pipeline locks are leases (a shared database) when the holder of a
 * lease lost it: it was not renewed in time (the process was paused, partitioned from the database,
 * or too busy) and another instance took the pipeline over. The old holder's writes for that
 * pipeline are refused from then on, so that they cannot overwrite what the new holder records; its
 * run is marked abandoned by the new holder.
 */
public class LeaseLostException extends StateStoreException {
  private static final long serialVersionUID = 1L;

  private final String pipeline;
  private final long fencingToken;

  public LeaseLostException(String pipeline, long fencingToken, String what) {
    super(
        "the lease of pipeline \""
            + pipeline
            + "\" with fencing token "
            + fencingToken
            + " was lost, so "
            + what
            + " was refused: another instance took the pipeline over after the lease expired"
            + " unrenewed; keep the pause between heartbeats (lease / 3) well below the lease"
            + " duration, or make the lease longer",
        null);
    this.pipeline = pipeline;
    this.fencingToken = fencingToken;
  }

  public String pipeline() {
    return pipeline;
  }

  /** The token of the lost lease; the instance that took over holds a greater one. */
  public long fencingToken() {
    return fencingToken;
  }
}

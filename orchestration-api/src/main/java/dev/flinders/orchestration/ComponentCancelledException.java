package dev.flinders.orchestration;

/**
 * Thrown by {@link ComponentContext#throwIfCancelled()} when the engine has cancelled the
 * component: its timeout passed, the run's timeout passed, or the orchestrator was closed. Tasks
 * let it propagate; the engine reports the component as timed out or cancelled, never as failed.
 */
public class ComponentCancelledException extends FlindersException {
  private static final long serialVersionUID = 1L;

  public ComponentCancelledException(String message) {
    super(message);
  }
}

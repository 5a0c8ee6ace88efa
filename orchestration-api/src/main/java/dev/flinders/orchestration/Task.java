package dev.flinders.orchestration;

/**
 * The work of a component. The engine calls {@link #run(ComponentContext)} once per attempt, on a
 * worker thread; implementations must be safe to call again for a retry.
 *
 * <p>A task should respond to cancellation: blocking calls that throw {@link InterruptedException}
 * do so on their own; a loop checks {@link ComponentContext#throwIfCancelled()}; a blocking socket
 * or stream is registered with {@link ComponentContext#closeOnCancel(AutoCloseable)}. A task that
 * ignores all three is still reported timed out on time, but its thread stays busy until it
 * returns.
 */
@FunctionalInterface
public interface Task {
  /**
   * Does the work.
   *
   * @return what was done; {@link Outcome#success()} when there is nothing to report
   * @throws Exception any failure; the component's {@link RetryPolicy} decides whether to retry
   */
  Outcome run(ComponentContext context) throws Exception;
}

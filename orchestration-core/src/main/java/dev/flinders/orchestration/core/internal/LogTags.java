package dev.flinders.orchestration.core.internal;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The SLF4J MDC keys that tag log lines about a component: {@code flinders.pipeline}, {@code
 * flinders.run}, {@code flinders.component} and {@code flinders.attempt}. A worker sets them while
 * it runs an attempt, so the task's own log lines are tagged, and the engine sets them around its
 * own lines about a component written elsewhere (a retry scheduled, a task that ignored
 * interruption); either way the thread gets back the tags it had.
 */
final class LogTags implements AutoCloseable {
  static final String PIPELINE = "flinders.pipeline";
  static final String RUN = "flinders.run";
  static final String COMPONENT = "flinders.component";
  static final String ATTEMPT = "flinders.attempt";

  private final @Nullable String pipeline;
  private final @Nullable String run;
  private final @Nullable String component;
  private final @Nullable String attempt;

  private LogTags() {
    this.pipeline = MDC.get(PIPELINE);
    this.run = MDC.get(RUN);
    this.component = MDC.get(COMPONENT);
    this.attempt = MDC.get(ATTEMPT);
  }

  /**
   * Tags the calling thread's log lines with the component's attempt until {@link #close()}, which
   * gives the thread back the tags it had.
   */
  static LogTags about(String pipeline, String runId, String component, int attempt) {
    LogTags previous = new LogTags();
    MDC.put(PIPELINE, pipeline);
    MDC.put(RUN, runId);
    MDC.put(COMPONENT, component);
    MDC.put(ATTEMPT, Integer.toString(attempt));
    return previous;
  }

  @Override
  public void close() {
    restore(PIPELINE, pipeline);
    restore(RUN, run);
    restore(COMPONENT, component);
    restore(ATTEMPT, attempt);
  }

  private static void restore(String key, @Nullable String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}

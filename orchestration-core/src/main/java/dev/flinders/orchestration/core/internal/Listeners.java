package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.RunReport;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's {@link RunListener}s, called in the order they were added. A listener that
 * throws is logged and otherwise ignored: a listener never fails a run. Immutable.
 */
public final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  /** An array, so that calling none costs no iterator on the run loop's paths. */
  private final RunListener[] listeners;

  public Listeners(List<RunListener> listeners) {
    this.listeners = listeners.toArray(new RunListener[0]);
  }

  /** The listeners, e.g. for the quota ledger's alerts. */
  public List<RunListener> asList() {
    return List.of(listeners);
  }

  void runStarted(RunReport run) {
    for (RunListener listener : listeners) {
      call(() -> listener.runStarted(run));
    }
  }

  void componentStarted(String runId, String component, int attempt) {
    for (RunListener listener : listeners) {
      call(() -> listener.componentStarted(runId, component, attempt));
    }
  }

  void componentFinished(String runId, ComponentResult result) {
    for (RunListener listener : listeners) {
      call(() -> listener.componentFinished(runId, result));
    }
  }

  void downloading(String runId, String component, String url, long bytes, long totalBytes) {
    for (RunListener listener : listeners) {
      call(() -> listener.downloading(runId, component, url, bytes, totalBytes));
    }
  }

  void writing(String runId, String component, String dataset, long rows) {
    for (RunListener listener : listeners) {
      call(() -> listener.writing(runId, component, dataset, rows));
    }
  }

  void runFinished(RunReport report) {
    for (RunListener listener : listeners) {
      call(() -> listener.runFinished(report));
    }
  }

  private static void call(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("a run listener failed; the run goes on", e);
    }
  }
}

package dev.flinders.orchestration;

import dev.flinders.orchestration.quota.QuotaUse;

/**
 * Receives events as a run progresses, e.g. to feed notifications or metrics. {@link #runStarted}
 * and {@link #runFinished} are called on the thread that called {@code run()}; {@link
 * #componentStarted} and {@link #componentFinished} under the run's lock, so one at a time and in
 * the order things happened, but on whichever thread handled the event: a worker whose task
 * returned, the time source's timer thread (a timeout, a retry due, the run's deadline), or the
 * caller of {@code run()} or {@code close()}. Methods must return quickly and must not call back
 * into the orchestrator's {@code run()}. An exception thrown by a listener is logged and otherwise
 * ignored: a listener never fails a run.
 */
public interface RunListener {
  /** A run started; {@code run} has status {@link RunStatus#RUNNING} and no results yet. */
  default void runStarted(RunReport run) {}

  /** An attempt of a component started. */
  default void componentStarted(String runId, String component, int attempt) {}

  /** A component reached its final status in this run. */
  default void componentFinished(String runId, ComponentResult result) {}

  /**
   * A component's download is in progress: called as the body of a response is read, each time
   * another {@value #DOWNLOAD_STEP} bytes have arrived, and once more at its end if it reached that
   * size. For progress displays; called on the component's worker thread, so it must be quick.
   *
   * @param url the request's URL, its secrets masked
   * @param bytes bytes of the body read so far
   * @param totalBytes the body's length if the server gave one ({@code Content-Length}), else -1
   */
  default void downloading(
      String runId, String component, String url, long bytes, long totalBytes) {}

  /** How many bytes of a download arrive between two {@link #downloading} calls. */
  long DOWNLOAD_STEP = 1L << 20;

  /**
   * A component is writing a dataset: called each time another {@value #WRITE_STEP} rows have been
   * written to it (curated and quarantined). For progress displays; called on the component's
   * worker thread, so it must be quick.
   *
   * @param rows rows written to the dataset so far in this attempt
   */
  default void writing(String runId, String component, String dataset, long rows) {}

  /** How many rows of a dataset are written between two {@link #writing} calls. */
  long WRITE_STEP = 100_000;

  /** A run finished; {@code report} is final. */
  default void runFinished(RunReport report) {}

  /**
   * A provider's daily budget has just reached {@code QuotaPolicy.alertAt()} of its calls: called
   * once per provider and day, by the call that crossed it (also across processes sharing the state
   * store), on that call's thread.
   */
  default void quotaAlert(QuotaUse use) {}
}

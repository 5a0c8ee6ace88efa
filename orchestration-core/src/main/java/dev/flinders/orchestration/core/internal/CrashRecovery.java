package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.spi.StateStore;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds runs that a process left {@code RUNNING} when it stopped (crashed, killed) and marks them
 * {@code ABANDONED}, with the results of the components that had finished. Called with the
 * pipeline's lock held, before a run starts, so no live run is ever marked.
 */
public final class CrashRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(CrashRecovery.class);

  /** How many recent runs are checked for ones left running by a crashed process. */
  private static final int LOOKBACK = 20;

  private CrashRecovery() {}

  /**
   * Marks the pipeline's crashed runs as abandoned.
   *
   * @return the id of the pipeline's newest run, or null if it has none
   */
  public static @Nullable String markCrashedRuns(StateStore store, DagIndex dag) {
    String pipeline = dag.pipelineName();
    for (RunReport run : store.unfinishedRuns(pipeline, LOOKBACK)) {
      List<ComponentResult> results = new ArrayList<>();
      for (int p = 0; p < dag.size(); p++) {
        store
            .component(pipeline, dag.name(p))
            .filter(record -> run.runId().equals(record.lastRunId()) && record.lastResult() != null)
            .ifPresent(record -> results.add(record.lastResult()));
      }
      store.saveRun(run.ended(RunStatus.ABANDONED, null, results));
      LOG.warn(
          "run {} of {} was left running by a process that stopped; marked ABANDONED",
          run.runId(),
          pipeline);
    }
    return store.latestRunId(pipeline).orElse(null);
  }
}

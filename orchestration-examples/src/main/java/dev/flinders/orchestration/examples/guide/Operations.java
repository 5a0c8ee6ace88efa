package dev.flinders.orchestration.examples.guide;

import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.report.ReportDirectory;
import dev.flinders.orchestration.core.state.JsonFileStateStore;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The code of docs/operations.md: how much history, reports and dataset versions are kept, and a
 * health check fed by a run listener. {@code OperationsDocsTest} runs it and checks that the page
 * shows it as it is here.
 */
final class Operations {
  private Operations() {}

  // docs: begin
  static RunReport runWithRetention(Pipeline pipeline, Path data) {
    try (JsonFileStateStore state = JsonFileStateStore.open(data.resolve("state"), 200, 64L << 20);
        Orchestrator orchestrator =
            Orchestrator.builder(pipeline)
                .stateStore(state) // yours to close, after the orchestrator (as here)
                .reports(ReportDirectory.at(data.resolve("reports")).keep(50))
                .datasets(
                    ParquetDatasetSink.builder(data.resolve("curated")).keep(14).build(),
                    ParquetDatasetSink.builder(data.resolve("quarantine")).keep(14).build())
                .build()) {
      return orchestrator.runOnce();
    }
  }

  // docs: end

  // docs: begin
  /** The last run, for the host's health endpoint. Listeners must return quickly. */
  static final class LastRun implements RunListener {
    private final AtomicReference<@Nullable RunReport> last = new AtomicReference<>();

    @Override
    public void runFinished(RunReport report) {
      last.set(report);
    }

    /** Whether the last run succeeded and ended at most {@code maxAge} before {@code now}. */
    boolean healthy(Instant now, Duration maxAge) {
      RunReport report = last.get();
      Instant ended = report == null ? null : report.endedAt();
      return ended != null
          && report.status() == RunStatus.SUCCEEDED
          && !ended.plus(maxAge).isBefore(now);
    }
  }
  // docs: end
}

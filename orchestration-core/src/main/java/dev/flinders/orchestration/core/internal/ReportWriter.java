package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.FlindersException;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.core.insight.Insights;
import dev.flinders.orchestration.core.report.ReportDirectory;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each finished run's HTML and JSON reports, with the insights of the history, to a report
 * directory. A report that cannot be written is logged: the run is not affected.
 */
public final class ReportWriter implements RunListener {
  private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);

  private final ReportDirectory reports;
  private final Pipeline pipeline;
  private final Supplier<Insights> insights;

  public ReportWriter(ReportDirectory reports, Pipeline pipeline, Supplier<Insights> insights) {
    this.reports = reports;
    this.pipeline = pipeline;
    this.insights = insights;
  }

  @Override
  public void runFinished(RunReport report) {
    try {
      reports.write(report, pipeline, insights.get());
    } catch (FlindersException | IllegalStateException e) {
      LOG.warn("run {} of {}: {}", report.runId(), report.pipeline(), e.getMessage(), e);
    }
  }
}

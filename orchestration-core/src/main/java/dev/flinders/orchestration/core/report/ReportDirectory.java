package dev.flinders.orchestration.core.report;

import dev.flinders.orchestration.FlindersException;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.core.insight.Insights;
import dev.flinders.orchestration.core.internal.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A directory of run reports, each as HTML ({@link RunReportHtml}) and JSON ({@link
 * RunReportJson}): {@code <run id>.html} and {@code <run id>.json}, and the newest also as {@code
 * latest.html} and {@code latest.json}, a stable path for a browser tab or a dashboard link. Each
 * file is written to a temporary file and renamed, so a reader never sees half a report; only the
 * newest {@link #keep(int) kept} runs stay. Give it to {@code Orchestrator.Builder.reports(...)} to
 * write one after every run. Thread-safe: writes of one directory are serialised.
 */
public final class ReportDirectory {
  /** How many runs' reports a directory keeps unless told otherwise. */
  public static final int DEFAULT_KEEP = 100;

  private final Path directory;
  private final int keep;

  private ReportDirectory(Path directory, int keep) {
    this.directory = directory;
    this.keep = keep;
  }

  /** Reports in {@code directory}, created when first written; the newest 100 runs kept. */
  public static ReportDirectory at(Path directory) {
    return new ReportDirectory(Objects.requireNonNull(directory, "directory"), DEFAULT_KEEP);
  }

  /** This directory keeping the reports of the newest {@code runs} runs (at least 1). */
  public ReportDirectory keep(int runs) {
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be at least 1, was " + runs);
    }
    return new ReportDirectory(directory, runs);
  }

  public Path directory() {
    return directory;
  }

  /** Where the newest run's HTML report is. */
  public Path latestHtml() {
    return directory.resolve("latest.html");
  }

  /** Where the newest run's JSON report is. */
  public Path latestJson() {
    return directory.resolve("latest.json");
  }

  /** Where the HTML report of run {@code runId} is (or would be). */
  public Path html(String runId) {
    return directory.resolve(fileName(runId) + ".html");
  }

  /**
   * Writes the reports of {@code report}, as the latest too, and removes those of runs beyond the
   * newest kept.
   *
   * @param pipeline the pipeline, for the dependency graph; may be null
   * @param insights the insights to show; may be null
   * @return the HTML report's path
   * @throws FlindersException naming the file that could not be written
   */
  public synchronized Path write(
      RunReport report, @Nullable Pipeline pipeline, @Nullable Insights insights) {
    String html = RunReportHtml.render(report, pipeline, insights);
    String json = RunReportJson.toJson(report);
    try {
      Files.createDirectories(directory);
      Path page = html(report.runId());
      replace(page, html);
      replace(directory.resolve(fileName(report.runId()) + ".json"), json);
      if (isNewest(report.runId())) {
        replace(latestHtml(), html);
        replace(latestJson(), json);
      }
      prune();
      return page;
    } catch (IOException e) {
      throw new FlindersException(
          "cannot write the report of run "
              + report.runId()
              + " to "
              + directory
              + ": "
              + e
              + "; check that the directory is writable and the disk has space",
          e);
    }
  }

  /** Whether no report of a later run is in the directory. */
  private boolean isNewest(String runId) throws IOException {
    String name = fileName(runId);
    for (String other : runs()) {
      if (other.compareTo(name) > 0) {
        return false;
      }
    }
    return true;
  }

  /** The run ids (as file names) with a report here, oldest first. */
  private List<String> runs() throws IOException {
    List<String> runs = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".html") && !name.equals("latest.html"))
          .filter(name -> !name.startsWith("."))
          .map(name -> name.substring(0, name.length() - ".html".length()))
          .sorted()
          .forEach(runs::add);
    }
    return runs;
  }

  private void prune() throws IOException {
    AtomicFiles.removeStale(directory, 1); // the temporary files of a writer that died, if any
    List<String> runs = runs();
    for (int i = 0; i < runs.size() - keep; i++) {
      Files.deleteIfExists(directory.resolve(runs.get(i) + ".html"));
      Files.deleteIfExists(directory.resolve(runs.get(i) + ".json"));
    }
  }

  /** A run id as a file name: ids are made of letters, digits, '.', '-' and '_' already. */
  private static String fileName(String runId) {
    return runId.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static void replace(Path file, String text) throws IOException {
    AtomicFiles.replace(file, text.getBytes(StandardCharsets.UTF_8), false);
  }

  @Override
  public String toString() {
    return "reports in " + directory + " (newest " + keep + " runs kept)";
  }
}

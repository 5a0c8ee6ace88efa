package dev.flinders.orchestration.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flinders.orchestration.FlindersException;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.core.internal.Json;

/**
 * Renders a {@link RunReport} as JSON and reads it back. Instants and durations are ISO-8601
 * strings; nullable fields are written as {@code null}. The same form is used for run records in
 * the JSON state store. Thread-safe.
 */
public final class RunReportJson {
  private RunReportJson() {}

  /**
   * The report as indented JSON. Text that is not valid UTF-16 (a lone surrogate in an exception's
   * message, say) is written as a backslash-u escape, so the JSON can always be saved as UTF-8.
   */
  public static String toJson(RunReport report) {
    try {
      // the byte writer escapes lone surrogates; the string writer would pass them through
      return new String(
          Json.mapper().writeValueAsBytes(report), java.nio.charset.StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new FlindersException("cannot render run " + report.runId() + " as JSON", e);
    }
  }

  /**
   * Reads a report written by {@link #toJson(RunReport)}.
   *
   * @throws FlindersException naming the line and column when the text is not a run report
   */
  public static RunReport fromJson(String json) {
    try {
      return Json.mapper().readValue(json, RunReport.class);
    } catch (JsonProcessingException e) {
      throw new FlindersException("not a run report: " + e.getOriginalMessage() + locationOf(e), e);
    }
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }
}

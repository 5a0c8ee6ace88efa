package dev.flinders.orchestration.notify;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something a person should hear about: an incident opened (a run failed, a component failed), or
 * one that cleared ({@link #resolved()}). Alerts of one incident share its {@link #incident()} key;
 * notifications send one alert per incident within a cool-down, then one when it is resolved.
 *
 * @param incident the incident's key, e.g. {@code component-failed victorian-transport/gtfs}
 * @param kind what happened
 * @param severity how urgent
 * @param pipeline the pipeline
 * @param component the component, or null for the pipeline as a whole
 * @param title one line, e.g. {@code gtfs-schedule FAILED in victorian-transport}
 * @param text the details: the reason, the error, the run; secrets already masked
 * @param at when it happened
 * @param resolved whether this says the incident cleared
 */
public record Alert(
    String incident,
    AlertKind kind,
    Severity severity,
    String pipeline,
    @Nullable String component,
    String title,
    String text,
    Instant at,
    boolean resolved) {

  public Alert {
    Objects.requireNonNull(incident, "incident");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(at, "at");
  }

  /** How urgent an alert is; notifiers can be routed a minimum. */
  public enum Severity {
    INFO,
    WARNING,
    CRITICAL
  }
}

package dev.flinders.orchestration.ptv.timetable;

import java.util.Locale;

/** The {@code disruption_status} filter of {@code /v3/disruptions}. */
public enum DisruptionStatus {
  /** Disruptions in effect now. */
  CURRENT,
  /** Disruptions announced for later. */
  PLANNED;

  /** The value on the wire: {@code current} or {@code planned}. */
  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}

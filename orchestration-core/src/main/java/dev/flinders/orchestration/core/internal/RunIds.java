package dev.flinders.orchestration.core.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Run ids: the start time in UTC to the millisecond and a sequence number, e.g. {@code
 * 20261125T062000.000Z-001}, so that sorting ids sorts runs by start. Each id is greater than the
 * previous run's, even if the clock stood still or went back, and after the 999th run within one
 * millisecond the next id takes the following millisecond.
 */
public final class RunIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The last sequence number within one millisecond; ids stay three digits so they sort. */
  private static final int MAX_SEQUENCE = 999;

  private RunIds() {}

  public static String next(Instant startedAt, @Nullable String previous) {
    String stamp = STAMP.format(startedAt);
    if (previous == null) {
      return stamp + "-001";
    }
    int dash = previous.lastIndexOf('-');
    String previousStamp = dash < 0 ? previous : previous.substring(0, dash);
    if (stamp.compareTo(previousStamp) > 0) {
      return stamp + "-001";
    }
    int sequence;
    try {
      sequence = dash < 0 ? 0 : Integer.parseInt(previous.substring(dash + 1));
    } catch (NumberFormatException e) {
      sequence = 0;
    }
    if (sequence < MAX_SEQUENCE) {
      return previousStamp + String.format(Locale.ROOT, "-%03d", sequence + 1);
    }
    // The sequence is full: move to the next millisecond, so ids stay three digits and in order.
    Instant previousAt;
    try {
      previousAt = Instant.from(STAMP.parse(previousStamp));
    } catch (DateTimeException e) {
      return stamp + "-001"; // not one of ours; nothing to stay above
    }
    return STAMP.format(previousAt.plusMillis(1)) + "-001";
  }
}

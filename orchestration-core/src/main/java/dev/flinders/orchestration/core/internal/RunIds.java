package dev.flinders.orchestration.core.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Run ids: the start time in UTC to the millisecond and a sequence number, e.g. {@code
 * 20261125T062000.000Z-001}, so that sorting ids sorts runs by start. Each id is greater than the
 * previous run's, even if the clock stood still or went back.
 */
public final class RunIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

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
    int sequence = 0;
    try {
      sequence = dash < 0 ? 0 : Integer.parseInt(previous.substring(dash + 1));
    } catch (NumberFormatException e) {
      sequence = 0;
    }
    return previousStamp + String.format(Locale.ROOT, "-%03d", sequence + 1);
  }
}

package dev.flinders.orchestration;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes durations as people type them in configuration files and read them in reports: a
 * compact form ({@code 90s}, {@code 15m}, {@code 1h30m}, {@code 2d}, {@code 250ms}) or ISO-8601
 * ({@code PT15M}). Thread-safe: stateless.
 */
public final class Durations {
  private static final Pattern COMPACT =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

  private Durations() {}

  /**
   * Parses {@code text} in the compact form or ISO-8601.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms if it is neither
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    if (trimmed.startsWith("p") || trimmed.startsWith("-p")) {
      try {
        return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw notADuration(text);
      }
    }
    Matcher matcher = COMPACT.matcher(trimmed);
    if (trimmed.isEmpty() || !matcher.matches()) {
      throw notADuration(text);
    }
    try {
      return Duration.ofDays(part(matcher, 1))
          .plusHours(part(matcher, 2))
          .plusMinutes(part(matcher, 3))
          .plusSeconds(part(matcher, 4))
          .plusMillis(part(matcher, 5));
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("duration \"" + text + "\" is too long", e);
    }
  }

  /**
   * Formats {@code duration} in the compact form that {@link #parse(String)} reads back: {@code
   * 1h30m}, {@code 45s}, {@code 250ms}, {@code 0s}.
   */
  public static String format(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    append(text, duration.toDaysPart(), "d");
    append(text, duration.toHoursPart(), "h");
    append(text, duration.toMinutesPart(), "m");
    append(text, duration.toSecondsPart(), "s");
    append(text, duration.toMillisPart(), "ms");
    if (text.length() == 0) {
      return duration.toString(); // below a millisecond: ISO-8601 keeps the precision
    }
    return text.toString();
  }

  /**
   * Formats a measured elapsed time for reports, rounded for reading: {@code 12µs}, {@code 3.4ms},
   * {@code 1.25s}, {@code 2m05s}, {@code 1h02m}.
   */
  public static String formatElapsed(Duration elapsed) {
    long nanos = elapsed.toNanos();
    if (nanos < 1_000_000L) {
      return (nanos / 1_000L) + "µs";
    }
    if (nanos < 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.1fms", nanos / 1e6);
    }
    if (nanos < 60_000_000_000L) {
      return String.format(Locale.ROOT, "%.2fs", nanos / 1e9);
    }
    long seconds = elapsed.getSeconds();
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
  }

  private static long part(Matcher matcher, int group) {
    String value = matcher.group(group);
    return value == null ? 0 : Long.parseLong(value);
  }

  private static void append(StringBuilder text, long value, String unit) {
    if (value != 0) {
      text.append(value).append(unit);
    }
  }

  private static IllegalArgumentException notADuration(String text) {
    return new IllegalArgumentException(
        "not a duration: \""
            + text
            + "\"; write a compact form such as 90s, 15m, 1h30m or 2d, or ISO-8601 such as PT15M");
  }
}

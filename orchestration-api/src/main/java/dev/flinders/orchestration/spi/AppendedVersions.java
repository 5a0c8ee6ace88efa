package dev.flinders.orchestration.spi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the files of an appending dataset are named, so that every sink names them alike and their
 * names sort in time order: a commit's file is its local time to the millisecond ({@code
 * 20261202T073000123}), a merged hour its date and hour ({@code 20261202T07}), a merged day its
 * date ({@code 20261202}), all in the sink's zone.
 */
public final class AppendedVersions {
  private static final DateTimeFormatter COMMIT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final Pattern VERSION = Pattern.compile("\\d{8}(T\\d{2}(\\d{7})?)?");

  private AppendedVersions() {}

  /** The version of a file committed at {@code at}, e.g. {@code 20261202T073000123}. */
  public static String commit(Instant at, ZoneId zone) {
    return COMMIT.format(at.atZone(zone));
  }

  /** Whether {@code text} is a version of an appending dataset's file: a commit, hour or day. */
  public static boolean isVersion(String text) {
    return VERSION.matcher(text).matches();
  }

  /**
   * The period of {@code unit} ({@link ChronoUnit#HOURS} or {@link ChronoUnit#DAYS}) that the file
   * of {@code version} belongs to, e.g. {@code 20261202T07} or {@code 20261202}.
   *
   * @throws IllegalArgumentException if {@code version} is not a version, or is a period longer
   *     than {@code unit} (a day has no hour)
   */
  public static String period(String version, ChronoUnit unit) {
    check(version);
    if (unit == ChronoUnit.DAYS) {
      return version.substring(0, 8);
    }
    if (unit == ChronoUnit.HOURS) {
      if (version.length() < 11) {
        throw new IllegalArgumentException(
            "version " + version + " is a whole day: it belongs to no single hour");
      }
      return version.substring(0, 11);
    }
    throw new IllegalArgumentException("unit must be HOURS or DAYS, was " + unit);
  }

  /**
   * When {@code period} (an hour or a day, as {@link #period} names it) ends in {@code zone}: the
   * local start of the next hour or day. In an hour repeated when clocks go back, an hour ends
   * after its second pass.
   */
  public static Instant end(String period, ZoneId zone) {
    check(period);
    LocalDate date = LocalDate.parse(period.substring(0, 8), DAY);
    if (period.length() == 8) {
      return date.plusDays(1).atStartOfDay(zone).toInstant();
    }
    if (period.length() != 11) {
      throw new IllegalArgumentException(period + " is a commit, not an hour or a day");
    }
    int hour = Integer.parseInt(period.substring(9, 11));
    LocalDateTime next = date.atTime(hour, 0).plusHours(1);
    return ZonedDateTime.ofLocal(next, zone, null).toInstant();
  }

  private static void check(String version) {
    Objects.requireNonNull(version, "version");
    if (!isVersion(version)) {
      throw new IllegalArgumentException(
          "\""
              + version
              + "\" is not a version of an appending dataset: yyyyMMdd, yyyyMMdd'T'HH or"
              + " yyyyMMdd'T'HHmmssSSS");
    }
  }
}

package dev.flinders.orchestration;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A five-field cron expression in a time zone. Hand-written because the API module depends on the
 * JDK only; the semantics follow Vixie cron (day-of-month and day-of-week are OR-ed when both are
 * restricted; jobs with {@code *} in the hour field fire in both passes of a repeated hour).
 */
final class CronSchedule implements Schedule {
  private static final String[] FIELD_NAMES = {
    "minute", "hour", "day of month", "month", "day of week"
  };
  private static final int[] MIN = {0, 0, 1, 1, 0};
  private static final int[] MAX = {59, 23, 31, 12, 7};
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  /** How far around a found instant to look for a daylight-saving reordering. */
  private static final long TRANSITION_MARGIN_MINUTES = 3 * 60;

  /** How far ahead to search: long enough for 29 February on a given weekday. */
  private static final int SEARCH_DAYS = 366 * 29;

  private final String expression;
  private final ZoneId zone;
  private final long minutes;
  private final long hours;
  private final long daysOfMonth;
  private final long months;
  private final long daysOfWeek;
  private final boolean dayOfMonthRestricted;
  private final boolean dayOfWeekRestricted;
  private final boolean everyHour;

  private CronSchedule(String expression, ZoneId zone, String[] fields) {
    this.expression = expression;
    this.zone = zone;
    long[] masks = new long[5];
    for (int i = 0; i < 5; i++) {
      masks[i] = parseField(expression, i, fields[i]);
    }
    this.minutes = masks[0];
    this.hours = masks[1];
    this.daysOfMonth = masks[2];
    this.months = masks[3];
    // 7 is another name for Sunday
    this.daysOfWeek = (masks[4] & ~(1L << 7)) | ((masks[4] >>> 7) & 1L);
    this.dayOfMonthRestricted = !isWildcard(fields[2]);
    this.dayOfWeekRestricted = !isWildcard(fields[4]);
    this.everyHour = isWildcard(fields[1]);
    if (dayOfMonthRestricted && !dayOfWeekRestricted && !anyMonthHasDay()) {
      throw invalid(expression, "it never fires: no selected month has the selected day of month");
    }
  }

  /**
   * Parses a five-field expression or a macro such as {@code @daily}.
   *
   * @throws IllegalArgumentException naming the field and value that are wrong
   */
  static CronSchedule parse(String expression, ZoneId zone) {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(zone, "zone");
    String text = expression.trim().replaceAll("\\s+", " ");
    String fields = MACROS.getOrDefault(text.toLowerCase(Locale.ROOT), text);
    String[] parts = fields.split(" ");
    if (!text.isEmpty() && (parts.length == 6 || parts.length == 7)) {
      // Quartz and Spring: seconds first (and a year last), '?' for "no specific value"
      String five = String.join(" ", java.util.Arrays.copyOfRange(parts, 1, 6)).replace('?', '*');
      throw invalid(
          expression,
          "expected 5 fields (minute hour day-of-month month day-of-week), found "
              + parts.length
              + ": expressions with a seconds field"
              + (parts.length == 7 ? " and a year" : "")
              + ", as Quartz and Spring write them, are not supported; without them this reads \""
              + five
              + "\"");
    }
    if (parts.length != 5 || text.isEmpty()) {
      throw invalid(
          expression,
          "expected 5 fields (minute hour day-of-month month day-of-week), found "
              + (text.isEmpty() ? 0 : parts.length));
    }
    return new CronSchedule(text, zone, parts);
  }

  String expression() {
    return expression;
  }

  @Override
  public Optional<ZoneId> zone() {
    return Optional.of(zone);
  }

  @Override
  public Optional<Instant> nextDue(Instant lastCompleted) {
    return fireAfter(lastCompleted);
  }

  /** The first instant strictly after {@code after} at which this expression fires. */
  public Optional<Instant> fireAfter(Instant after) {
    ZoneRules rules = zone.getRules();
    // Start a little before the local time of `after`: a local time in a gap maps to a later
    // instant, so it may fire after `after` although it reads earlier.
    LocalDateTime start =
        LocalDateTime.ofInstant(after, zone)
            .truncatedTo(ChronoUnit.MINUTES)
            .minusMinutes(TRANSITION_MARGIN_MINUTES);
    Instant best = null;
    LocalDateTime stopAt = null;
    LocalDate date = start.toLocalDate();
    for (int day = 0; day < SEARCH_DAYS; day++, date = date.plusDays(1)) {
      if (stopAt != null && date.isAfter(stopAt.toLocalDate())) {
        break;
      }
      if (!matchesDate(date)) {
        continue;
      }
      for (int hour = 0; hour < 24; hour++) {
        if ((hours & (1L << hour)) == 0) {
          continue;
        }
        for (int minute = 0; minute < 60; minute++) {
          if ((minutes & (1L << minute)) == 0) {
            continue;
          }
          LocalDateTime local = date.atTime(hour, minute);
          if (local.isBefore(start)) {
            continue;
          }
          if (stopAt != null && local.isAfter(stopAt)) {
            return Optional.of(best);
          }
          Instant candidate = firstFiringAfter(rules, local, after);
          if (candidate != null && (best == null || candidate.isBefore(best))) {
            best = candidate;
            // Instants and local times can be out of order only around a transition: keep looking
            // a little further, then stop.
            stopAt = LocalDateTime.ofInstant(best, zone).plusMinutes(TRANSITION_MARGIN_MINUTES);
          }
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private @Nullable Instant firstFiringAfter(ZoneRules rules, LocalDateTime local, Instant after) {
    List<ZoneOffset> offsets = rules.getValidOffsets(local);
    if (offsets.isEmpty()) { // in a gap: moved later by the gap's length
      Instant shifted = ZonedDateTime.ofLocal(local, zone, null).toInstant();
      return shifted.isAfter(after) ? shifted : null;
    }
    Instant earliest = null;
    for (ZoneOffset offset : offsets) {
      Instant instant = local.toInstant(offset);
      boolean firstPass = offsets.size() == 1 || offset.equals(maxOffset(offsets));
      if ((firstPass || everyHour) && instant.isAfter(after)) {
        if (earliest == null || instant.isBefore(earliest)) {
          earliest = instant;
        }
      }
    }
    return earliest;
  }

  private static ZoneOffset maxOffset(List<ZoneOffset> offsets) {
    // In an overlap the larger offset is the earlier instant: the first pass.
    return offsets.get(0).getTotalSeconds() > offsets.get(1).getTotalSeconds()
        ? offsets.get(0)
        : offsets.get(1);
  }

  private boolean matchesDate(LocalDate date) {
    if ((months & (1L << date.getMonthValue())) == 0) {
      return false;
    }
    boolean domMatch = (daysOfMonth & (1L << date.getDayOfMonth())) != 0;
    boolean dowMatch = (daysOfWeek & (1L << (date.getDayOfWeek().getValue() % 7))) != 0;
    if (dayOfMonthRestricted && dayOfWeekRestricted) {
      return domMatch || dowMatch;
    }
    return domMatch && dowMatch;
  }

  private boolean anyMonthHasDay() {
    for (int month = 1; month <= 12; month++) {
      if ((months & (1L << month)) == 0) {
        continue;
      }
      int length = month == 2 ? 29 : YearMonth.of(2001, month).lengthOfMonth();
      for (int day = 1; day <= length; day++) {
        if ((daysOfMonth & (1L << day)) != 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isWildcard(String field) {
    return field.equals("*") || field.equals("?");
  }

  private static long parseField(String expression, int index, String field) {
    for (char quartz : new char[] {'L', 'W', '#', '?'}) {
      if (field.indexOf(quartz) >= 0 && !field.toUpperCase(Locale.ROOT).matches(".*[A-Z]{3}.*")) {
        throw invalidField(
            expression,
            index,
            field,
            "Quartz's L, W, # and ? are not supported: list the days instead (e.g. 28-31 with a"
                + " check in the task for the last day, 1-5 for weekdays) or use * for any");
      }
    }
    long mask = 0;
    for (String part : field.split(",", -1)) {
      mask |= parsePart(expression, index, part);
    }
    return mask;
  }

  private static long parsePart(String expression, int index, String part) {
    String range = part;
    int step = 1;
    int slash = part.indexOf('/');
    if (slash >= 0) {
      range = part.substring(0, slash);
      step = parseNumber(expression, index, part.substring(slash + 1), "step");
      if (step < 1) {
        throw invalidField(expression, index, part, "the step must be at least 1");
      }
    }
    int low;
    int high;
    if (range.equals("*") || (range.equals("?") && (index == 2 || index == 4))) {
      low = MIN[index];
      high = index == 4 ? 6 : MAX[index];
    } else {
      int dash = range.indexOf('-');
      if (dash > 0) {
        low = parseValue(expression, index, range.substring(0, dash));
        high = parseValue(expression, index, range.substring(dash + 1));
        if (low > high) {
          throw invalidField(expression, index, part, "the range runs backwards");
        }
      } else {
        low = parseValue(expression, index, range);
        high = slash >= 0 ? MAX[index] : low;
      }
    }
    long mask = 0;
    for (int value = low; value <= high; value += step) {
      mask |= 1L << value;
    }
    return mask;
  }

  private static int parseValue(String expression, int index, String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    if (index == 3 && MONTHS.contains(upper)) {
      return MONTHS.indexOf(upper) + 1;
    }
    if (index == 4 && DAYS.contains(upper)) {
      return DAYS.indexOf(upper);
    }
    int value = parseNumber(expression, index, text, "value");
    if (value < MIN[index] || value > MAX[index]) {
      throw invalidField(
          expression, index, text, "it is out of range " + MIN[index] + "-" + MAX[index]);
    }
    return value;
  }

  private static int parseNumber(String expression, int index, String text, String what) {
    if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
      throw invalidField(expression, index, text, "the " + what + " is not a number or a name");
    }
    return Integer.parseInt(text);
  }

  private static IllegalArgumentException invalidField(
      String expression, int index, String value, String why) {
    return invalid(
        expression,
        "field " + (index + 1) + " (" + FIELD_NAMES[index] + ") \"" + value + "\": " + why);
  }

  private static IllegalArgumentException invalid(String expression, String why) {
    return new IllegalArgumentException(
        "cron expression \"" + expression + "\" is not valid: " + why);
  }

  @Override
  public String description() {
    return "cron \"" + expression + "\" " + zone;
  }

  @Override
  public String toString() {
    return description();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CronSchedule
        && ((CronSchedule) other).description().equals(description());
  }

  @Override
  public int hashCode() {
    return description().hashCode();
  }
}

package dev.flinders.orchestration;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A schedule that fires at a local time in a time zone: hourly, daily, weekly, monthly or annually.
 * Immutable and thread-safe; each modifier returns a new schedule.
 *
 * <pre>{@code
 * ZoneId melbourne = ZoneId.of("Australia/Melbourne");
 * Schedule.daily().at(6, 0).in(melbourne);                        // 06:00 every day
 * Schedule.weekly().on(DayOfWeek.SUNDAY).at(3, 30).in(melbourne);  // 03:30 every Sunday
 * Schedule.monthly().onDay(31).in(melbourne);                     // last day of each month
 * Schedule.annually().on(MonthDay.of(7, 1)).in(melbourne);        // 1 July, new financial year
 * }</pre>
 *
 * <p>Daylight saving: a local time that does not exist (clocks go forward) fires once, moved later
 * by the length of the gap (02:30 becomes 03:30); a local time that occurs twice (clocks go back)
 * fires once, at its first occurrence. An hourly schedule fires every hour of elapsed time at its
 * minute, so it fires twice in a repeated hour and not at all in a skipped one. A monthly day past
 * the end of a month fires on the month's last day; 29 February fires on 28 February in other
 * years.
 */
public final class CalendarSchedule implements Schedule {
  /** How often a calendar schedule fires. */
  public enum Frequency {
    HOURLY,
    DAILY,
    WEEKLY,
    MONTHLY,
    ANNUALLY
  }

  private final Frequency frequency;
  private final LocalTime time;
  private final ZoneId zone;
  private final DayOfWeek dayOfWeek;
  private final int dayOfMonth;
  private final MonthDay monthDay;

  private CalendarSchedule(
      Frequency frequency,
      LocalTime time,
      ZoneId zone,
      DayOfWeek dayOfWeek,
      int dayOfMonth,
      MonthDay monthDay) {
    this.frequency = frequency;
    this.time = time;
    this.zone = zone;
    this.dayOfWeek = dayOfWeek;
    this.dayOfMonth = dayOfMonth;
    this.monthDay = monthDay;
  }

  static CalendarSchedule of(Frequency frequency) {
    return new CalendarSchedule(
        frequency,
        LocalTime.MIDNIGHT,
        ZoneId.systemDefault(),
        DayOfWeek.MONDAY,
        1,
        MonthDay.of(1, 1));
  }

  public Frequency frequency() {
    return frequency;
  }

  /** The local time it fires at; for hourly schedules only the minute counts. */
  public LocalTime time() {
    return time;
  }

  @Override
  public Optional<ZoneId> zone() {
    return Optional.of(zone);
  }

  /** Fires at {@code time} (local); not for hourly schedules, which take {@link #atMinute(int)}. */
  public CalendarSchedule at(LocalTime time) {
    Objects.requireNonNull(time, "time");
    if (frequency == Frequency.HOURLY) {
      throw new IllegalStateException("an hourly schedule takes atMinute(minute), not at(time)");
    }
    return new CalendarSchedule(frequency, time.withNano(0), zone, dayOfWeek, dayOfMonth, monthDay);
  }

  /** Fires at {@code hour:minute} (local). */
  public CalendarSchedule at(int hour, int minute) {
    return at(LocalTime.of(hour, minute));
  }

  /** For hourly schedules: fires at {@code minute} past each hour. */
  public CalendarSchedule atMinute(int minute) {
    if (frequency != Frequency.HOURLY) {
      throw new IllegalStateException("atMinute(minute) is for hourly schedules; use at(time)");
    }
    if (minute < 0 || minute > 59) {
      throw new IllegalArgumentException("minute must be between 0 and 59, was " + minute);
    }
    return new CalendarSchedule(
        frequency, LocalTime.of(0, minute), zone, dayOfWeek, dayOfMonth, monthDay);
  }

  /** Takes local times in {@code zone}. */
  public CalendarSchedule in(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    return new CalendarSchedule(frequency, time, zone, dayOfWeek, dayOfMonth, monthDay);
  }

  /** For weekly schedules: fires on {@code day}. */
  public CalendarSchedule on(DayOfWeek day) {
    Objects.requireNonNull(day, "day");
    require(Frequency.WEEKLY, "on(DayOfWeek)");
    return new CalendarSchedule(frequency, time, zone, day, dayOfMonth, monthDay);
  }

  /**
   * For monthly schedules: fires on this day of the month (1-31; past a month's end, its last day).
   */
  public CalendarSchedule onDay(int day) {
    require(Frequency.MONTHLY, "onDay(int)");
    if (day < 1 || day > 31) {
      throw new IllegalArgumentException("day of month must be between 1 and 31, was " + day);
    }
    return new CalendarSchedule(frequency, time, zone, dayOfWeek, day, monthDay);
  }

  /** For annual schedules: fires on this day of the year. */
  public CalendarSchedule on(MonthDay day) {
    Objects.requireNonNull(day, "day");
    require(Frequency.ANNUALLY, "on(MonthDay)");
    return new CalendarSchedule(frequency, time, zone, dayOfWeek, dayOfMonth, day);
  }

  @Override
  public Optional<Instant> nextDue(Instant lastCompleted) {
    return Optional.of(fireAfter(lastCompleted));
  }

  /** The first instant strictly after {@code after} at which this schedule fires. */
  public Instant fireAfter(Instant after) {
    Objects.requireNonNull(after, "after");
    if (frequency == Frequency.HOURLY) {
      return hourAfter(after);
    }
    LocalDate date = LocalDate.ofInstant(after, zone);
    switch (frequency) {
      case DAILY:
        date = date.minusDays(1);
        break;
      case WEEKLY:
        date = date.minusDays(1).with(TemporalAdjusters.previousOrSame(dayOfWeek));
        break;
      case MONTHLY:
        date = YearMonth.from(date).minusMonths(1).atDay(1);
        break;
      default:
        date = LocalDate.of(date.getYear() - 1, 1, 1);
        break;
    }
    while (true) {
      Instant fire = ZonedDateTime.of(fireDate(date), time, zone).toInstant();
      if (fire.isAfter(after)) {
        return fire;
      }
      date = nextPeriod(date);
    }
  }

  private LocalDate fireDate(LocalDate periodStart) {
    switch (frequency) {
      case MONTHLY:
        YearMonth month = YearMonth.from(periodStart);
        return month.atDay(Math.min(dayOfMonth, month.lengthOfMonth()));
      case ANNUALLY:
        return monthDay.atYear(periodStart.getYear());
      default:
        return periodStart;
    }
  }

  private LocalDate nextPeriod(LocalDate periodStart) {
    switch (frequency) {
      case DAILY:
        return periodStart.plusDays(1);
      case WEEKLY:
        return periodStart.plusWeeks(1);
      case MONTHLY:
        return periodStart.withDayOfMonth(1).plusMonths(1);
      default:
        return LocalDate.of(periodStart.getYear() + 1, 1, 1);
    }
  }

  private Instant hourAfter(Instant after) {
    // Jump to the next instant whose local minute matches; a change of offset on the way (rarely
    // not a whole hour) is caught by checking again.
    Instant candidate = after.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    for (int jump = 0; jump < 4; jump++) {
      int minute = candidate.atZone(zone).getMinute();
      if (minute == time.getMinute()) {
        return candidate;
      }
      candidate = candidate.plus((time.getMinute() - minute + 60) % 60, ChronoUnit.MINUTES);
    }
    for (int step = 0; step < 3 * 60; step++, candidate = candidate.plus(1, ChronoUnit.MINUTES)) {
      if (candidate.atZone(zone).getMinute() == time.getMinute()) {
        return candidate;
      }
    }
    throw new IllegalStateException("zone " + zone + " has no local minute " + time.getMinute());
  }

  private void require(Frequency expected, String method) {
    if (frequency != expected) {
      throw new IllegalStateException(
          method
              + " is for "
              + expected.name().toLowerCase(Locale.ROOT)
              + " schedules, not "
              + frequency.name().toLowerCase(Locale.ROOT)
              + " ones");
    }
  }

  @Override
  public String description() {
    String at =
        time.getSecond() == 0
            ? String.format(Locale.ROOT, "%02d:%02d", time.getHour(), time.getMinute())
            : time.toString();
    switch (frequency) {
      case HOURLY:
        return String.format(Locale.ROOT, "hourly at :%02d %s", time.getMinute(), zone);
      case DAILY:
        return "daily at " + at + " " + zone;
      case WEEKLY:
        return "weekly on "
            + dayOfWeek.getDisplayName(TextStyle.FULL, Locale.ENGLISH)
            + " at "
            + at
            + " "
            + zone;
      case MONTHLY:
        return "monthly on day " + dayOfMonth + " at " + at + " " + zone;
      default:
        return "annually on "
            + monthDay.getDayOfMonth()
            + " "
            + monthDay.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
            + " at "
            + at
            + " "
            + zone;
    }
  }

  @Override
  public String toString() {
    return description();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CalendarSchedule
        && ((CalendarSchedule) other).description().equals(description());
  }

  @Override
  public int hashCode() {
    return description().hashCode();
  }
}

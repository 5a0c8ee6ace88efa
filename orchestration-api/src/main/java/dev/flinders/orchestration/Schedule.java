package dev.flinders.orchestration;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * When a component is due. A schedule is a pure function: given when the component last completed
 * and the time now, it says whether the component is due, without reading a clock or keeping state.
 * Implementations are immutable and thread-safe.
 *
 * <p>Calendar schedules (hourly, daily, weekly, monthly, annually, cron) fire at local times in a
 * time zone and are correct across daylight-saving changes: a local time that does not exist on the
 * day clocks go forward fires once, moved later by the length of the gap (02:30 becomes 03:30); a
 * local time that occurs twice when clocks go back fires once, at its first occurrence (cron
 * expressions with {@code *} in the hour field fire in both passes, like cron itself).
 *
 * <p>A component that has never completed is due at once (its first run), except under {@link
 * #manual()}.
 */
public interface Schedule {

  /**
   * The instant from which a component that last completed at {@code lastCompleted} is due again,
   * or empty if this schedule never makes it due by itself. For calendar schedules this is the
   * first firing time strictly after {@code lastCompleted}.
   */
  Optional<Instant> nextDue(Instant lastCompleted);

  /**
   * Whether a component that last completed at {@code lastCompleted} (null if never) is due at
   * {@code now}.
   */
  default boolean isDue(@Nullable Instant lastCompleted, Instant now) {
    if (lastCompleted == null) {
      return true;
    }
    return nextDue(lastCompleted).map(next -> !next.isAfter(now)).orElse(false);
  }

  /** The zone local times are taken in, for calendar schedules. */
  default Optional<ZoneId> zone() {
    return Optional.empty();
  }

  /**
   * A description that {@link #parse(String)} reads back, e.g. {@code daily at 06:00
   * Australia/Melbourne}. Also returned by {@code toString()}.
   */
  String description();

  /** Due on every run: the default for components without a schedule. */
  static Schedule everyRun() {
    return SimpleSchedules.EVERY_RUN;
  }

  /** Never due by itself: the component runs only when forced. */
  static Schedule manual() {
    return SimpleSchedules.MANUAL;
  }

  /** Due once {@code interval} has passed since the last completed run. */
  static Schedule every(Duration interval) {
    return SimpleSchedules.every(interval);
  }

  /** Every hour at minute 0, in the system time zone; see {@link CalendarSchedule}. */
  static CalendarSchedule hourly() {
    return CalendarSchedule.of(CalendarSchedule.Frequency.HOURLY);
  }

  /**
   * Every day at 00:00 in the system time zone; adjust with {@code .at(...)} and {@code .in(...)}.
   */
  static CalendarSchedule daily() {
    return CalendarSchedule.of(CalendarSchedule.Frequency.DAILY);
  }

  /**
   * Every Monday at 00:00 in the system time zone; adjust with {@code .on(...)}, {@code .at(...)}.
   */
  static CalendarSchedule weekly() {
    return CalendarSchedule.of(CalendarSchedule.Frequency.WEEKLY);
  }

  /**
   * On the 1st of every month at 00:00 in the system time zone; adjust with {@code .onDay(...)}.
   */
  static CalendarSchedule monthly() {
    return CalendarSchedule.of(CalendarSchedule.Frequency.MONTHLY);
  }

  /**
   * On 1 January every year at 00:00 in the system time zone; adjust with {@code .on(MonthDay)}.
   */
  static CalendarSchedule annually() {
    return CalendarSchedule.of(CalendarSchedule.Frequency.ANNUALLY);
  }

  /**
   * A five-field cron expression ({@code minute hour day-of-month month day-of-week}) evaluated in
   * {@code zone}. Fields take {@code *}, numbers, ranges {@code 1-5}, lists {@code 1,15}, steps
   * {@code *}{@code /15} or {@code 0-30/10}, and names ({@code JAN}, {@code MON}); day of week 0
   * and 7 are Sunday. When both day fields are restricted, either matching is enough, as in cron.
   * Macros {@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly}, {@code @yearly} are
   * accepted.
   *
   * @throws IllegalArgumentException naming the field and value that are wrong
   */
  static Schedule cron(String expression, ZoneId zone) {
    return CronSchedule.parse(expression, zone);
  }

  /**
   * Reads a schedule written as text, the form configuration files use and {@link #description()}
   * produces: {@code every run}, {@code manual}, {@code every 15m}, {@code hourly at :05}, {@code
   * daily at 06:00 Australia/Melbourne}, {@code weekly on Monday at 06:00}, {@code monthly on day 1
   * at 06:00}, {@code annually on 1 July at 06:00}, {@code cron "0 6 * * 1-5" Australia/Melbourne}.
   * A missing zone means the system time zone.
   *
   * @throws IllegalArgumentException saying what could not be read, with examples
   */
  static Schedule parse(String text) {
    return ScheduleParser.parse(text, ZoneId.systemDefault());
  }

  /** As {@link #parse(String)}, with {@code defaultZone} for text that names no zone. */
  static Schedule parse(String text, ZoneId defaultZone) {
    return ScheduleParser.parse(text, defaultZone);
  }
}

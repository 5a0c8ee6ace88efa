package dev.flinders.orchestration;

import static dev.flinders.orchestration.CalendarScheduleTest.MELBOURNE;
import static dev.flinders.orchestration.CalendarScheduleTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  @Test
  void fieldsTakeListsRangesStepsAndNames() {
    Schedule weekdays = Schedule.cron("0 6 * * MON-FRI", MELBOURNE);
    // Friday 2026-11-27 06:00 -> Monday 2026-11-30 06:00
    assertThat(weekdays.nextDue(at("2026-11-27T06:00+11:00")))
        .contains(at("2026-11-30T06:00+11:00"));
    Schedule quarterHours = Schedule.cron("5-50/15 9,17 * JAN,jul *", ZoneOffset.UTC);
    assertThat(quarterHours.nextDue(at("2026-07-01T09:05Z"))).contains(at("2026-07-01T09:20Z"));
    assertThat(quarterHours.nextDue(at("2026-07-01T09:50Z"))).contains(at("2026-07-01T17:05Z"));
    assertThat(quarterHours.nextDue(at("2026-07-31T17:50Z"))).contains(at("2027-01-01T09:05Z"));
    assertThat(Schedule.cron("0 0 * * 7", ZoneOffset.UTC).nextDue(at("2026-11-25T00:00Z")))
        .as("7 is Sunday")
        .contains(at("2026-11-29T00:00Z"));
  }

  @Test
  void bothDayFieldsRestricted_eitherMatching_isEnough() {
    // the 1st of the month or any Monday
    Schedule schedule = Schedule.cron("0 0 1 * 1", ZoneOffset.UTC);
    assertThat(schedule.nextDue(at("2026-11-25T00:00Z"))).contains(at("2026-11-30T00:00Z"));
    assertThat(schedule.nextDue(at("2026-11-30T00:00Z"))).contains(at("2026-12-01T00:00Z"));
  }

  @Test
  void macros() {
    assertThat(Schedule.cron("@daily", ZoneOffset.UTC).nextDue(at("2026-11-25T12:00Z")))
        .contains(at("2026-11-26T00:00Z"));
    assertThat(Schedule.cron("@hourly", ZoneOffset.UTC).nextDue(at("2026-11-25T12:00Z")))
        .contains(at("2026-11-25T13:00Z"));
    assertThat(Schedule.cron("@yearly", ZoneOffset.UTC).nextDue(at("2026-11-25T12:00Z")))
        .contains(at("2027-01-01T00:00Z"));
    assertThat(Schedule.cron("0 0 29 2 *", ZoneOffset.UTC).nextDue(at("2026-11-25T12:00Z")))
        .contains(at("2028-02-29T00:00Z"));
  }

  @Test
  void daylightSaving_fixedTimesFireOnce_wildcardHoursFireInBothPasses() {
    // clocks go back at 03:00 AEDT on 2026-04-05: 02:00-02:59 happens twice
    Schedule fixed = Schedule.cron("30 2 * * *", MELBOURNE);
    assertThat(fixed.nextDue(at("2026-04-05T02:30+11:00"))).contains(at("2026-04-06T02:30+10:00"));
    Schedule everyHour = Schedule.cron("30 * * * *", MELBOURNE);
    assertThat(everyHour.nextDue(at("2026-04-05T02:30+11:00")))
        .contains(at("2026-04-05T02:30+10:00"));
    // clocks go forward at 02:00 AEST on 2026-10-04: 02:30 does not exist
    assertThat(fixed.nextDue(at("2026-10-03T02:30+10:00"))).contains(at("2026-10-04T03:30+11:00"));
  }

  @Test
  void badExpressions_nameTheFieldAndValue() {
    assertThatThrownBy(() -> Schedule.cron("0 6 * *", MELBOURNE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cron expression \"0 6 * *\" is not valid: expected 5 fields (minute hour day-of-month month day-of-week), found 4");
    assertThatThrownBy(() -> Schedule.cron("0 24 * * *", MELBOURNE))
        .hasMessage(
            "cron expression \"0 24 * * *\" is not valid: field 2 (hour) \"24\": it is out of range 0-23");
    assertThatThrownBy(() -> Schedule.cron("0 6 * FOO *", MELBOURNE))
        .hasMessage(
            "cron expression \"0 6 * FOO *\" is not valid: field 4 (month) \"FOO\": the value is not a number or a name");
    assertThatThrownBy(() -> Schedule.cron("*/0 * * * *", MELBOURNE))
        .hasMessage(
            "cron expression \"*/0 * * * *\" is not valid: field 1 (minute) \"*/0\": the step must be at least 1");
    assertThatThrownBy(() -> Schedule.cron("0 0 5-1 * *", MELBOURNE))
        .hasMessage(
            "cron expression \"0 0 5-1 * *\" is not valid: field 3 (day of month) \"5-1\": the range runs backwards");
    assertThatThrownBy(() -> Schedule.cron("0 0 6 ? * MON-FRI", MELBOURNE))
        .hasMessage(
            "cron expression \"0 0 6 ? * MON-FRI\" is not valid: expected 5 fields (minute hour"
                + " day-of-month month day-of-week), found 6: expressions with a seconds field, as"
                + " Quartz and Spring write them, are not supported; without them this reads \"0 6 *"
                + " * MON-FRI\"");
    assertThatThrownBy(() -> Schedule.cron("0 6 L * *", MELBOURNE))
        .hasMessage(
            "cron expression \"0 6 L * *\" is not valid: field 3 (day of month) \"L\": Quartz's L,"
                + " W, # and ? are not supported: list the days instead (e.g. 28-31 with a check in"
                + " the task for the last day, 1-5 for weekdays) or use * for any");
    assertThatThrownBy(() -> Schedule.cron("0 6 * * 1#2", MELBOURNE))
        .hasMessageContaining("field 5 (day of week) \"1#2\": Quartz's L, W, # and ?");
    assertThatThrownBy(() -> Schedule.cron("0 0 30 2 *", MELBOURNE))
        .hasMessage(
            "cron expression \"0 0 30 2 *\" is not valid: it never fires: no selected month has the selected day of month");
  }
}

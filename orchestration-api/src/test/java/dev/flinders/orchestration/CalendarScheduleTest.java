package dev.flinders.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CalendarScheduleTest {
  static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  static Instant at(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }

  @Test
  void daily_firesAtTheLocalTime_afterTheLastCompletedRun() {
    CalendarSchedule schedule = Schedule.daily().at(6, 0).in(MELBOURNE);

    assertThat(schedule.fireAfter(at("2026-11-25T06:00+11:00")))
        .isEqualTo(at("2026-11-26T06:00+11:00"));
    assertThat(schedule.fireAfter(at("2026-11-25T05:59+11:00")))
        .isEqualTo(at("2026-11-25T06:00+11:00"));
    assertThat(schedule.isDue(at("2026-11-25T06:00+11:00"), at("2026-11-26T05:59+11:00")))
        .isFalse();
    assertThat(schedule.isDue(at("2026-11-25T06:00+11:00"), at("2026-11-26T06:00+11:00"))).isTrue();
    assertThat(schedule.isDue(null, at("2026-11-26T05:00+11:00")))
        .as("never completed: due")
        .isTrue();
    assertThat(schedule.description()).isEqualTo("daily at 06:00 Australia/Melbourne");
  }

  @Test
  void daily_onTheDayClocksGoForward_firesOnceShiftedByTheGap() {
    // 2026-10-04: 02:00 AEST becomes 03:00 AEDT in Melbourne, so 02:30 does not exist
    CalendarSchedule schedule = Schedule.daily().at(2, 30).in(MELBOURNE);

    Instant fire = schedule.fireAfter(at("2026-10-03T02:30+10:00"));
    assertThat(fire).isEqualTo(at("2026-10-04T03:30+11:00"));
    assertThat(schedule.fireAfter(fire)).isEqualTo(at("2026-10-05T02:30+11:00"));
  }

  @Test
  void daily_onTheDayClocksGoBack_firesOnceAtTheFirstOccurrence() {
    // 2026-04-05: 03:00 AEDT becomes 02:00 AEST, so 02:30 occurs twice
    CalendarSchedule schedule = Schedule.daily().at(2, 30).in(MELBOURNE);

    Instant fire = schedule.fireAfter(at("2026-04-04T02:30+11:00"));
    assertThat(fire).isEqualTo(at("2026-04-05T02:30+11:00"));
    assertThat(schedule.fireAfter(fire)).isEqualTo(at("2026-04-06T02:30+10:00"));
  }

  @Test
  void hourly_firesEveryElapsedHour_throughBothTransitions() {
    CalendarSchedule schedule = Schedule.hourly().atMinute(15).in(MELBOURNE);
    Instant fire = at("2026-04-05T00:15+11:00");
    for (int i = 0; i < 6; i++) {
      Instant next = schedule.fireAfter(fire);
      assertThat(Duration.between(fire, next)).isEqualTo(Duration.ofHours(1));
      fire = next;
    }
    assertThat(schedule.description()).isEqualTo("hourly at :15 Australia/Melbourne");
  }

  @Test
  void weekly_monthly_annually_fireOnTheirDays() {
    assertThat(
            Schedule.weekly()
                .on(DayOfWeek.SUNDAY)
                .at(3, 30)
                .in(MELBOURNE)
                .fireAfter(at("2026-11-25T12:00+11:00")))
        .isEqualTo(at("2026-11-29T03:30+11:00"));
    assertThat(Schedule.monthly().onDay(31).in(MELBOURNE).fireAfter(at("2027-01-31T00:00+11:00")))
        .as("past the month's end: its last day")
        .isEqualTo(at("2027-02-28T00:00+11:00"));
    assertThat(Schedule.monthly().at(7, 0).in(MELBOURNE).fireAfter(at("2026-11-25T12:00+11:00")))
        .isEqualTo(at("2026-12-01T07:00+11:00"));
    assertThat(
            Schedule.annually()
                .on(MonthDay.of(7, 1))
                .in(MELBOURNE)
                .fireAfter(at("2026-11-25T12:00+11:00")))
        .isEqualTo(at("2027-07-01T00:00+10:00"));
    assertThat(
            Schedule.annually()
                .on(MonthDay.of(2, 29))
                .in(MELBOURNE)
                .fireAfter(at("2026-11-25T12:00+11:00")))
        .as("29 February in a common year: the 28th")
        .isEqualTo(at("2027-02-28T00:00+11:00"));
  }

  @Test
  void modifiersForAnotherFrequency_areRejectedWithTheRightOneNamed() {
    assertThatThrownBy(() -> Schedule.daily().on(DayOfWeek.MONDAY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("on(DayOfWeek) is for weekly schedules, not daily ones");
    assertThatThrownBy(() -> Schedule.hourly().at(6, 0))
        .hasMessage("an hourly schedule takes atMinute(minute), not at(time)");
    assertThatThrownBy(() -> Schedule.daily().atMinute(5))
        .hasMessage("atMinute(minute) is for hourly schedules; use at(time)");
    assertThatThrownBy(() -> Schedule.monthly().onDay(32))
        .hasMessage("day of month must be between 1 and 31, was 32");
    assertThatThrownBy(() -> Schedule.every(Duration.ZERO))
        .hasMessage("interval must be positive, was 0s");
  }

  @Test
  void everyRunManualAndIntervals() {
    Instant now = at("2026-11-25T12:00+11:00");
    assertThat(Schedule.everyRun().isDue(now, now)).isTrue();
    assertThat(Schedule.manual().isDue(null, now)).isFalse();
    assertThat(Schedule.manual().nextDue(now)).isEmpty();
    Schedule every = Schedule.every(Duration.ofMinutes(15));
    assertThat(every.isDue(now, now.plus(Duration.ofMinutes(14)))).isFalse();
    assertThat(every.isDue(now, now.plus(Duration.ofMinutes(15)))).isTrue();
    assertThat(every.description()).isEqualTo("every 15m");
  }
}

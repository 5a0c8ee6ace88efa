package dev.flinders.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Schedules across ten years of Melbourne daylight-saving transitions (2026-2036: twenty
 * transitions), checked fire by fire.
 */
class ScheduleDstPropertiesTest {
  private static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");
  private static final Instant START =
      ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, MELBOURNE).toInstant();
  private static final Instant END =
      ZonedDateTime.of(2036, 1, 1, 0, 0, 0, 0, MELBOURNE).toInstant();

  @Test
  void daily_firesExactlyOncePerLocalDate_atItsTimeOrShiftedByTheGap() {
    // times around the transitions (02:00-03:00 local) and a few ordinary ones
    for (LocalTime time :
        new LocalTime[] {
          LocalTime.of(2, 0),
          LocalTime.of(2, 30),
          LocalTime.of(2, 59),
          LocalTime.of(3, 0),
          LocalTime.of(6, 0),
          LocalTime.MIDNIGHT
        }) {
      CalendarSchedule schedule = Schedule.daily().at(time).in(MELBOURNE);
      Set<LocalDate> dates = new HashSet<>();
      Instant previous = null;
      for (Instant fire = schedule.fireAfter(START.minusSeconds(1));
          fire.isBefore(END);
          fire = schedule.fireAfter(fire)) {
        ZonedDateTime local = fire.atZone(MELBOURNE);
        assertThat(dates.add(local.toLocalDate()))
            .as("%s fires twice on %s", time, local.toLocalDate())
            .isTrue();
        boolean inGap =
            MELBOURNE
                .getRules()
                .getValidOffsets(LocalDateTime.of(local.toLocalDate(), time))
                .isEmpty();
        assertThat(local.toLocalTime())
            .as("%s on %s", time, local.toLocalDate())
            .isEqualTo(inGap ? time.plusHours(1) : time);
        if (previous != null) {
          assertThat(Duration.between(previous, fire))
              .isBetween(Duration.ofHours(23), Duration.ofHours(25));
        }
        previous = fire;
      }
      assertThat(dates).as("one fire per day for ten years at %s", time).hasSize(3652);
    }
  }

  @Test
  void fireAfter_returnsTheNextFire_forAnyInstantBetweenFires_andIsDueAgrees() {
    Random random = new Random(7);
    CalendarSchedule schedule = Schedule.daily().at(2, 30).in(MELBOURNE);
    for (Instant fire = schedule.fireAfter(START); fire.isBefore(END); ) {
      Instant next = schedule.fireAfter(fire);
      long span = Duration.between(fire, next).getSeconds();
      Instant between = fire.plusSeconds(random.nextInt((int) span));
      assertThat(schedule.fireAfter(between)).as("after %s", between).isEqualTo(next);
      assertThat(schedule.isDue(between, next.minusSeconds(1))).isFalse();
      assertThat(schedule.isDue(between, next)).isTrue();
      fire = next;
    }
  }

  @Test
  void hourly_isExactlyOneElapsedHourApart_forTenYears() {
    CalendarSchedule schedule = Schedule.hourly().atMinute(30).in(MELBOURNE);
    Instant previous = schedule.fireAfter(START);
    int fires = 0;
    for (Instant fire = schedule.fireAfter(previous);
        fire.isBefore(END);
        fire = schedule.fireAfter(fire)) {
      assertThat(Duration.between(previous, fire))
          .as("after %s", previous)
          .isEqualTo(Duration.ofHours(1));
      assertThat(fire.atZone(MELBOURNE).getMinute()).isEqualTo(30);
      previous = fire;
      fires++;
    }
    assertThat(fires).isGreaterThan(87_000);
  }

  @Test
  void cron_agreesWithTheCalendarSchedule_andFixedTimesFireOncePerDay() {
    Schedule cron = Schedule.cron("0 6 * * *", MELBOURNE);
    CalendarSchedule daily = Schedule.daily().at(6, 0).in(MELBOURNE);
    for (Instant fire = daily.fireAfter(START); fire.isBefore(END); fire = daily.fireAfter(fire)) {
      assertThat(cron.nextDue(fire.minusSeconds(1))).contains(fire);
    }
    Schedule transitionTime = Schedule.cron("30 2 * * *", MELBOURNE);
    CalendarSchedule sameTime = Schedule.daily().at(2, 30).in(MELBOURNE);
    for (Instant fire = sameTime.fireAfter(START);
        fire.isBefore(END);
        fire = sameTime.fireAfter(fire)) {
      assertThat(transitionTime.nextDue(fire.minusSeconds(1))).as("before %s", fire).contains(fire);
    }
  }

  @Test
  void cronWithAWildcardHour_firesEveryThirtyElapsedMinutes_throughEveryTransition() {
    Schedule cron = Schedule.cron("*/30 * * * *", MELBOURNE);
    for (int year = 2026; year < 2036; year++) {
      for (int month : new int[] {4, 10}) {
        Instant from = ZonedDateTime.of(year, month, 1, 0, 0, 0, 0, MELBOURNE).toInstant();
        Instant previous = cron.nextDue(from).orElseThrow();
        for (int i = 0; i < 48 * 10; i++) {
          Instant fire = cron.nextDue(previous).orElseThrow();
          assertThat(Duration.between(previous, fire))
              .as("after %s", previous.atZone(MELBOURNE))
              .isEqualTo(Duration.ofMinutes(30));
          previous = fire;
        }
      }
    }
  }
}

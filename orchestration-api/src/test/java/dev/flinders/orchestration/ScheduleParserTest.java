package dev.flinders.orchestration;

import static dev.flinders.orchestration.CalendarScheduleTest.MELBOURNE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleParserTest {
  @Test
  void everyDescription_isReadBackAsTheSameSchedule() {
    List<Schedule> schedules =
        List.of(
            Schedule.everyRun(),
            Schedule.manual(),
            Schedule.every(Duration.ofMinutes(90)),
            Schedule.hourly().atMinute(5).in(MELBOURNE),
            Schedule.daily().at(6, 0).in(MELBOURNE),
            Schedule.weekly().on(DayOfWeek.SUNDAY).at(3, 30).in(MELBOURNE),
            Schedule.monthly().onDay(15).at(7, 0).in(MELBOURNE),
            Schedule.annually().on(MonthDay.of(7, 1)).at(1, 0).in(MELBOURNE),
            Schedule.cron("0 6 * * 1-5", MELBOURNE));
    for (Schedule schedule : schedules) {
      Schedule parsed = Schedule.parse(schedule.description(), ZoneOffset.UTC);
      assertThat(parsed.description()).isEqualTo(schedule.description());
    }
  }

  @Test
  void shortForms_useDefaultsAndTheDefaultZone() {
    assertThat(Schedule.parse("daily", MELBOURNE).description())
        .isEqualTo("daily at 00:00 Australia/Melbourne");
    assertThat(Schedule.parse("daily at 6:00 in UTC", MELBOURNE).description())
        .isEqualTo("daily at 06:00 UTC");
    assertThat(Schedule.parse("weekly on mon", MELBOURNE).description())
        .isEqualTo("weekly on Monday at 00:00 Australia/Melbourne");
    assertThat(Schedule.parse("annually on 07-01", MELBOURNE).description())
        .isEqualTo("annually on 1 July at 00:00 Australia/Melbourne");
    assertThat(Schedule.parse("yearly on 1 jul", MELBOURNE).description())
        .isEqualTo("annually on 1 July at 00:00 Australia/Melbourne");
    assertThat(Schedule.parse("every PT15M", MELBOURNE).description()).isEqualTo("every 15m");
    assertThat(Schedule.parse("cron 0 6 * * * Australia/Melbourne", ZoneOffset.UTC).description())
        .isEqualTo("cron \"0 6 * * *\" Australia/Melbourne");
    assertThat(Schedule.parse("cron @daily", MELBOURNE).description())
        .isEqualTo("cron \"@daily\" Australia/Melbourne");
  }

  @Test
  void unreadableText_saysWhatWasWrong_withExamples() {
    assertThatThrownBy(() -> Schedule.parse("fortnightly", MELBOURNE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "not a schedule: \"fortnightly\": unknown frequency \"fortnightly\"; write e.g. \"every run\"");
    assertThatThrownBy(() -> Schedule.parse("daily at 25:00", MELBOURNE))
        .hasMessageStartingWith(
            "not a schedule: \"daily at 25:00\": not a time of day: \"25:00\" (write HH:MM)");
    assertThatThrownBy(() -> Schedule.parse("daily at 06:00 Mars/Olympus", MELBOURNE))
        .hasMessageStartingWith(
            "not a schedule: \"daily at 06:00 Mars/Olympus\": unknown time zone \"Mars/Olympus\"");
    assertThatThrownBy(() -> Schedule.parse("weekly on Funday", MELBOURNE))
        .hasMessageContaining("not a day of the week: \"Funday\"");
    assertThatThrownBy(() -> Schedule.parse("daily on Monday", MELBOURNE))
        .hasMessageContaining("\"on\" does not apply to daily");
    assertThatThrownBy(() -> Schedule.parse("cron 0 6 * *", MELBOURNE))
        .hasMessageContaining("expected 5 cron fields, found 4");
    assertThatThrownBy(() -> Schedule.parse("every 15 minutes", MELBOURNE))
        .hasMessageContaining("\"every\" takes one duration");
    assertThatThrownBy(() -> Schedule.parse("", MELBOURNE)).hasMessageContaining("it is empty");
  }
}

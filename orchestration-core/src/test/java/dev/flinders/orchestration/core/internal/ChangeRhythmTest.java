package dev.flinders.orchestration.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ChangeRhythmTest {
  private static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  private static Instant at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(MELBOURNE).toInstant();
  }

  private static List<Instant> at(String... localDateTimes) {
    List<Instant> instants = new ArrayList<>();
    for (String text : localDateTimes) {
      instants.add(at(text));
    }
    return instants;
  }

  @Test
  void monthlyData_inTheFirstWeek_isLearntAsDaysOfTheMonth() {
    List<Instant> changes =
        at(
            "2026-06-03T06:00",
            "2026-07-02T06:00",
            "2026-08-05T06:00",
            "2026-09-03T06:00",
            "2026-10-20T06:00", // a late one: still three quarters in the window
            "2026-11-04T06:00");

    ChangeRhythm rhythm = ChangeRhythm.learn(changes, MELBOURNE).orElseThrow();

    assertThat(rhythm.describe())
        .isEqualTo(
            "usually changes on days 2–5 of the month (5 of its last 6 changes; about every 29d)");
    ChangeRhythm.Window window = rhythm.windowAt(at("2026-12-04T12:00")).orElseThrow();
    assertThat(window.start()).isEqualTo(at("2026-12-02T00:00"));
    assertThat(window.end()).isEqualTo(at("2026-12-06T00:00"));
    assertThat(rhythm.windowAt(at("2026-12-06T00:00"))).isEmpty();
    assertThat(rhythm.nextStart(at("2026-12-06T00:00"))).isEqualTo(at("2027-01-02T00:00"));
    assertThat(rhythm.nextStart(at("2026-11-28T00:00"))).isEqualTo(at("2026-12-02T00:00"));
  }

  @Test
  void changesAroundTheTurnOfTheMonth_makeOneWindowAcrossIt() {
    List<Instant> changes =
        at("2026-07-31T09:00", "2026-09-01T09:00", "2026-09-30T09:00", "2026-11-01T09:00");

    ChangeRhythm rhythm = ChangeRhythm.learn(changes, MELBOURNE).orElseThrow();

    assertThat(rhythm.describe())
        .startsWith("usually changes from 1 day before a month starts to day 1 of it (4 of its");
    // November has 30 days: the window opens on the 30th
    assertThat(rhythm.nextStart(at("2026-11-10T00:00"))).isEqualTo(at("2026-11-30T00:00"));
    assertThat(rhythm.windowAt(at("2026-12-01T23:59"))).isPresent();
    assertThat(rhythm.windowAt(at("2026-12-02T00:00"))).isEmpty();
  }

  @Test
  void weeklyData_isLearntAsDaysOfTheWeek() {
    List<Instant> changes =
        at(
            "2026-11-03T10:00", // Tuesday
            "2026-11-10T10:00",
            "2026-11-18T10:00", // Wednesday
            "2026-11-24T10:00");
    List<Instant> twoDays = new ArrayList<>(changes);
    twoDays.add(at("2026-12-02T10:00")); // Wednesday
    twoDays.add(at("2026-12-09T10:00"));
    assertThat(ChangeRhythm.learn(twoDays, MELBOURNE).orElseThrow().describe())
        .isEqualTo(
            "usually changes on Tuesday or Wednesday (6 of its last 6 changes; about every 7d)");

    ChangeRhythm rhythm = ChangeRhythm.learn(changes, MELBOURNE).orElseThrow();

    assertThat(rhythm.describe())
        .isEqualTo("usually changes on Tuesday (3 of its last 4 changes; about every 7d)");
    assertThat(rhythm.nextStart(at("2026-11-26T10:00"))).isEqualTo(at("2026-12-01T00:00"));
  }

  @Test
  void nightlyData_isLearntAsHoursOfTheDay_acrossMidnight() {
    List<Instant> changes =
        at("2026-11-20T23:30", "2026-11-22T00:10", "2026-11-22T23:40", "2026-11-24T00:20");

    ChangeRhythm rhythm = ChangeRhythm.learn(changes, MELBOURNE).orElseThrow();

    assertThat(rhythm.describe()).startsWith("usually changes between 23:00 and 01:00 (4 of its");
    assertThat(rhythm.windowAt(at("2026-11-25T00:30"))).isPresent();
    assertThat(rhythm.nextStart(at("2026-11-25T12:00"))).isEqualTo(at("2026-11-25T23:00"));
  }

  @Test
  void aDateLateInTheMonth_isLearntAsThatDate_andTheLastDayAsTheLastDay() {
    List<Instant> seventeenth = new ArrayList<>();
    List<Instant> lastDay = new ArrayList<>();
    for (int month = 1; month <= 6; month++) {
      LocalDate first = LocalDate.of(2026, month, 1);
      seventeenth.add(first.withDayOfMonth(17).atTime(9, 0).atZone(MELBOURNE).toInstant());
      lastDay.add(first.plusMonths(1).minusDays(1).atTime(9, 0).atZone(MELBOURNE).toInstant());
    }

    ChangeRhythm onThe17th = ChangeRhythm.learn(seventeenth, MELBOURNE).orElseThrow();
    ChangeRhythm atTheEnd = ChangeRhythm.learn(lastDay, MELBOURNE).orElseThrow();

    assertThat(onThe17th.describe()).startsWith("usually changes on day 17 of the month (6 of its");
    // in February too, not counted back from the month's end
    assertThat(onThe17th.windowAt(at("2027-02-17T12:00"))).isPresent();
    assertThat(atTheEnd.describe())
        .startsWith("usually changes on the last day of the month (6 of");
    assertThat(atTheEnd.windowAt(at("2027-02-28T12:00"))).isPresent();
    assertThat(atTheEnd.windowAt(at("2027-03-30T12:00"))).isEmpty();
  }

  @Test
  void aSourceChangingAllDay_orForLessThanTwoCycles_teachesNothing() {
    List<Instant> everyFifteenMinutes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      everyFifteenMinutes.add(at("2026-11-25T06:00").plusSeconds(900L * i));
    }
    assertThat(ChangeRhythm.learn(everyFifteenMinutes, MELBOURNE)).isEmpty();
    assertThat(
            ChangeRhythm.learn(
                at("2026-11-03T10:00", "2026-11-10T10:00", "2026-11-12T10:00"), MELBOURNE))
        .as("not two weeks of changes")
        .isEmpty();
  }

  @Test
  void tooFewChanges_orChangesSpreadOut_teachNothing() {
    assertThat(ChangeRhythm.learn(at("2026-10-03T06:00", "2026-11-03T06:00"), MELBOURNE)).isEmpty();
    assertThat(
            ChangeRhythm.learn(
                at("2026-07-03T06:00", "2026-08-12T06:00", "2026-09-24T06:00", "2026-10-07T06:00"),
                MELBOURNE))
        .isEmpty();
  }

  /**
   * Property: whatever the changes, a learnt window holds at least three quarters of them, it is
   * never wider than its cycle allows, and the next window opens after the time asked about.
   */
  @RepeatedTest(200)
  void aLearntWindow_holdsThreeQuartersOfTheChanges_andOpensInTheFuture() {
    holdsThreeQuarters_andOpensInTheFuture(new Random().nextLong());
  }

  /**
   * Seeds the property once failed on: days 24–29 of a month said "8 of its last 10 changes" while
   * its windows held 9 (February's window runs on into March).
   */
  @Test
  void aLearntWindow_saysHowManyChangesItsCalendarWindowsHold() {
    holdsThreeQuarters_andOpensInTheFuture(-1606258837416035378L);
  }

  private static void holdsThreeQuarters_andOpensInTheFuture(long seed) {
    Random random = new Random(seed);
    int n = 3 + random.nextInt(10);
    long[] gapHours = {6, 24, 24 * 7, 24 * 30};
    long gap = gapHours[random.nextInt(gapHours.length)];
    List<Instant> changes = new ArrayList<>();
    Instant t = at("2026-01-01T00:00").plusSeconds(random.nextInt(86_400 * 28));
    for (int i = 0; i < n; i++) {
      changes.add(t);
      long jitter = (long) (gap * 3600 * 0.2 * random.nextGaussian());
      t = t.plusSeconds(Math.max(600, gap * 3600 + jitter));
    }

    ChangeRhythm.learn(changes, MELBOURNE)
        .ifPresent(
            rhythm -> {
              int inside = 0;
              for (Instant change : changes) {
                inside += rhythm.windowAt(change).isPresent() ? 1 : 0;
              }
              assertThat(inside * 4).as("seed %d", seed).isGreaterThanOrEqualTo(3 * n);
              assertThat(rhythm.describe()).as("seed %d", seed).contains(inside + " of its last");
              Instant now = changes.get(n - 1);
              Instant next = rhythm.nextStart(now);
              assertThat(next).as("seed %d", seed).isAfter(now);
              assertThat(rhythm.windowAt(next)).as("seed %d", seed).isPresent();
              assertThat(LocalDate.ofInstant(next, MELBOURNE))
                  .as("seed %d", seed)
                  .isBefore(LocalDate.ofInstant(now, MELBOURNE).plusDays(63));
            });
  }
}

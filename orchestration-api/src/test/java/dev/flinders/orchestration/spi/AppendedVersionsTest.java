package dev.flinders.orchestration.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** File versions of appending datasets: names, periods, and when periods end, across DST. */
class AppendedVersionsTest {
  private static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  @Test
  void aCommitIsItsLocalTime_toTheMillisecond_inAPeriodOfItsHourAndDay() {
    String version = AppendedVersions.commit(Instant.parse("2026-12-01T20:30:15.042Z"), MELBOURNE);

    assertThat(version).isEqualTo("20261202T073015042");
    assertThat(AppendedVersions.period(version, ChronoUnit.HOURS)).isEqualTo("20261202T07");
    assertThat(AppendedVersions.period(version, ChronoUnit.DAYS)).isEqualTo("20261202");
    assertThat(AppendedVersions.period("20261202T07", ChronoUnit.DAYS)).isEqualTo("20261202");
    assertThat(AppendedVersions.end("20261202T07", MELBOURNE))
        .isEqualTo(Instant.parse("2026-12-01T21:00:00Z"));
    assertThat(AppendedVersions.end("20261202", MELBOURNE))
        .isEqualTo(Instant.parse("2026-12-02T13:00:00Z"));
  }

  @Test
  void anHourRepeatedWhenClocksGoBack_endsAfterItsSecondPass() {
    // 5 April 2026: Melbourne goes from 03:00 AEDT (+11) back to 02:00 AEST (+10)
    assertThat(AppendedVersions.end("20260405T02", MELBOURNE))
        .isEqualTo(Instant.parse("2026-04-04T17:00:00Z")); // 03:00 +10
    assertThat(AppendedVersions.end("20260405T01", MELBOURNE))
        .isEqualTo(Instant.parse("2026-04-04T15:00:00Z")); // the first 02:00, +11
    assertThat(AppendedVersions.end("20260405", MELBOURNE))
        .isEqualTo(Instant.parse("2026-04-05T14:00:00Z")); // a 25-hour day
  }

  @Test
  void anHourSkippedWhenClocksGoForward_endsWithTheHourBefore() {
    // 4 October 2026: 02:00 AEST (+10) becomes 03:00 AEDT (+11)
    assertThat(AppendedVersions.end("20261004T01", MELBOURNE))
        .isEqualTo(Instant.parse("2026-10-03T16:00:00Z"));
    assertThat(AppendedVersions.end("20261004", MELBOURNE))
        .isEqualTo(Instant.parse("2026-10-04T13:00:00Z")); // a 23-hour day
  }

  @Test
  void everyCommitLiesInItsPeriod_whichEndsAfterIt_overRandomInstants() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int i = 0; i < 10_000; i++) {
      Instant at = Instant.ofEpochMilli(1_700_000_000_000L + (long) (random.nextDouble() * 1e11));
      String version = AppendedVersions.commit(at, MELBOURNE);
      for (ChronoUnit unit : new ChronoUnit[] {ChronoUnit.HOURS, ChronoUnit.DAYS}) {
        Instant end = AppendedVersions.end(AppendedVersions.period(version, unit), MELBOURNE);
        assertThat(end).as("seed %d: %s %s", seed, at, unit).isAfter(at);
        assertThat(end)
            .as("seed %d: %s %s", seed, at, unit)
            .isBeforeOrEqualTo(at.plusSeconds(unit == ChronoUnit.HOURS ? 7200 : 25 * 3600));
      }
    }
  }

  @Test
  void whatIsNotAVersion_isRefusedWithTheForms() {
    assertThat(AppendedVersions.isVersion("20261202T0730")).isFalse();
    assertThatThrownBy(() -> AppendedVersions.period("2026-12-02", ChronoUnit.DAYS))
        .hasMessageContaining("yyyyMMdd, yyyyMMdd'T'HH or yyyyMMdd'T'HHmmssSSS");
    assertThatThrownBy(() -> AppendedVersions.period("20261202", ChronoUnit.HOURS))
        .hasMessage("version 20261202 is a whole day: it belongs to no single hour");
    assertThatThrownBy(() -> AppendedVersions.end("20261202T073015042", MELBOURNE))
        .hasMessageContaining("is a commit, not an hour or a day");
  }
}

package dev.flinders.orchestration.ptv.gtfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GTFS times: counted from noon minus 12 hours, past 24:00:00 for trips after midnight. */
class GtfsTimeTest {
  @ParameterizedTest(name = "{0} is {1} s")
  @CsvSource({
    "0:00:00, 0",
    "6:20:00, 22800",
    "06:20:00, 22800",
    "23:59:59, 86399",
    "24:00:00, 86400",
    "25:35:00, 92100",
    "' 7:05:09 ', 25509",
    "100:00:00, 360000"
  })
  void validTimes(String text, int seconds) {
    assertThat(GtfsTime.seconds(text)).isEqualTo(seconds);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "25:7:00, '\"25:7:00\" is not a time H:MM:SS'",
    "6:20, '\"6:20\" is not a time H:MM:SS'",
    "6h20m, '\"6h20m\" is not a time H:MM:SS'",
    "6:60:00, '\"6:60:00\" is not a time H:MM:SS: minutes and seconds go up to 59'",
    "-1:00:00, '\"-1:00:00\" is not a time H:MM:SS'",
    "1000:00:00, '\"1000:00:00\" is not a time H:MM:SS'"
  })
  void invalidTimes_sayWhy(String text, String message) {
    assertThatThrownBy(() -> GtfsTime.seconds(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}

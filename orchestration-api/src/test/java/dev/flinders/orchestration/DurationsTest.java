package dev.flinders.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parse_readsCompactAndIsoForms() {
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse(" PT15M ")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Durations.parse("pt2h")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void format_isReadBackByParse() {
    for (Duration duration :
        new Duration[] {
          Duration.ZERO,
          Duration.ofMillis(250),
          Duration.ofSeconds(90),
          Duration.ofMinutes(90),
          Duration.ofHours(49).plusSeconds(1),
          Duration.ofDays(3)
        }) {
      assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofSeconds(-5))).isEqualTo("-5s");
  }

  @Test
  void parse_rejectsTextThatIsNotADuration_namingTheFormsAccepted() {
    assertThatThrownBy(() -> Durations.parse("15 minutes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "not a duration: \"15 minutes\"; write a compact form such as 90s, 15m, 1h30m or 2d, or"
                + " ISO-8601 such as PT15M");
    assertThatThrownBy(() -> Durations.parse("")).hasMessageContaining("not a duration: \"\"");
    assertThatThrownBy(() -> Durations.parse("PT")).hasMessageContaining("not a duration: \"PT\"");
    assertThatThrownBy(() -> Durations.parse("99999999999999999999d"))
        .hasMessageContaining("is too long");
  }

  @Test
  void formatElapsed_roundsForReading() {
    assertThat(Durations.formatElapsed(Duration.ofNanos(12_345))).isEqualTo("12µs");
    assertThat(Durations.formatElapsed(Duration.ofNanos(3_400_000))).isEqualTo("3.4ms");
    assertThat(Durations.formatElapsed(Duration.ofMillis(1_250))).isEqualTo("1.25s");
    assertThat(Durations.formatElapsed(Duration.ofSeconds(125))).isEqualTo("2m05s");
    assertThat(Durations.formatElapsed(Duration.ofMinutes(62))).isEqualTo("1h02m");
  }
}

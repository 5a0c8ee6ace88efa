package dev.flinders.orchestration.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.ValueConversionException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The writer's fast double conversion accepts and rounds exactly as {@link ColumnType#parse}. */
class QualityWriterParseTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "144.9631",
        "-37.8136",
        "1e3",
        "+3.5",
        ".5",
        "5.",
        "-0",
        " 2.5 ",
        "NaN",
        "Infinity",
        "-Infinity",
        "0x1p3",
        "1d",
        "2.5f",
        "4.9e-324",
        "1.7976931348623157e308",
        "1e400",
        ""
      })
  void acceptsWhatColumnTypeAccepts(String text) {
    assertThat(QualityWriter.parse(ColumnType.DOUBLE, text))
        .isEqualTo(ColumnType.DOUBLE.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1..2", "abc", "1e", "0x", "1_0", "1,5", "--1", "１"})
  void refusesWhatColumnTypeRefuses(String text) {
    assertThatThrownBy(() -> ColumnType.DOUBLE.parse(text))
        .isInstanceOf(ValueConversionException.class);
    assertThatThrownBy(() -> QualityWriter.parse(ColumnType.DOUBLE, text))
        .isInstanceOf(ValueConversionException.class)
        .hasMessage(new ValueConversionException(text, ColumnType.DOUBLE).getMessage());
  }

  @Test
  void roundsRandomDecimalsExactlyAsDoubleValueOf() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      String text =
          switch (i % 3) {
            case 0 -> Double.toString(Double.longBitsToDouble(random.nextLong()));
            case 1 -> (random.nextInt(2_000_000) - 1_000_000) + "." + random.nextInt(1_000_000);
            default -> random.nextInt(1000) + "." + random.nextLong(Long.MAX_VALUE) + "e-7";
          };
      assertThat(QualityWriter.parse(ColumnType.DOUBLE, text))
          .as(text)
          .isEqualTo(ColumnType.DOUBLE.parse(text));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "007",
        "+7",
        "-7",
        " 42 ",
        "2147483647",
        "-2147483648",
        "2147483648",
        "-2147483649",
        "123456789",
        "1234567890",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "\u0663",
        "1.0",
        "1e3",
        "abc",
        "-",
        "+",
        "1_0",
        "0x10",
        "--1",
        ""
      })
  void integersAreReadAsColumnTypeReadsThem(String text) {
    for (ColumnType type : new ColumnType[] {ColumnType.INT, ColumnType.LONG}) {
      Object expected;
      try {
        expected = type.parse(text);
      } catch (ValueConversionException refused) {
        assertThatThrownBy(() -> QualityWriter.parse(type, text))
            .as("%s %s", type, text)
            .isInstanceOf(ValueConversionException.class)
            .hasMessage(refused.getMessage());
        continue;
      }
      assertThat(QualityWriter.parse(type, text)).as("%s %s", type, text).isEqualTo(expected);
    }
  }

  @Test
  void otherTypesAreColumnTypes() {
    assertThat(QualityWriter.parse(ColumnType.INT, " 42 ")).isEqualTo(42);
    assertThat(QualityWriter.parse(ColumnType.STRING, " a ")).isEqualTo(" a ");
    assertThat(QualityWriter.parse(ColumnType.DOUBLE, null)).isNull();
  }
}

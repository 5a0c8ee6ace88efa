package dev.flinders.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ByteSizesTest {

  @Test
  void formatsInBinaryUnitsWithOneDecimal() {
    Map<Long, String> cases = new LinkedHashMap<>();
    cases.put(0L, "0 B");
    cases.put(1023L, "1023 B");
    cases.put(1024L, "1.0 KiB");
    cases.put(12_595L, "12.3 KiB");
    cases.put(1_048_575L, "1.0 MiB"); // rounds up into the next unit, never "1024.0 KiB"
    cases.put(1_048_576L, "1.0 MiB");
    cases.put(274_841_600L, "262.1 MiB");
    cases.put(1L << 30, "1.0 GiB");
    cases.put(1L << 40, "1.0 TiB");
    cases.put(1L << 50, "1024.0 TiB"); // the largest unit keeps counting
    cases.forEach(
        (bytes, expected) ->
            assertThat(ByteSizes.format(bytes)).as("%d bytes", bytes).isEqualTo(expected));
  }

  @Test
  void parsesBytesAndBinaryUnits_andSaysWhatItTakes() {
    assertThat(ByteSizes.parse("1048576")).isEqualTo(1L << 20);
    assertThat(ByteSizes.parse("512MiB")).isEqualTo(512L << 20);
    assertThat(ByteSizes.parse(" 1.5 GiB ")).isEqualTo(3L << 29);
    assertThat(ByteSizes.parse("100 B")).isEqualTo(100);
    assertThat(ByteSizes.parse("2TiB")).isEqualTo(2L << 40);
    for (String bad : new String[] {"", "lots", "1.5", "12MB", "-1KiB", "1e3", "99999999 TiB"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ByteSizes.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"" + bad + "\"");
    }
  }

  @Test
  void whatFormatWrites_parsesBackWithinItsRounding() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 1000; i++) {
      long bytes = (long) Math.pow(2, random.nextDouble() * 50);
      String written = ByteSizes.format(bytes).replace(" ", "");
      long read = ByteSizes.parse(written);
      assertThat((double) Math.abs(read - bytes))
          .as(written)
          .isLessThanOrEqualTo(bytes * 0.05 + 1); // one decimal of the unit
    }
  }
}

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
}

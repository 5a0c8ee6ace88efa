package dev.flinders.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResourceUseTest {
  @Test
  void cpuAndWaits_areWrittenAsMeasuredTimes_inMicrosecondsBelowAMillisecond() {
    ResourceUse use =
        new ResourceUse(
            Duration.ofMillis(12),
            4_718_592,
            -1,
            Duration.ofNanos(130_440_000),
            Duration.ofNanos(7_544));

    assertThat(use.toString())
        .isEqualTo(
            "cpu 12.0ms, allocated 4.5 MiB, waited 130.4ms for a slot, waited 7µs for quota");
  }

  @Test
  void cpuUnderAMillisecond_isInMicroseconds() {
    ResourceUse use =
        new ResourceUse(Duration.ofNanos(892_228), -1, -1, Duration.ZERO, Duration.ZERO);

    assertThat(use.toString()).isEqualTo("cpu 892µs");
  }

  @Test
  void waitsOfZero_areLeftOut() {
    ResourceUse use = new ResourceUse(null, -1, 1L << 20, Duration.ZERO, Duration.ZERO);

    assertThat(use.toString()).isEqualTo("heap 1.0 MiB after");
  }
}

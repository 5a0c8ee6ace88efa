package dev.flinders.orchestration.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.http.HttpUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Latency percentiles of a component's calls, nearest rank, in any order of arrival. */
class HttpMeterTest {
  @Test
  void medianAndP95_byNearestRank() {
    List<Integer> millis = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      millis.add(i);
    }
    Collections.shuffle(millis, new Random(7));
    HttpMeter meter = new HttpMeter();
    for (int ms : millis) {
      meter.sent();
      meter.record(200, false, 10, Duration.ofMillis(ms).toNanos());
    }

    HttpUsage usage = meter.usage();

    assertThat(usage.median()).isEqualTo(Duration.ofMillis(50));
    assertThat(usage.p95()).isEqualTo(Duration.ofMillis(95));
    assertThat(usage.slowest()).isEqualTo(Duration.ofMillis(100));
    assertThat(usage.toString()).contains("median 50.0ms, p95 95.0ms, slowest 100.0ms");
  }

  @Test
  void oneCall_isItsOwnMedian_andTheLineLeavesPercentilesOut() {
    HttpMeter meter = new HttpMeter();
    meter.sent();
    meter.record(200, false, 10, Duration.ofMillis(30).toNanos());

    assertThat(meter.usage().median()).isEqualTo(Duration.ofMillis(30));
    assertThat(meter.usage().toString()).doesNotContain("median");
  }
}

package dev.flinders.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutcomeTest {
  @Test
  void theBuilder_collectsOutputsAndMetricsInOrder() {
    Outcome outcome =
        Outcome.builder()
            .records(222)
            .output("data/curated/station_patronage_annual_20261125.parquet")
            .metric("bytes", 10_240)
            .metric("pages", 3)
            .changed(false)
            .build();

    assertThat(outcome.records()).isEqualTo(222);
    assertThat(outcome.outputs())
        .containsExactly("data/curated/station_patronage_annual_20261125.parquet");
    assertThat(outcome.metrics())
        .containsExactly(java.util.Map.entry("bytes", 10_240.0), java.util.Map.entry("pages", 3.0));
    assertThat(outcome.changed()).isFalse();
    assertThat(Outcome.records(5).changed()).isTrue();
  }

  @Test
  void badValues_areRejectedNamingThem() {
    assertThatThrownBy(() -> Outcome.records(-1))
        .hasMessage("records must not be negative, was -1");
    assertThatThrownBy(() -> Outcome.builder().metric("latency", Double.NaN))
        .hasMessage("metric \"latency\" must be a number, was NaN");
  }
}

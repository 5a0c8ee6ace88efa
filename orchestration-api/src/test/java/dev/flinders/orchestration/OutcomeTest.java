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

  @Test
  void notes_areListedUnderTheComponentInTheReport_unlessTheReasonSaysThemAlready() {
    Outcome outcome =
        Outcome.builder()
            .note("re-ingested mode 4 (bus): its inner feed changed")
            .note("kept modes 1, 2, 3: unchanged")
            .build();
    ComponentResult result =
        ComponentResult.builder("gtfs", Status.SUCCEEDED, new Reason(ReasonCode.DUE, "due"))
            .outcome(outcome)
            .build();
    ComponentResult unchanged =
        ComponentResult.builder(
                "feed",
                Status.UNCHANGED,
                new Reason(ReasonCode.SOURCE_UNCHANGED, "unchanged: same SHA-256"))
            .outcome(Outcome.unchanged("same SHA-256"))
            .build();
    RunReport report =
        new RunReport(
            "p",
            "r",
            RunStatus.SUCCEEDED,
            java.time.Instant.EPOCH,
            java.time.Instant.EPOCH,
            false,
            java.util.List.of(result, unchanged));

    assertThat(report.toText())
        .contains(
            "           note: re-ingested mode 4 (bus): its inner feed changed\n"
                + "           note: kept modes 1, 2, 3: unchanged\n")
        .doesNotContain("note: same SHA-256");
    assertThat(Outcome.unchanged("same SHA-256").notes()).containsExactly("same SHA-256");
    assertThat(Outcome.unchanged("same SHA-256").changed()).isFalse();
  }
}

package dev.flinders.orchestration.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GTFS harness on a small feed: both sides load every table, the incremental run re-ingests the
 * changed mode alone (the harness checks both and fails otherwise), and the figures print.
 */
class GtfsIngestionComparisonTest {
  @Test
  void inThisJvm_theFullRunDuckDbAndTheIncrementalRunAreMeasured() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<GtfsIngestionComparison.Measurement> results =
        GtfsIngestionComparison.run(20_000, 1, 1, new PrintStream(printed, true, "UTF-8"));

    String output = printed.toString(StandardCharsets.UTF_8);
    assertThat(results)
        .singleElement()
        .satisfies(
            result -> {
              assertThat(result.full()).isPositive();
              assertThat(result.duck()).isPositive();
              assertThat(result.incremental()).isPositive();
              assertThat(result.liveAfterCollection()).isPositive();
            });
    assertThat(output)
        .contains("20000 stop times", "  mode 4 ", "changed feed: mode 3 rewritten")
        .contains("round 1: flinders", "one mode changed", "median: flinders");
  }

  @Test
  void aCountThatIsNotPositive_isRefusedWithAllThree() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> GtfsIngestionComparison.run(1_000, 0, 1, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stop times, rounds and forks must be positive; were 1000, 0 and 1");
  }

  @Test
  void aForksResultLine_readsBackAsItsMeasurement_andOtherLinesAreNotOne() {
    GtfsIngestionComparison.Measurement measured =
        new GtfsIngestionComparison.Measurement(30.5, 55.25, 20.0, 38.5, 5.0, 9.0, 400L << 20);

    assertThat(GtfsIngestionComparison.Measurement.ofLine(measured.asLine())).isEqualTo(measured);
    assertThat(GtfsIngestionComparison.Measurement.ofLine("round 1: flinders 30 s")).isNull();
  }
}

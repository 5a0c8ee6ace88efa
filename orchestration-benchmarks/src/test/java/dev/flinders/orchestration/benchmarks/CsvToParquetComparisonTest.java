package dev.flinders.orchestration.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV to Parquet harness runs in this JVM and in forks, and reports what each measured. */
class CsvToParquetComparisonTest {
  @Test
  void inThisJvm_bothSidesConvertTheFileAndTheMediansArePrinted() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<CsvToParquetComparison.Measurement> results =
        CsvToParquetComparison.run(2_000, 2, 1, new PrintStream(printed, true, "UTF-8"));

    assertThat(results).hasSize(1);
    assertThat(results.get(0).ours()).isPositive();
    assertThat(results.get(0).duck()).isPositive();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("round 1: flinders", "round 2: flinders", "median: flinders");
  }

  @Test
  void withForks_eachForkIsANewJvmAndTheSummaryIsOverTheirRatios() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<CsvToParquetComparison.Measurement> results =
        CsvToParquetComparison.run(2_000, 1, 2, new PrintStream(printed, true, "UTF-8"));

    String output = printed.toString(StandardCharsets.UTF_8);
    assertThat(results).hasSize(2).allSatisfy(result -> assertThat(result.ratio()).isPositive());
    assertThat(output)
        .contains("  [fork 1] round 1: flinders", "  [fork 2] round 1: flinders")
        .contains("fork 1: flinders", "fork 2: flinders")
        .contains("over 2 forks: flinders/duckdb median")
        .doesNotContain(CsvToParquetComparison.FORK_RESULT);
    // each fork is its own process: the parent's JVM ran no round of its own
    assertThat(output.lines().filter(line -> line.startsWith("round ")).count()).isZero();
  }

  @Test
  void aCountThatIsNotPositive_isRefusedWithAllThree() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CsvToParquetComparison.run(1_000, 3, 0, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rows, rounds and forks must be positive; were 1000, 3 and 0");
  }

  @Test
  void aForksResultLine_readsBackAsItsMeasurement_andOtherLinesAreNotOne() {
    CsvToParquetComparison.Measurement measured =
        new CsvToParquetComparison.Measurement(0.8125, 0.75, 200L << 20, 70L << 20);

    assertThat(CsvToParquetComparison.Measurement.ofLine(measured.asLine())).isEqualTo(measured);
    assertThat(CsvToParquetComparison.Measurement.ofLine("round 1: flinders 0.8 s")).isNull();
  }
}

package dev.flinders.orchestration.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.parquet.ParquetDatasetReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Both sides of the encoding benchmark write the same rows, so the comparison is like for like. */
class ParquetEncodingBenchmarkTest {
  @Test
  void theSinkAndParquetJavasRecordWriter_writeTheSameRows() throws Exception {
    ParquetEncodingBenchmark benchmark = new ParquetEncodingBenchmark();
    benchmark.setUp();
    try {
      assertThat(benchmark.flindersSink()).isPositive();
      assertThat(benchmark.parquetJavaRecordWriter()).isPositive();
      Path sinkFile;
      try (Stream<Path> files = Files.list(benchmark.directory.resolve("sink"))) {
        sinkFile = files.filter(file -> file.toString().endsWith(".parquet")).findFirst().get();
      }
      List<Object[]> ours = readAll(sinkFile);
      List<Object[]> theirs = readAll(benchmark.directory.resolve("record-writer.parquet"));

      assertThat(ours).hasSize(ParquetEncodingBenchmark.ROWS).hasSameSizeAs(theirs);
      for (int i = 0; i < ours.size(); i++) {
        assertThat(ours.get(i)).as("row %d", i).containsExactly(theirs.get(i));
        assertThat(ours.get(i)).as("row %d", i).containsExactly(benchmark.rows.get(i));
      }
    } finally {
      benchmark.tearDown();
    }
  }

  private static List<Object[]> readAll(Path file) {
    try (ParquetDatasetReader reader = ParquetDatasetReader.open(file)) {
      return reader.readAll();
    }
  }
}

package dev.flinders.orchestration.parquet;

import dev.flinders.orchestration.spi.DatasetOutput;
import java.nio.file.Path;

/**
 * Run as a child JVM by {@link KilledWriterTest}: writes rows to a new version of {@code stops},
 * flushing small row groups to its temporary file, says so, and goes on until it is killed.
 */
public final class KilledWriterMain {
  private KilledWriterMain() {}

  public static void main(String[] args) {
    ParquetDatasetSink sink =
        ParquetDatasetSink.builder(Path.of(args[0]))
            .zone(ParquetDatasetSinkTest.MELBOURNE)
            .rowGroupBytes(64 << 10)
            .build();
    DatasetOutput output =
        sink.open(
            "stops",
            ParquetDatasetSinkTest.STOPS,
            ParquetDatasetSinkTest.NOV_25.plusSeconds(86_400));
    for (int i = 0; ; i++) {
      output.write(ParquetDatasetSinkTest.stop(i, "stop " + i));
      if (i == 100_000) {
        System.out.println("WRITING");
        System.out.flush();
      }
    }
  }
}

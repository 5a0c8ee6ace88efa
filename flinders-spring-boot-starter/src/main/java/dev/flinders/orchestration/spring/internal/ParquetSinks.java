package dev.flinders.orchestration.spring.internal;

import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import dev.flinders.orchestration.spi.DatasetSink;
import java.nio.file.Path;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * The Parquet sinks of flinders.datasets.directory. A class of its own so that nothing loads the
 * Parquet module unless it is on the classpath.
 */
final class ParquetSinks {
  private ParquetSinks() {}

  /** Curated datasets in {@code directory/curated}, quarantined rows in {@code quarantine}. */
  static DatasetSink[] under(Path directory, @Nullable ZoneId zone) {
    return new DatasetSink[] {
      sink(directory.resolve("curated"), zone), sink(directory.resolve("quarantine"), zone)
    };
  }

  private static DatasetSink sink(Path directory, @Nullable ZoneId zone) {
    ParquetDatasetSink.Builder builder = ParquetDatasetSink.builder(directory);
    if (zone != null) {
      builder.zone(zone);
    }
    return builder.build();
  }
}

package dev.flinders.orchestration.parquet;

import dev.flinders.orchestration.spi.DatasetOutput;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Run as a child JVM by {@link LeanClasspathTest}: writes and reads back a version with every codec
 * the sink offers, and prints what it read.
 */
public final class LeanClasspathMain {
  private LeanClasspathMain() {}

  public static void main(String[] args) {
    for (String codec : new String[] {"ZSTD", "SNAPPY", "GZIP", "LZ4_RAW", "UNCOMPRESSED"}) {
      ParquetDatasetSink sink =
          ParquetDatasetSink.builder(Path.of(args[0], codec))
              .compression(CompressionCodecName.valueOf(codec))
              .build();
      try (DatasetOutput output = sink.open("stops", ParquetDatasetSinkTest.STOPS, Instant.EPOCH)) {
        for (int i = 0; i < 1_000; i++) {
          output.write(ParquetDatasetSinkTest.stop(i, "stop " + i));
        }
        output.commit();
      }
      try (ParquetDatasetReader reader = sink.readLatest("stops").orElseThrow()) {
        System.out.println(codec + " " + reader.readAll().size());
      }
    }
  }
}

package dev.flinders.orchestration.parquet;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Run as a child JVM by {@link KilledCompactionTest}: commits snapshots of 2,000 rows, 20 an hour
 * with consecutive ids, says {@code COMMITTED <n>} after each and {@code COMPACTING} before merging
 * each hour that closes, and goes on until it is killed.
 */
public final class KilledCompactionMain {
  private KilledCompactionMain() {}

  public static void main(String[] args) {
    ParquetDatasetSink sink =
        ParquetDatasetSink.builder(Path.of(args[0]))
            .zone(AppendingDatasetSinkTest.MELBOURNE)
            .build();
    Instant hour = AppendingDatasetSinkTest.SEVEN;
    for (long committed = 0; ; ) {
      for (int i = 0; i < 20; i++) {
        AppendingDatasetSinkTest.snapshot(
            sink, hour.plusSeconds(180L * i), committed * ROWS, (int) ROWS);
        committed++;
        System.out.println("COMMITTED " + committed);
      }
      hour = hour.plus(1, ChronoUnit.HOURS);
      System.out.println("COMPACTING");
      System.out.flush();
      sink.compact("gtfsr_trip_updates", AppendingDatasetSinkTest.SNAPSHOT, ChronoUnit.HOURS, hour);
    }
  }

  static final long ROWS = 2_000;
}

package dev.flinders.orchestration.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.spi.DatasetVersion;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A process killed with SIGKILL while it appends and compacts loses no committed row and doubles
 * none: after the next sink opens the dataset, every id of every snapshot it reported committed is
 * there exactly once, and the next compaction merges the rest.
 */
class KilledCompactionTest {
  @TempDir Path directory;

  /** Kills the child on reading its {@code compactions}-th COMPACTING line, mid-merge. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void killedWhileCompacting_loseAndDoubleNothing(int compactions) throws Exception {
    Process child = ChildJvm.start(KilledCompactionMain.class, directory.toString());
    long committed = 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      int seen = 0;
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("COMMITTED ")) {
          committed = Long.parseLong(line.substring("COMMITTED ".length()));
        } else if (!line.equals("COMPACTING")) {
          throw new AssertionError("the child said: " + line);
        } else if (++seen == compactions) {
          break;
        }
      }
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
      child.waitFor(20, TimeUnit.SECONDS);
    }
    assertThat(committed).isEqualTo(20L * compactions);

    ParquetDatasetSink sink =
        ParquetDatasetSink.builder(directory).zone(AppendingDatasetSinkTest.MELBOURNE).build();
    sink.openAppending(
            "gtfsr_trip_updates", AppendingDatasetSinkTest.SNAPSHOT, AppendingDatasetSinkTest.SEVEN)
        .close(); // the next writer's open finishes or undoes what the child left
    assertEveryIdOnce(sink, committed * KilledCompactionMain.ROWS);

    sink.compact(
        "gtfsr_trip_updates",
        AppendingDatasetSinkTest.SNAPSHOT,
        ChronoUnit.HOURS,
        AppendingDatasetSinkTest.SEVEN.plus(compactions, ChronoUnit.HOURS));
    assertThat(sink.appended("gtfsr_trip_updates"))
        .extracting(DatasetVersion::version)
        .as("one file an hour")
        .hasSize(compactions)
        .allMatch(version -> version.length() == 11);
    assertEveryIdOnce(sink, committed * KilledCompactionMain.ROWS);
  }

  private static void assertEveryIdOnce(ParquetDatasetSink sink, long ids) {
    BitSet seen = new BitSet();
    long rows = 0;
    for (DatasetVersion file : sink.appended("gtfsr_trip_updates")) {
      try (ParquetDatasetReader reader = sink.read(file)) {
        for (Object[] row = reader.next(); row != null; row = reader.next()) {
          int id = Math.toIntExact((Long) row[0]);
          assertThat(seen.get(id)).as("id %d doubled", id).isFalse();
          seen.set(id);
          rows++;
        }
      }
    }
    assertThat(rows).as("every committed row, once").isEqualTo(ids);
    assertThat(seen.cardinality()).isEqualTo(Math.toIntExact(ids));
  }
}

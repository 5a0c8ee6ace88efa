package dev.flinders.orchestration.examples.victoria;

import dev.flinders.orchestration.parquet.ParquetDatasetReader;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import dev.flinders.orchestration.spi.DatasetVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The trip ids of the ingested GTFS schedule, by mode, for the realtime feeds' join check ({@code
 * GtfsRealtime.Builder.scheduledTrips}): read from partition {@code mode=<n>} of {@code gtfs_trips}
 * and kept until that file changes, so a fetch every 30 seconds does not read the schedule again.
 * No partition (the schedule not ingested yet, or a mode it lacks) gives an empty set, which skips
 * the check. Thread-safe.
 */
final class ScheduledTrips {
  private static final String DATASET = "gtfs_trips";

  private final ParquetDatasetSink curated;
  private final Map<Integer, Read> reads = new HashMap<>();

  private record Read(Path file, FileTime modified, Set<String> tripIds) {}

  ScheduledTrips(ParquetDatasetSink curated) {
    this.curated = curated;
  }

  /** The trip ids of GTFS mode {@code mode}, read at each call. */
  Supplier<Set<String>> of(int mode) {
    return () -> tripIds(mode);
  }

  private synchronized Set<String> tripIds(int mode) {
    DatasetVersion partition =
        curated.partitions(DATASET).stream()
            .filter(version -> version.version().equals("mode=" + mode))
            .findFirst()
            .orElse(null);
    if (partition == null) {
      return Set.of();
    }
    Path file = Path.of(partition.location());
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      Read last = reads.get(mode);
      if (last != null && last.file().equals(file) && last.modified().equals(modified)) {
        return last.tripIds();
      }
      Set<String> tripIds;
      try (ParquetDatasetReader reader = curated.read(partition)) {
        tripIds = reader.rows().map(row -> row.string("trip_id")).collect(Collectors.toSet());
      }
      reads.put(mode, new Read(file, modified, Set.copyOf(tripIds)));
      return tripIds;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the trip ids of " + file + " for the realtime join check: " + e, e);
    }
  }
}

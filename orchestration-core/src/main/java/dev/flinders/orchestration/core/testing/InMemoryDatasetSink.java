package dev.flinders.orchestration.core.testing;

import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.spi.DatasetOutput;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spi.DatasetVersion;
import dev.flinders.orchestration.spi.PartitionedOutput;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DatasetSink} in memory, for tests: versions are named by their UTC date ({@code
 * yyyyMMdd}), rows are kept in lists, and a version is visible only once committed; partitioned
 * datasets keep the rows of each partition's latest commit. Thread-safe.
 */
public final class InMemoryDatasetSink implements DatasetSink {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

  private final String name;
  private final Map<String, Map<String, List<Object[]>>> committed = new ConcurrentHashMap<>();

  /** A sink whose versions' locations start with {@code name}, e.g. {@code curated}. */
  public InMemoryDatasetSink(String name) {
    this.name = name;
  }

  @Override
  public DatasetOutput open(String dataset, DatasetSchema schema, Instant at) {
    String version = DATE.format(at);
    List<Object[]> rows = new ArrayList<>();
    return new DatasetOutput() {
      private boolean done;

      @Override
      public void write(Object[] row) {
        if (done) {
          throw new IllegalStateException("closed");
        }
        schema.check(row);
        rows.add(row.clone());
      }

      @Override
      public long rows() {
        return rows.size();
      }

      @Override
      public DatasetVersion commit() {
        done = true;
        committed
            .computeIfAbsent(dataset, key -> new ConcurrentHashMap<>())
            .put(version, List.copyOf(rows));
        return new DatasetVersion(dataset, version, location(dataset, version));
      }

      @Override
      public void close() {
        done = true;
      }
    };
  }

  @Override
  public List<DatasetVersion> versions(String dataset) {
    List<DatasetVersion> versions = new ArrayList<>();
    committed
        .getOrDefault(dataset, Map.of())
        .keySet()
        .forEach(
            version ->
                versions.add(new DatasetVersion(dataset, version, location(dataset, version))));
    versions.sort(Comparator.comparing(DatasetVersion::version).reversed());
    return versions;
  }

  /** Committed partitions: dataset, then the partition's directory name, then its rows. */
  private final Map<String, Map<String, List<Object[]>>> partitions = new ConcurrentHashMap<>();

  @Override
  public PartitionedOutput openPartitioned(
      String dataset, DatasetSchema schema, String column, Instant at) {
    Map<String, List<Object[]>> written = new java.util.LinkedHashMap<>();
    return new PartitionedOutput() {
      private @Nullable String current;
      private long rows;
      private boolean done;

      @Override
      public void write(String value, Object[] row) {
        if (done) {
          throw new IllegalStateException("closed");
        }
        String name = column + "=" + value;
        if (!name.equals(current) && written.containsKey(name)) {
          throw new IllegalStateException(
              "a row of partition " + name + " came after that partition was finished");
        }
        schema.check(row);
        current = name;
        written.computeIfAbsent(name, key -> new ArrayList<>()).add(row.clone());
        rows++;
      }

      @Override
      public void finishPartition() {
        current = null;
      }

      @Override
      public long rows() {
        return rows;
      }

      @Override
      public List<String> partitions() {
        return written.keySet().stream().map(name -> name.substring(column.length() + 1)).toList();
      }

      @Override
      public String location() {
        return name + "/" + dataset;
      }

      @Override
      public List<DatasetVersion> commit() {
        done = true;
        Map<String, List<Object[]>> stored =
            partitions.computeIfAbsent(dataset, key -> new ConcurrentHashMap<>());
        List<DatasetVersion> versions = new ArrayList<>();
        written.forEach(
            (partition, rows) -> {
              stored.put(partition, List.copyOf(rows));
              versions.add(new DatasetVersion(dataset, partition, location() + "/" + partition));
            });
        return versions;
      }

      @Override
      public void close() {
        done = true;
      }
    };
  }

  @Override
  public List<DatasetVersion> partitions(String dataset) {
    List<DatasetVersion> versions = new ArrayList<>();
    partitions
        .getOrDefault(dataset, Map.of())
        .keySet()
        .forEach(
            partition ->
                versions.add(
                    new DatasetVersion(
                        dataset, partition, name + "/" + dataset + "/" + partition)));
    versions.sort(Comparator.comparing(DatasetVersion::version));
    return versions;
  }

  /** The rows of a committed partition, e.g. {@code partitionRows("gtfs_stops", "mode=4")}. */
  public Optional<List<Object[]>> partitionRows(String dataset, String partition) {
    return Optional.ofNullable(partitions.getOrDefault(dataset, Map.of()).get(partition));
  }

  /** The rows of the newest committed version of {@code dataset}, if any. */
  public Optional<List<Object[]>> latestRows(String dataset) {
    return latest(dataset).map(version -> committed.get(dataset).get(version.version()));
  }

  private String location(String dataset, String version) {
    return name + "/" + dataset + "_" + version;
  }
}

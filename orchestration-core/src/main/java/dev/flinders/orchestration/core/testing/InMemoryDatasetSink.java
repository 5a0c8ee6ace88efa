package dev.flinders.orchestration.core.testing;

import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.spi.AppendedVersions;
import dev.flinders.orchestration.spi.Compaction;
import dev.flinders.orchestration.spi.DatasetOutput;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spi.DatasetVersion;
import dev.flinders.orchestration.spi.PartitionedOutput;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DatasetSink} in memory, for tests: versions are named by their UTC date ({@code
 * yyyyMMdd}), rows are kept in lists, and a version is visible only once committed; partitioned
 * datasets keep the rows of each partition's latest commit; appending datasets keep every commit,
 * named as {@link AppendedVersions} names them in UTC, and compact them. Thread-safe.
 */
public final class InMemoryDatasetSink implements DatasetSink {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

  private final String name;

  /** Per dataset, the latest {@code at} a commit was opened with: this sink has no clock. */
  private final Map<String, Instant> committedAt = new ConcurrentHashMap<>();

  private final Map<String, Map<String, List<Object[]>>> committed = new ConcurrentHashMap<>();

  /** A sink whose versions' locations start with {@code name}, e.g. {@code curated}. */
  public InMemoryDatasetSink(String name) {
    this.name = name;
  }

  @Override
  public DatasetOutput open(String dataset, DatasetSchema schema, Instant at) {
    String version = DATE.format(at);
    return new Buffered(
        schema,
        rows -> {
          committed.computeIfAbsent(dataset, key -> new ConcurrentHashMap<>()).put(version, rows);
          noteCommit(dataset, at);
          return new DatasetVersion(dataset, version, location(dataset, version));
        });
  }

  /** Rows kept in a list until the commit hands them, copied, to {@code store}. */
  private static final class Buffered implements DatasetOutput {
    private final DatasetSchema schema;
    private final Function<List<Object[]>, DatasetVersion> store;
    private final List<Object[]> rows = new ArrayList<>();
    private boolean done;

    Buffered(DatasetSchema schema, Function<List<Object[]>, DatasetVersion> store) {
      this.schema = schema;
      this.store = store;
    }

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
      return store.apply(List.copyOf(rows));
    }

    @Override
    public void close() {
      done = true;
    }
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
        if (!versions.isEmpty()) {
          noteCommit(dataset, at);
        }
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

  private final Map<String, NavigableMap<String, List<Object[]>>> appended =
      new ConcurrentHashMap<>();

  @Override
  public DatasetOutput openAppending(String dataset, DatasetSchema schema, Instant at) {
    return new Buffered(
        schema,
        rows -> {
          NavigableMap<String, List<Object[]>> files = files(dataset);
          synchronized (files) {
            Instant named = at;
            while (files.containsKey(AppendedVersions.commit(named, ZoneOffset.UTC))) {
              named = named.plusMillis(1); // two commits in one millisecond: the next free name
            }
            String version = AppendedVersions.commit(named, ZoneOffset.UTC);
            files.put(version, rows);
            noteCommit(dataset, at);
            return new DatasetVersion(dataset, version, location(dataset, version));
          }
        });
  }

  @Override
  public List<Compaction> compact(
      String dataset, DatasetSchema schema, ChronoUnit period, Instant now) {
    NavigableMap<String, List<Object[]>> files = files(dataset);
    List<Compaction> done = new ArrayList<>();
    synchronized (files) {
      Map<String, List<String>> byPeriod = new TreeMap<>();
      for (String version : files.keySet()) {
        byPeriod
            .computeIfAbsent(AppendedVersions.period(version, period), key -> new ArrayList<>())
            .add(version);
      }
      byPeriod.forEach(
          (merged, versions) -> {
            if (AppendedVersions.end(merged, ZoneOffset.UTC).isAfter(now)
                || versions.equals(List.of(merged))) {
              return; // still open, or merged already
            }
            List<Object[]> rows = new ArrayList<>();
            for (String version : versions) {
              rows.addAll(files.remove(version));
            }
            files.put(merged, List.copyOf(rows));
            done.add(
                new Compaction(
                    dataset,
                    new DatasetVersion(dataset, merged, location(dataset, merged)),
                    versions,
                    rows.size()));
          });
    }
    return done;
  }

  @Override
  public List<DatasetVersion> appended(String dataset) {
    NavigableMap<String, List<Object[]>> files = files(dataset);
    synchronized (files) {
      return files.keySet().stream()
          .map(version -> new DatasetVersion(dataset, version, location(dataset, version)))
          .toList();
    }
  }

  /** The rows of every file of an appending {@code dataset}, oldest file first. */
  public List<Object[]> appendedRows(String dataset) {
    NavigableMap<String, List<Object[]>> files = files(dataset);
    synchronized (files) {
      return files.values().stream().flatMap(List::stream).toList();
    }
  }

  private NavigableMap<String, List<Object[]>> files(String dataset) {
    return appended.computeIfAbsent(dataset, key -> new TreeMap<>());
  }

  /** Notes a commit of {@code dataset} opened at {@code at}, for {@link #lastCommitted}. */
  private void noteCommit(String dataset, Instant at) {
    committedAt.merge(dataset, at, (a, b) -> a.isAfter(b) ? a : b);
  }

  /** The latest time a commit of {@code dataset} was opened with (the run's start). */
  @Override
  public Optional<Instant> lastCommitted(String dataset) {
    return Optional.ofNullable(committedAt.get(dataset));
  }

  /** The rows of the newest committed version of {@code dataset}, if any. */
  public Optional<List<Object[]>> latestRows(String dataset) {
    return latest(dataset).map(version -> committed.get(dataset).get(version.version()));
  }

  private String location(String dataset, String version) {
    return name + "/" + dataset + "_" + version;
  }
}

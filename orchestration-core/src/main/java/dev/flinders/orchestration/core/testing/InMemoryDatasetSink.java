package dev.flinders.orchestration.core.testing;

import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.spi.DatasetOutput;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spi.DatasetVersion;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link DatasetSink} in memory, for tests: versions are named by their UTC date ({@code
 * yyyyMMdd}), rows are kept in lists, and a version is visible only once committed. Thread-safe.
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

  /** The rows of the newest committed version of {@code dataset}, if any. */
  public Optional<List<Object[]>> latestRows(String dataset) {
    return latest(dataset).map(version -> committed.get(dataset).get(version.version()));
  }

  private String location(String dataset, String version) {
    return name + "/" + dataset + "_" + version;
  }
}

package dev.flinders.orchestration.ptv.gtfs;

import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.core.state.JsonFileStateStore;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import dev.flinders.orchestration.spi.DatasetOutput;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spi.DatasetVersion;
import dev.flinders.orchestration.spi.PartitionedOutput;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Run as a child JVM by {@link KilledIngestionTest}: ingests the feed {@code args[0]} into {@code
 * args[1]}/curated with its state in {@code args[1]}/state, and when mode 3's stop times are
 * written (mode 2's partitions written too, nothing committed) says {@code INGESTING} and waits to
 * be killed.
 */
public final class KilledIngestionMain {
  private KilledIngestionMain() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[1]);
    DatasetSink curated = ParquetDatasetSink.builder(data.resolve("curated")).build();
    Pipeline pipeline =
        Pipeline.builder("victorian-transport")
            .component(
                Gtfs.file(Path.of(args[0]), 0)
                    .scratchDirectory(data.resolve("scratch"))
                    .component()
                    .build())
            .build();
    try (JsonFileStateStore store = JsonFileStateStore.open(data.resolve("state"));
        ManualRunner runner =
            ManualRunner.builder(pipeline)
                .startingAt("2026-11-26T06:00:00+11:00")
                .stateStore(store)
                .configure(
                    orchestrator ->
                        orchestrator.datasets(
                            new Stalling(curated),
                            ParquetDatasetSink.builder(data.resolve("quarantine")).build()))
                .build()) {
      runner.runDue();
    }
    throw new AssertionError("the ingestion ended without stalling");
  }

  /** Stalls the finish of the stop times of mode 3, forever. */
  private record Stalling(DatasetSink sink) implements DatasetSink {
    @Override
    public DatasetOutput open(String dataset, DatasetSchema schema, Instant at) {
      return sink.open(dataset, schema, at);
    }

    @Override
    public List<DatasetVersion> versions(String dataset) {
      return sink.versions(dataset);
    }

    @Override
    public List<DatasetVersion> partitions(String dataset) {
      return sink.partitions(dataset);
    }

    @Override
    public PartitionedOutput openPartitioned(
        String dataset, DatasetSchema schema, String column, Instant at) {
      PartitionedOutput output = sink.openPartitioned(dataset, schema, column, at);
      if (!dataset.equals("gtfs_stop_times")) {
        return output;
      }
      return new PartitionedOutput() {
        private String partition = "";

        @Override
        public void write(String value, Object[] row) {
          partition = value;
          output.write(value, row);
        }

        @Override
        public void finishPartition() {
          output.finishPartition();
          if (partition.equals("3")) {
            System.out.println("INGESTING");
            System.out.flush();
            try {
              new CountDownLatch(1).await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }

        @Override
        public long rows() {
          return output.rows();
        }

        @Override
        public List<String> partitions() {
          return output.partitions();
        }

        @Override
        public String location() {
          return output.location();
        }

        @Override
        public List<DatasetVersion> commit() {
          return output.commit();
        }

        @Override
        public void close() {
          output.close();
        }
      };
    }
  }
}

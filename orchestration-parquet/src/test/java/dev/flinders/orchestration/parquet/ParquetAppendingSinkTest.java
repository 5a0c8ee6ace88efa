package dev.flinders.orchestration.parquet;

import dev.flinders.orchestration.core.AppendingSinkContract;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spi.DatasetVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** {@link ParquetDatasetSink} keeps the appending sinks' contract, naming files in Melbourne. */
class ParquetAppendingSinkTest extends AppendingSinkContract {
  @TempDir Path directory;

  @Override
  protected DatasetSink sink() throws Exception {
    Path fresh = Files.createTempDirectory(directory, "sink");
    return ParquetDatasetSink.builder(fresh).zone(zone()).build();
  }

  @Override
  protected ZoneId zone() {
    return ZoneId.of("Australia/Melbourne");
  }

  @Override
  protected List<Object[]> rows(DatasetSink sink, String dataset) {
    List<Object[]> rows = new ArrayList<>();
    for (DatasetVersion file : sink.appended(dataset)) {
      try (ParquetDatasetReader reader = ParquetDatasetReader.open(Path.of(file.location()))) {
        rows.addAll(reader.readAll());
      }
    }
    return rows;
  }
}

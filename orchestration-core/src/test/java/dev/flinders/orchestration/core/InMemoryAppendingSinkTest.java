package dev.flinders.orchestration.core;

import dev.flinders.orchestration.core.testing.InMemoryDatasetSink;
import dev.flinders.orchestration.spi.DatasetSink;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** {@link InMemoryDatasetSink} keeps the appending sinks' contract, naming files in UTC. */
class InMemoryAppendingSinkTest extends AppendingSinkContract {
  @Override
  protected DatasetSink sink() {
    return new InMemoryDatasetSink("curated");
  }

  @Override
  protected ZoneId zone() {
    return ZoneOffset.UTC;
  }

  @Override
  protected List<Object[]> rows(DatasetSink sink, String dataset) {
    return ((InMemoryDatasetSink) sink).appendedRows(dataset);
  }
}

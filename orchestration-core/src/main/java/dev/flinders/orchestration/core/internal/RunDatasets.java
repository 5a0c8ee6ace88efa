package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.spi.DatasetSink;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Where one run's datasets go, and the time that names their versions (the run's start). */
public final class RunDatasets {
  private final @Nullable DatasetSink curated;
  private final @Nullable DatasetSink quarantine;
  private final Instant at;

  public RunDatasets(@Nullable DatasetSink curated, @Nullable DatasetSink quarantine, Instant at) {
    this.curated = curated;
    this.quarantine = quarantine;
    this.at = at;
  }

  /**
   * Opens {@code spec}'s writer; {@code progress} hears the rows written each {@code
   * RunListener.WRITE_STEP} rows.
   */
  QualityWriter open(DatasetSpec spec, java.util.function.LongConsumer progress) {
    if (curated == null || quarantine == null) {
      throw new IllegalStateException(
          "dataset "
              + spec.name()
              + " cannot be written: the orchestrator has no dataset sinks; add"
              + " datasets(curatedSink, quarantineSink) to its builder, e.g. Parquet sinks of"
              + " orchestration-parquet under data/curated and data/quarantine");
    }
    return new QualityWriter(spec, curated, quarantine, at, progress);
  }
}

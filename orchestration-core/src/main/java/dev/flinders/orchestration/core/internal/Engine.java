package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.core.TimeSource;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spi.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The parts of an orchestrator that each of its runs uses: the pipeline as arrays, the state store,
 * the listeners, the workers and their slots, time, retry jitter, HTTP with its quotas, the dataset
 * sinks, the run timeout, the zone reasons are written in, and what the configuration file set.
 * Made once by the orchestrator; immutable, and shared by its runs (each part is thread-safe).
 *
 * @param configuration the configuration file's settings, for plans and reports to say so
 * @param scratchDirectory where temporary files go: a probe's downloads kept for the task
 * @param curatedSink where rows that pass their rules go, or null if the orchestrator has no sinks
 * @param quarantineSink where quarantined rows go, or null with {@code curatedSink}
 * @param measureResources whether to measure each component's CPU, allocation, heap and waits
 */
public record Engine(
    DagIndex dag,
    StateStore store,
    Listeners listeners,
    Executor executor,
    WorkerSlots slots,
    TimeSource time,
    RandomGenerator random,
    Duration runTimeout,
    ZoneId zone,
    List<String> configuration,
    HttpTransport http,
    Path scratchDirectory,
    @Nullable DatasetSink curatedSink,
    @Nullable DatasetSink quarantineSink,
    boolean measureResources) {}

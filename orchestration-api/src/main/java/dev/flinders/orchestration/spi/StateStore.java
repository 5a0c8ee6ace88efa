package dev.flinders.orchestration.spi;

import dev.flinders.orchestration.PipelineLockedException;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.StateStoreException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the engine keeps run history and per-component records. Every operation reads or writes one
 * record atomically, so that a store backed by a shared SQL database (one row per run and per
 * component, a lease row per pipeline) fits without loading or saving everything at once.
 *
 * <p>Implementations are thread-safe. A write survives a crash of the process once the method
 * returns, and a crash during it leaves the previous version of that record, never a torn one.
 * Whether it also survives a power cut at once is the store's to say: run records and counters
 * should (a daily budget must not restart), while a store may force component records to disk in
 * groups, at the latest with the run's record, since a lost component record only makes its
 * component run again (the default {@code JsonFileStateStore} does; the PostgreSQL store commits
 * each). Every method throws {@link StateStoreException}, naming the record, when the storage
 * fails.
 *
 * <p>Implementations in Flinders: {@code JsonFileStateStore} (files in a directory) and {@code
 * InMemoryStateStore} (tests). New implementations extend the {@code StateStoreContract} test of
 * {@code orchestration-core}'s test jar.
 */
public interface StateStore extends AutoCloseable {

  /**
   * Takes the exclusive right to run {@code pipeline}, held until the returned lock is closed.
   *
   * @param owner who asks, for the error another process gets, e.g. {@code pid 4242 on host-a}
   * @throws PipelineLockedException if another process or another caller holds it
   */
  PipelineLock lock(String pipeline, String owner);

  /**
   * Inserts or replaces the run record with this run's id. When the store keeps more runs of the
   * pipeline than its history limit, the oldest are deleted.
   */
  void saveRun(RunReport run);

  /** The run with this id, if the store has it. */
  Optional<RunReport> run(String pipeline, String runId);

  /** Up to {@code limit} runs of the pipeline, newest first (by run id). */
  List<RunReport> runs(String pipeline, int limit);

  /**
   * The runs among the newest {@code lookback} that are still {@code RUNNING}, newest first: read
   * when a run starts, to mark those a crashed process left as abandoned. A store that can tell a
   * run's status without reading all of it should override this; the default reads the runs.
   */
  default List<RunReport> unfinishedRuns(String pipeline, int lookback) {
    return runs(pipeline, lookback).stream()
        .filter(run -> run.status() == dev.flinders.orchestration.RunStatus.RUNNING)
        .toList();
  }

  /**
   * The id of the newest run, if there is one: read when a run starts, to give the next one a
   * greater id. The default reads the newest run.
   */
  default Optional<String> latestRunId(String pipeline) {
    return runs(pipeline, 1).stream().map(RunReport::runId).findFirst();
  }

  /** The record of one component, if it has ever been saved. */
  Optional<ComponentRecord> component(String pipeline, String component);

  /**
   * The records of the named components that have been saved, read when a run starts. A store whose
   * reads are round trips (a database) should override this to read them at once; the default reads
   * them one by one.
   */
  default Map<String, ComponentRecord> components(String pipeline, Collection<String> names) {
    Map<String, ComponentRecord> records = new HashMap<>();
    for (String name : names) {
      component(pipeline, name).ifPresent(record -> records.put(name, record));
    }
    return records;
  }

  /** Inserts or replaces the record of one component. */
  void saveComponent(String pipeline, ComponentRecord record);

  /** The named counter of {@code scope} (e.g. {@code quota}), if it was ever added to. */
  Optional<Counter> counter(String scope, String name);

  /**
   * Adds {@code delta} to a counter unless that would take it above {@code ceiling}, atomically,
   * also across processes sharing the store. A counter whose window is not {@code window} first
   * restarts at zero in {@code window} (a daily budget on a new day).
   *
   * @return the counter afterwards, and whether {@code delta} was added
   */
  CounterUpdate addToCounter(String scope, String name, String window, long delta, long ceiling);

  /**
   * Replaces the text of a small shared record with what {@code update} makes of it, atomically
   * across every process sharing the store: no other update of the record runs between this one's
   * read and its write. The engine keeps the sliding windows of rate limits this way (scope {@code
   * rate}, one record per provider), so that instances sharing a store share a provider's limit.
   *
   * <p>{@code update} receives the current text, or null if there is none, and returns the text to
   * keep; it must only compute, since a store may call it more than once (a retried transaction).
   * The record need not be forced to disk: a window lost to a power cut starts empty.
   *
   * @return the text kept
   * @throws UnsupportedOperationException if the store keeps no shared records (this default): the
   *     engine then keeps rate-limit windows in the memory of each orchestrator
   */
  default String updateShared(
      String scope, String name, java.util.function.UnaryOperator<String> update) {
    throw new UnsupportedOperationException(
        getClass().getName() + " keeps no shared records; rate limits are kept per orchestrator");
  }

  /**
   * What {@link #addToCounter} did.
   *
   * @param added whether the delta was added
   * @param counter the counter afterwards
   */
  record CounterUpdate(boolean added, Counter counter) {}

  /** Releases resources; locks still held are released too. */
  @Override
  void close();
}

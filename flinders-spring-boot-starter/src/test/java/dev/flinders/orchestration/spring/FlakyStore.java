package dev.flinders.orchestration.spring;

import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.StateStoreException;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.spi.ComponentRecord;
import dev.flinders.orchestration.spi.Counter;
import dev.flinders.orchestration.spi.PipelineLock;
import dev.flinders.orchestration.spi.StateStore;
import java.util.List;
import java.util.Optional;

/** An in-memory store whose lock fails while {@link #down}, as a database that went away. */
final class FlakyStore implements StateStore {
  private final InMemoryStateStore store = new InMemoryStateStore();
  volatile boolean down;

  @Override
  public PipelineLock lock(String pipeline, String owner) {
    if (down) {
      throw new StateStoreException("the database is down", null);
    }
    return store.lock(pipeline, owner);
  }

  @Override
  public void saveRun(RunReport run) {
    store.saveRun(run);
  }

  @Override
  public Optional<RunReport> run(String pipeline, String runId) {
    return store.run(pipeline, runId);
  }

  @Override
  public List<RunReport> runs(String pipeline, int limit) {
    return store.runs(pipeline, limit);
  }

  @Override
  public Optional<ComponentRecord> component(String pipeline, String component) {
    return store.component(pipeline, component);
  }

  @Override
  public void saveComponent(String pipeline, ComponentRecord record) {
    store.saveComponent(pipeline, record);
  }

  @Override
  public Optional<Counter> counter(String scope, String name) {
    return store.counter(scope, name);
  }

  @Override
  public CounterUpdate addToCounter(
      String scope, String name, String window, long delta, long ceiling) {
    return store.addToCounter(scope, name, window, delta, ceiling);
  }

  @Override
  public void close() {
    store.close();
  }
}

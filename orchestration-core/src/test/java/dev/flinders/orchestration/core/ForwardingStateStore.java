package dev.flinders.orchestration.core;

import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.spi.ComponentRecord;
import dev.flinders.orchestration.spi.Counter;
import dev.flinders.orchestration.spi.PipelineLock;
import dev.flinders.orchestration.spi.StateStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A store that hands every call to another, for tests that make a store fail or refuse in one place
 * (a lost lease, a database gone away) and override only that.
 */
public class ForwardingStateStore implements StateStore {
  private final StateStore delegate;

  public ForwardingStateStore(StateStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public PipelineLock lock(String pipeline, String owner) {
    return delegate.lock(pipeline, owner);
  }

  @Override
  public void saveRun(RunReport run) {
    delegate.saveRun(run);
  }

  @Override
  public Optional<RunReport> run(String pipeline, String runId) {
    return delegate.run(pipeline, runId);
  }

  @Override
  public List<RunReport> runs(String pipeline, int limit) {
    return delegate.runs(pipeline, limit);
  }

  @Override
  public List<RunReport> unfinishedRuns(String pipeline, int lookback) {
    return delegate.unfinishedRuns(pipeline, lookback);
  }

  @Override
  public Optional<String> latestRunId(String pipeline) {
    return delegate.latestRunId(pipeline);
  }

  @Override
  public Optional<ComponentRecord> component(String pipeline, String component) {
    return delegate.component(pipeline, component);
  }

  @Override
  public Map<String, ComponentRecord> components(String pipeline, Collection<String> names) {
    return delegate.components(pipeline, names);
  }

  @Override
  public void saveComponent(String pipeline, ComponentRecord record) {
    delegate.saveComponent(pipeline, record);
  }

  @Override
  public Optional<Counter> counter(String scope, String name) {
    return delegate.counter(scope, name);
  }

  @Override
  public CounterUpdate addToCounter(
      String scope, String name, String window, long delta, long ceiling) {
    return delegate.addToCounter(scope, name, window, delta, ceiling);
  }

  @Override
  public String updateShared(String scope, String name, UnaryOperator<String> update) {
    return delegate.updateShared(scope, name, update);
  }

  @Override
  public void close() {
    delegate.close();
  }
}

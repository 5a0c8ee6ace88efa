package dev.flinders.orchestration.core.state;

import dev.flinders.orchestration.PipelineLockedException;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.spi.ComponentRecord;
import dev.flinders.orchestration.spi.Counter;
import dev.flinders.orchestration.spi.PipelineLock;
import dev.flinders.orchestration.spi.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps state in memory, for tests and for pipelines that need no history across restarts. Behaves
 * like {@link JsonFileStateStore} (same history limit rule, same lock semantics within the
 * process). Thread-safe.
 */
public final class InMemoryStateStore implements StateStore {
  private final int historyLimit;
  private final Map<String, NavigableMap<String, RunReport>> runs = new ConcurrentHashMap<>();
  private final Map<String, Map<String, ComponentRecord>> components = new ConcurrentHashMap<>();
  private final Map<String, Holder> locks = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new java.util.HashMap<>();
  private final Map<String, String> shared = new java.util.concurrent.ConcurrentHashMap<>();

  /** A store keeping 1,000 runs per pipeline. */
  public InMemoryStateStore() {
    this(JsonFileStateStore.DEFAULT_HISTORY_LIMIT);
  }

  /** A store keeping at most {@code historyLimit} runs per pipeline. */
  public InMemoryStateStore(int historyLimit) {
    if (historyLimit < 1) {
      throw new IllegalArgumentException("historyLimit must be at least 1, was " + historyLimit);
    }
    this.historyLimit = historyLimit;
  }

  @Override
  public PipelineLock lock(String pipeline, String owner) {
    Holder holder = new Holder(pipeline, owner);
    Holder existing = locks.putIfAbsent(pipeline, holder);
    if (existing != null) {
      throw new PipelineLockedException(pipeline, existing.owner);
    }
    return holder;
  }

  @Override
  public void saveRun(RunReport run) {
    NavigableMap<String, RunReport> history =
        runs.computeIfAbsent(run.pipeline(), key -> new TreeMap<>());
    synchronized (history) {
      history.put(run.runId(), run);
      while (history.size() > historyLimit) {
        history.pollFirstEntry();
      }
    }
  }

  @Override
  public Optional<RunReport> run(String pipeline, String runId) {
    NavigableMap<String, RunReport> history = runs.get(pipeline);
    if (history == null) {
      return Optional.empty();
    }
    synchronized (history) {
      return Optional.ofNullable(history.get(runId));
    }
  }

  @Override
  public List<RunReport> runs(String pipeline, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    NavigableMap<String, RunReport> history = runs.get(pipeline);
    List<RunReport> result = new ArrayList<>();
    if (history == null) {
      return result;
    }
    synchronized (history) {
      for (RunReport run : history.descendingMap().values()) {
        if (result.size() >= limit) {
          break;
        }
        result.add(run);
      }
    }
    return result;
  }

  @Override
  public Optional<ComponentRecord> component(String pipeline, String component) {
    Map<String, ComponentRecord> records = components.get(pipeline);
    return records == null ? Optional.empty() : Optional.ofNullable(records.get(component));
  }

  @Override
  public void saveComponent(String pipeline, ComponentRecord record) {
    components
        .computeIfAbsent(pipeline, key -> new ConcurrentHashMap<>())
        .put(record.component(), record);
  }

  @Override
  public String updateShared(
      String scope, String name, java.util.function.UnaryOperator<String> update) {
    return shared.compute(
        scope + "/" + name,
        (key, text) ->
            java.util.Objects.requireNonNull(
                update.apply(text), "the update of shared record " + key + " returned null"));
  }

  @Override
  public Optional<Counter> counter(String scope, String name) {
    synchronized (counters) {
      return Optional.ofNullable(counters.get(scope + "/" + name));
    }
  }

  @Override
  public CounterUpdate addToCounter(
      String scope, String name, String window, long delta, long ceiling) {
    synchronized (counters) {
      Counter current = counters.get(scope + "/" + name);
      if (current == null || !current.window().equals(window)) {
        current = new Counter(window, 0);
      }
      if (current.value() + delta > ceiling) {
        return new CounterUpdate(false, current);
      }
      Counter updated = new Counter(window, current.value() + delta);
      counters.put(scope + "/" + name, updated);
      return new CounterUpdate(true, updated);
    }
  }

  @Override
  public void close() {
    locks.clear();
  }

  private final class Holder implements PipelineLock {
    private final String pipeline;
    private final String owner;

    Holder(String pipeline, String owner) {
      this.pipeline = pipeline;
      this.owner = owner;
    }

    @Override
    public String pipeline() {
      return pipeline;
    }

    @Override
    public void close() {
      locks.remove(pipeline, this);
    }
  }
}

package dev.flinders.orchestration.benchmarks;

import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine overhead per component: a full run of a 10,000-component random DAG of no-op tasks through
 * the {@link Orchestrator} (planning, scheduling, parallel dispatch, timeouts armed, records saved
 * to an in-memory store, report built) against a bare {@link CompletableFuture} graph running the
 * same no-ops on a pool of the same size. Scores are microseconds per component.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(EngineOverheadBenchmark.COMPONENTS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EngineOverheadBenchmark {
  static final int COMPONENTS = 10_000;

  @Param({"2"})
  int parallelism;

  /** Whether the orchestrator measures each component's CPU, allocation, heap and waits. */
  @Param({"true"})
  boolean measureResources;

  private int[][] upstreams;
  private Orchestrator orchestrator;
  private ExecutorService pool;

  @Setup(Level.Trial)
  public void setUp() {
    upstreams = RandomDags.edges(COMPONENTS, 3, 42);
    Pipeline pipeline =
        Pipeline.builder("overhead")
            .components(RandomDags.components(upstreams))
            .parallelism(parallelism)
            .build();
    orchestrator =
        Orchestrator.builder(pipeline)
            .stateStore(new InMemoryStateStore(2))
            .measureResources(measureResources)
            .build();
    pool = Executors.newFixedThreadPool(parallelism);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    orchestrator.close();
    pool.shutdownNow();
  }

  @Benchmark
  public RunReport orchestrator() {
    RunReport report = orchestrator.runOnce();
    if (report.status() != RunStatus.SUCCEEDED) {
      throw new IllegalStateException("benchmark run did not succeed: " + report.status());
    }
    return report;
  }

  @Benchmark
  public Object bareCompletableFutureGraph() {
    @SuppressWarnings("unchecked")
    CompletableFuture<Object>[] futures = new CompletableFuture[COMPONENTS];
    for (int i = 0; i < COMPONENTS; i++) {
      int[] ups = upstreams[i];
      CompletableFuture<?>[] inputs = new CompletableFuture<?>[ups.length];
      for (int k = 0; k < ups.length; k++) {
        inputs[k] = futures[ups[k]];
      }
      futures[i] =
          CompletableFuture.allOf(inputs).thenApplyAsync(ignored -> Outcome.success(), pool);
    }
    return CompletableFuture.allOf(futures).join();
  }
}

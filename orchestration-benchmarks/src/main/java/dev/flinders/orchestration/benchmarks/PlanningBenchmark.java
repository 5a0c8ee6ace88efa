package dev.flinders.orchestration.benchmarks;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.RunPlan;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validation and planning of a pipeline of 100,000 components and 300,000 dependencies: {@code
 * validate} builds the {@link Pipeline} (names, dependencies, cycle check, execution order); {@code
 * validateAndPlan} also builds an orchestrator and computes the {@link RunPlan} (every component's
 * decision and reason). Scores are milliseconds per pipeline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PlanningBenchmark {
  static final int COMPONENTS = 100_000;
  static final int EDGES_PER_COMPONENT = 3;

  private List<Component> components;

  @Setup(Level.Trial)
  public void setUp() {
    int[][] upstreams = RandomDags.edges(COMPONENTS, EDGES_PER_COMPONENT, 7);
    if (RandomDags.edgeCount(upstreams) < 299_990) {
      throw new IllegalStateException("expected about 300,000 edges");
    }
    components = RandomDags.components(upstreams);
  }

  @Benchmark
  public Pipeline validate() {
    return Pipeline.builder("planning").components(components).build();
  }

  @Benchmark
  public RunPlan validateAndPlan() {
    Pipeline pipeline = Pipeline.builder("planning").components(components).build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline).stateStore(new InMemoryStateStore()).build()) {
      return orchestrator.plan();
    }
  }
}

package dev.flinders.orchestration.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.state.JsonFileStateStore;
import dev.flinders.orchestration.postgres.PostgresStateStore;
import dev.flinders.orchestration.spi.StateStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * What a state store adds to each component execution: pipelines of {@value #COMPONENTS}
 * independent no-op components, due every run, run with {@code runOnce()} on the in-memory store
 * (the baseline), the JSON file store (component records appended to a journal; {@code json} forces
 * them to disk together with the run's record, {@code json-each-record} before each save returns,
 * saves at once sharing a force) and the PostgreSQL store on an embedded PostgreSQL 14 (one upsert
 * per record, plus the run's lease, recovery check and record reads). One instance runs one
 * pipeline; three instances (three orchestrators, each with its own store and connection pool, as
 * three processes would have) run three pipelines of the same tables at once. Scores are
 * microseconds per component execution; executions per second are a million over the score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class StateStoreOverheadBenchmark {
  static final int COMPONENTS = 1_000;
  static final int INSTANCES = 3;

  @Param({"memory", "json", "json-each-record", "postgres"})
  String store;

  /** Components run at once per instance: the store's round trips overlap. */
  @Param({"4"})
  int parallelism;

  /**
   * PostgreSQL's {@code synchronous_commit}: {@code on} (its default, each commit waits for the WAL
   * to reach the disk, as the JSON store forces each file) or {@code off}.
   */
  @Param({"on"})
  String synchronousCommit;

  private EmbeddedPostgres postgres;
  private final List<HikariDataSource> pools = new ArrayList<>();
  private final List<StateStore> stores = new ArrayList<>();
  private final List<Orchestrator> orchestrators = new ArrayList<>();
  private Path directory;
  private ExecutorService instances;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    directory = Files.createTempDirectory("flinders-store-benchmark");
    if (store.equals("postgres")) {
      postgres =
          EmbeddedPostgres.builder()
              .setServerConfig("synchronous_commit", synchronousCommit)
              .start();
    }
    for (int i = 0; i < INSTANCES; i++) {
      StateStore opened = open();
      stores.add(opened);
      List<Component> components = new ArrayList<>();
      for (int c = 0; c < COMPONENTS; c++) {
        components.add(Component.builder("c" + c).task(context -> Outcome.success()).build());
      }
      Pipeline pipeline =
          Pipeline.builder("pipeline-" + i).components(components).parallelism(parallelism).build();
      orchestrators.add(
          Orchestrator.builder(pipeline).stateStore(opened).measureResources(false).build());
    }
    instances = Executors.newFixedThreadPool(INSTANCES);
  }

  private StateStore open() {
    switch (store) {
      case "memory":
        return new InMemoryStateStore(2);
      case "json":
        return JsonFileStateStore.open(directory, 2);
      case "json-each-record":
        return JsonFileStateStore.open(
            directory,
            2,
            JsonFileStateStore.DEFAULT_HISTORY_BYTES,
            JsonFileStateStore.Durability.EACH_RECORD);
      case "postgres":
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(parallelism + 2);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return PostgresStateStore.builder(pool).historyLimit(2).build();
      default:
        throw new IllegalArgumentException(
            "store must be memory, json, json-each-record or postgres, was " + store);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    instances.shutdownNow();
    orchestrators.forEach(Orchestrator::close);
    stores.forEach(StateStore::close);
    pools.forEach(HikariDataSource::close);
    if (postgres != null) {
      postgres.close();
    }
    try (var files = Files.walk(directory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Benchmark
  @OperationsPerInvocation(COMPONENTS)
  public RunReport oneInstance() {
    return checked(orchestrators.get(0).runOnce());
  }

  @Benchmark
  @OperationsPerInvocation(COMPONENTS * INSTANCES)
  public Object threeInstances() {
    List<CompletableFuture<RunReport>> runs = new ArrayList<>();
    for (Orchestrator orchestrator : orchestrators) {
      runs.add(CompletableFuture.supplyAsync(orchestrator::runOnce, instances));
    }
    runs.forEach(run -> checked(run.join()));
    return runs;
  }

  private static RunReport checked(RunReport report) {
    if (report.status() != RunStatus.SUCCEEDED || report.results().size() != COMPONENTS) {
      throw new IllegalStateException(
          "benchmark run did not run every component: " + report.status());
    }
    return report;
  }
}

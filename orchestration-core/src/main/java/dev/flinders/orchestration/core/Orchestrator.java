package dev.flinders.orchestration.core;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.PeakHours;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.PipelineLockedException;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.config.OrchestrationConfig;
import dev.flinders.orchestration.core.insight.Insights;
import dev.flinders.orchestration.core.internal.AlertDispatcher;
import dev.flinders.orchestration.core.internal.BackgroundTicker;
import dev.flinders.orchestration.core.internal.CrashRecovery;
import dev.flinders.orchestration.core.internal.DagIndex;
import dev.flinders.orchestration.core.internal.Engine;
import dev.flinders.orchestration.core.internal.HttpTransport;
import dev.flinders.orchestration.core.internal.InsightFinder;
import dev.flinders.orchestration.core.internal.LeaseHeartbeat;
import dev.flinders.orchestration.core.internal.Listeners;
import dev.flinders.orchestration.core.internal.PlanRenderer;
import dev.flinders.orchestration.core.internal.Planner;
import dev.flinders.orchestration.core.internal.QuotaLedger;
import dev.flinders.orchestration.core.internal.ReportWriter;
import dev.flinders.orchestration.core.internal.RunContext;
import dev.flinders.orchestration.core.internal.RunIds;
import dev.flinders.orchestration.core.internal.RunLoop;
import dev.flinders.orchestration.core.internal.SystemTimeSource;
import dev.flinders.orchestration.core.internal.WorkerSlots;
import dev.flinders.orchestration.core.notify.Notifications;
import dev.flinders.orchestration.core.state.JsonFileStateStore;
import dev.flinders.orchestration.quota.QuotaPolicy;
import dev.flinders.orchestration.spi.ComponentRecord;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spi.PipelineLock;
import dev.flinders.orchestration.spi.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Pipeline} in-process: plans which components are due, runs them in dependency order
 * with at most {@code parallelism} at once, applies timeouts and retries, keeps history in a {@link
 * StateStore}, and explains every decision in its {@link RunReport}.
 *
 * <pre>{@code
 * try (Orchestrator orchestrator = Orchestrator.builder(pipeline)
 *     .stateDirectory(Path.of("data/state"))
 *     .build()) {
 *   RunReport report = orchestrator.runOnce();        // what is due
 *   orchestrator.run(RunRequest.force("gtfs"));       // "gtfs" whatever its schedule
 *   RunPlan plan = orchestrator.plan();               // what would run, and why
 *   orchestrator.start(Duration.ofMinutes(1));        // a run every minute until close()
 * }
 * }</pre>
 *
 * <p>Thread-safe. Runs never overlap: a run requested while another is in progress in this
 * orchestrator waits for it; one in progress in another process on the same state store makes
 * {@link #run(RunRequest)} throw {@link PipelineLockedException}. See docs/concurrency.md.
 */
public final class Orchestrator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Pipeline pipeline;
  private final DagIndex dag;
  private final Planner planner;
  private final PlanRenderer plans;
  private final Engine engine;

  /** Delivers the alerts of the configured notifications, or null without them. */
  private final @Nullable AlertDispatcher alerts;

  private final boolean ownsStore;
  private final @Nullable SystemTimeSource ownedTime;
  private final @Nullable ExecutorService ownedExecutor;
  private final Set<String> configForced;
  private final Set<String> configChecked;
  private final String owner;
  private final String threadPrefix;

  private final ReentrantLock runLock = new ReentrantLock();
  private volatile @Nullable RunLoop activeRun;
  private volatile boolean closed;
  // set by close(grace): the run in progress may finish, no other starts (one waiting for the run
  // lock included)
  private volatile boolean closing;
  private @Nullable BackgroundTicker ticker;
  private @Nullable ExecutorService heartbeats;

  private Orchestrator(Builder builder, Pipeline pipeline, OrchestrationConfig.Applied config) {
    this.pipeline = pipeline;
    this.dag = new DagIndex(pipeline);
    int id = INSTANCES.incrementAndGet();
    this.threadPrefix = "flinders-" + pipeline.name() + "-" + id;
    TimeSource time;
    if (builder.timeSource != null) {
      time = builder.timeSource;
      this.ownedTime = null;
    } else {
      this.ownedTime = new SystemTimeSource(Clock.systemDefaultZone(), threadPrefix + "-timer");
      time = ownedTime;
    }
    StateStore store;
    if (builder.store != null) {
      store = builder.store;
      this.ownsStore = false;
    } else {
      store = JsonFileStateStore.open(builder.stateDirectory);
      this.ownsStore = true;
    }
    int capacity = builder.parallelism != null ? builder.parallelism : pipeline.parallelism();
    WorkerSlots slots =
        new WorkerSlots(capacity, builder.load, builder.maxLoad, builder.loadedParallelism);
    ExecutorService executor;
    if (builder.executor != null) {
      executor = builder.executor;
      this.ownedExecutor = null;
    } else {
      // As many threads as slots: a slot is held until its task's thread returns, so the engine
      // never has more tasks in flight than threads, and a finished worker takes the next task
      // from the queue without a thread being created or handed over.
      executor =
          Executors.newFixedThreadPool(slots.capacity(), daemonThreads(threadPrefix + "-worker"));
      this.ownedExecutor = executor;
    }
    List<RunListener> listening = new ArrayList<>(builder.listeners);
    if (builder.reports != null) {
      // not insights(): a run cancelled by close() is reported after closed is set
      listening.add(new ReportWriter(builder.reports, pipeline, () -> findInsights(20)));
    }
    Notifications notifications = config.notifications().orElse(builder.notifications);
    if (notifications != null) {
      this.alerts =
          new AlertDispatcher(notifications, store, time, pipeline.name(), builder.curatedSink);
      listening.add(alerts);
    } else {
      this.alerts = null;
    }
    Listeners listeners = new Listeners(listening);
    QuotaLedger quotas = new QuotaLedger(builder.quotas.values(), store, time, listeners.asList());
    ZoneId zone =
        builder.zone != null ? builder.zone : config.zone().orElse(time.clock().getZone());
    this.engine =
        new Engine(
            dag,
            store,
            listeners,
            executor,
            slots,
            time,
            builder.random,
            builder.runTimeout != null ? builder.runTimeout : pipeline.timeout(),
            zone,
            config.settings(),
            new HttpTransport(
                builder.httpClient, builder.maxResponseBytes, builder.httpReadTimeout, quotas),
            builder.scratchDirectory,
            builder.curatedSink,
            builder.quarantineSink,
            builder.measureResources);
    this.planner = new Planner(dag, zone, quotas, config.peakHours().orElse(builder.peakHours));
    this.plans = new PlanRenderer(dag, zone, config.settings());
    this.configForced = config.forced();
    this.configChecked = config.checked();
    this.owner = "pid " + ProcessHandle.current().pid() + " on " + hostName();
  }

  /** Starts an orchestrator for {@code pipeline}. */
  public static Builder builder(Pipeline pipeline) {
    return new Builder(Objects.requireNonNull(pipeline, "pipeline"));
  }

  /** The pipeline as run, with any configuration file applied. */
  public Pipeline pipeline() {
    return pipeline;
  }

  /** The state store holding this pipeline's history. */
  public StateStore stateStore() {
    return engine.store();
  }

  /** How many components may run at once. */
  public int parallelism() {
    return engine.slots().capacity();
  }

  /** The run timeout. */
  public Duration runTimeout() {
    return engine.runTimeout();
  }

  /** Runs what is due now. Equivalent to {@code run(RunRequest.scheduled())}. */
  public RunReport runOnce() {
    return run(RunRequest.scheduled());
  }

  /**
   * Runs the pipeline as {@code request} asks and returns when every component has finished, been
   * skipped, or been stopped by the run's timeout. A dry run executes nothing and is not recorded.
   *
   * @throws PipelineLockedException if another process is running this pipeline on the same store
   * @throws IllegalArgumentException if the request names a component the pipeline does not have
   * @throws IllegalStateException if the orchestrator is closed, or closing ({@link
   *     #close(Duration)}) while the request waited for the run in progress
   */
  public RunReport run(RunRequest request) {
    Objects.requireNonNull(request, "request");
    checkOpen();
    checkNames(request);
    if (request.dryRun()) {
      return dryRun(request);
    }
    runLock.lock();
    try {
      checkOpen();
      if (closing) {
        throw new IllegalStateException(
            "orchestrator of pipeline \"" + pipeline.name() + "\" is closing: no run starts");
      }
      StateStore store = engine.store();
      // set if the lease is lost, even before the run loop exists (while recovering, loading)
      AtomicBoolean lost = new AtomicBoolean();
      try (PipelineLock lock =
              store.lock(pipeline.name(), owner + ", since " + engine.time().clock().instant());
          LeaseHeartbeat heartbeat =
              LeaseHeartbeat.start(
                  lock, engine.time(), heartbeatThread(lock), () -> leaseLost(lost))) {
        String previousRunId = CrashRecovery.markCrashedRuns(store, dag);
        Instant now = engine.time().clock().instant();
        String runId = RunIds.next(now, previousRunId);
        ComponentRecord[] records = loadRecords();
        Planner.Decision[] decisions =
            planner.decide(records, now, request, configForced, configChecked);
        RunLoop loop = new RunLoop(RunContext.start(engine, runId, decisions, records));
        activeRun = loop;
        engine.slots().waiter(loop::slotFreed);
        if (lost.get()) { // read after activeRun is set: leaseLost(lost) sets it before reading
          loop.leaseLost();
        }
        if (closed) {
          loop.cancel();
        }
        try {
          RunReport report = loop.execute();
          LOG.info(
              "run {} of {} ended {} in {}",
              runId,
              pipeline.name(),
              report.status(),
              Durations.formatElapsed(report.duration()));
          return report;
        } finally {
          engine.slots().waiter(() -> {});
          activeRun = null;
        }
      }
    } finally {
      runLock.unlock();
    }
  }

  /** The thread that renews leases, started with the first lease, or none for other locks. */
  private synchronized java.util.concurrent.Executor heartbeatThread(PipelineLock lock) {
    if (heartbeats == null && lock.lease().isPresent()) {
      heartbeats = Executors.newSingleThreadExecutor(daemonThreads(threadPrefix + "-lease"));
    }
    return heartbeats != null ? heartbeats : Runnable::run;
  }

  /**
   * The run's lease was lost (taken over, or not renewed in time): its writes are or will be
   * refused, so stop it. A run not yet set up reads {@code lost} once it is.
   */
  private void leaseLost(AtomicBoolean lost) {
    lost.set(true);
    RunLoop loop = activeRun;
    if (loop != null) {
      loop.leaseLost();
    }
  }

  /** What {@link #runOnce()} would do now, and why, without executing or recording anything. */
  public RunPlan plan() {
    return plan(RunRequest.scheduled());
  }

  /**
   * What the pipeline's last 20 runs say: its slowest components and their trend, the critical path
   * of the last run, regressions, sources that rarely change, components that wait for slots, and
   * quota headroom, each with the numbers it rests on. See docs/monitoring.md.
   */
  public Insights insights() {
    return insights(20);
  }

  /** As {@link #insights()}, over the last {@code runs} runs. */
  public Insights insights(int runs) {
    checkOpen();
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be at least 1, was " + runs);
    }
    return findInsights(runs);
  }

  private Insights findInsights(int runs) {
    return InsightFinder.find(
        pipeline,
        engine.store().runs(pipeline.name(), runs),
        engine.slots().capacity(),
        engine.time().clock().instant());
  }

  /**
   * What {@link #run(RunRequest)} would do now, and why, without executing or recording anything.
   */
  public RunPlan plan(RunRequest request) {
    checkOpen();
    checkNames(request);
    Instant now = engine.time().clock().instant();
    ComponentRecord[] records = loadRecords();
    return plans.plan(
        now, planner.decide(records, now, request, configForced, configChecked), records);
  }

  /** Up to {@code limit} recorded runs of this pipeline, newest first. */
  public List<RunReport> history(int limit) {
    return engine.store().runs(pipeline.name(), limit);
  }

  /**
   * Runs the pipeline in the background: a run now, then a run every {@code interval} until {@link
   * #close()}. Each run does what is due (see {@link #runOnce()}). Runs never overlap: the next one
   * is timed from the start of the previous one and, if that took longer than {@code interval},
   * starts as soon as it ends. A run that fails to start (e.g. the pipeline is locked by another
   * process) is logged and tried again at the next tick.
   *
   * @throws IllegalStateException if already started or closed
   */
  public synchronized void start(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "interval must be positive, was " + Durations.format(interval));
    }
    checkOpen();
    if (ticker != null) {
      throw new IllegalStateException("already started: call close() to stop the background runs");
    }
    ticker =
        BackgroundTicker.start(
            pipeline.name(), engine.time(), this::runOnce, interval, threadPrefix + "-ticker");
  }

  /** Whether {@link #start(Duration)} was called and {@link #close()} not yet. */
  public synchronized boolean isStarted() {
    return ticker != null && !closed;
  }

  /**
   * Stops background runs, cancels a run in progress (running components end {@link
   * Status#CANCELLED}, the others are skipped), waits for that run to be recorded, and releases the
   * threads and the store this orchestrator created. Idempotent.
   */
  @Override
  public void close() {
    BackgroundTicker background;
    synchronized (this) {
      if (closed) {
        return;
      }
      background = ticker;
      if (background != null) {
        background.close(); // first: a tick that finds the orchestrator closed is not an error
      }
      closed = true;
    }
    RunLoop loop = activeRun;
    if (loop != null) {
      loop.cancel();
    }
    runLock.lock(); // waits for a run in progress on another thread to finish cancelling
    runLock.unlock();
    if (background != null) {
      background.awaitStopped();
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
    synchronized (this) {
      if (heartbeats != null) {
        heartbeats.shutdownNow();
      }
    }
    if (ownedTime != null) {
      ownedTime.close();
    }
    engine.http().close();
    if (alerts != null) {
      alerts.close();
    }
    if (ownsStore) {
      engine.store().close();
    }
  }

  /**
   * Closes gracefully: stops background runs at once, lets a run in progress go on for up to {@code
   * grace} (its components finish, or end by their own timeouts), then closes as {@link #close()}
   * does, cancelling what still runs. For a host's shutdown, e.g. Spring's lifecycle. Idempotent.
   *
   * @return true if no run was cancelled: none was in progress, or it ended within {@code grace}
   */
  public boolean close(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException(
          "grace must not be negative, was " + Durations.format(grace));
    }
    synchronized (this) {
      if (closed) {
        return true;
      }
      closing = true; // no run starts after this, not even one waiting for the run in progress
      if (ticker != null) {
        ticker.close(); // no tick after this; the run in progress goes on
      }
    }
    boolean ended;
    try {
      ended = runLock.tryLock(grace.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
      if (ended) {
        runLock.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ended = false;
    }
    if (!ended) {
      LOG.warn(
          "the run of {} in progress did not end within the grace of {}: cancelling it",
          pipeline.name(),
          Durations.format(grace));
    }
    close();
    return ended;
  }

  /**
   * Waits until every alert of the notifications so far has been sent or dropped (retries
   * included), for tests and an orderly shutdown.
   *
   * @return false if {@code timeout} passed first
   * @throws IllegalStateException if the orchestrator has no notifications
   */
  public boolean awaitNotifications(Duration timeout) throws InterruptedException {
    if (alerts == null) {
      throw new IllegalStateException(
          "this orchestrator has no notifications: add Builder.notifications(...)");
    }
    return alerts.awaitIdle(timeout);
  }

  private RunReport dryRun(RunRequest request) {
    return plans.dryRun(plan(request));
  }

  private ComponentRecord[] loadRecords() {
    List<String> names = new ArrayList<>(dag.size());
    for (int p = 0; p < dag.size(); p++) {
      names.add(dag.name(p));
    }
    Map<String, ComponentRecord> saved = engine.store().components(pipeline.name(), names);
    ComponentRecord[] records = new ComponentRecord[dag.size()];
    for (int p = 0; p < dag.size(); p++) {
      ComponentRecord record = saved.get(names.get(p));
      records[p] = record != null ? record : ComponentRecord.empty(names.get(p));
    }
    return records;
  }

  private void checkNames(RunRequest request) {
    Set<String> unknown = new LinkedHashSet<>();
    for (String name : request.checked()) {
      if (dag.position(name) < 0) {
        unknown.add(name);
      }
    }
    for (String name : request.forced()) {
      if (dag.position(name) < 0) {
        unknown.add(name);
      }
    }
    for (String name : request.selected()) {
      if (dag.position(name) < 0) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      List<String> names = pipeline.components().stream().map(Component::name).toList();
      throw new IllegalArgumentException(
          "the run request names components that pipeline \""
              + pipeline.name()
              + "\" does not have: "
              + String.join(", ", unknown)
              + "; its components are "
              + String.join(", ", names));
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(
          "orchestrator of pipeline \"" + pipeline.name() + "\" is closed");
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The host's name as the system knows it, for the lock holder's description. */
  private static String hostName() {
    try {
      String name = java.net.InetAddress.getLocalHost().getHostName();
      if (!name.isBlank()) {
        return name;
      }
    } catch (java.io.IOException | SecurityException e) {
      // no name resolvable: fall back on what the shell says
    }
    for (String variable : List.of("HOSTNAME", "COMPUTERNAME")) {
      String host = System.getenv(variable);
      if (host != null && !host.isBlank()) {
        return host;
      }
    }
    return "an unnamed host";
  }

  @Override
  public String toString() {
    return "Orchestrator{"
        + pipeline.name()
        + ", parallelism="
        + engine.slots().capacity()
        + ", store="
        + engine.store()
        + "}";
  }

  /** Builds an {@link Orchestrator}. Setters reject bad values at once. Not thread-safe. */
  public static final class Builder {
    private final Pipeline pipeline;
    private @Nullable StateStore store;
    private @Nullable Path stateDirectory;
    private @Nullable TimeSource timeSource;
    private @Nullable ZoneId zone;
    private Path scratchDirectory = Path.of(System.getProperty("java.io.tmpdir"));
    private @Nullable ExecutorService executor;
    private @Nullable Integer parallelism;
    private @Nullable Duration runTimeout;
    private final List<RunListener> listeners = new ArrayList<>();
    private @Nullable Path configFile;
    private RandomGenerator random = new SplittableRandom();
    private @Nullable OkHttpClient httpClient;
    private boolean measureResources = true;
    private @Nullable Notifications notifications;
    private dev.flinders.orchestration.core.report.@Nullable ReportDirectory reports;
    private PeakHours peakHours = PeakHours.melbourne();
    private java.util.function.@Nullable DoubleSupplier load;
    private double maxLoad;
    private int loadedParallelism;
    private long maxResponseBytes = HttpTransport.DEFAULT_MAX_BODY_BYTES;
    private @Nullable Duration httpReadTimeout;
    private final java.util.Map<String, QuotaPolicy> quotas = new java.util.LinkedHashMap<>();
    private @Nullable DatasetSink curatedSink;
    private @Nullable DatasetSink quarantineSink;

    private Builder(Pipeline pipeline) {
      this.pipeline = pipeline;
    }

    /** Keeps history and component records in {@code store}; the caller closes it. */
    public Builder stateStore(StateStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Keeps history and component records as JSON files in {@code directory} (see {@link
     * JsonFileStateStore}). The default is {@code data/state} in the working directory.
     */
    public Builder stateDirectory(Path directory) {
      this.stateDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Where the orchestrator takes time from: the wall clock for schedules and reports (its zone
     * prints the times of schedules that have none), a monotonic reading for durations, and timers
     * for timeouts, retry delays and background ticks. Tests pass a {@code ManualClock} and move
     * time by hand. Default: the system's clock in the system's zone, with a timer thread of the
     * orchestrator's own.
     */
    public Builder timeSource(TimeSource timeSource) {
      this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
      return this;
    }

    /**
     * The zone in which reasons, plans and reports give times: one zone for everything a report
     * prints (run ids aside: an id is the run's start in UTC, so that ids sort by time). Default:
     * the configuration file's {@code zone}, else the time source's clock's zone (the system's
     * zone, without a time source).
     */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /**
     * Where the engine keeps temporary files: a change detector's download kept for the task of the
     * same attempt (see docs/change-detection.md), deleted when the attempt no longer needs it.
     * Default: {@code java.io.tmpdir}.
     */
    public Builder scratchDirectory(Path directory) {
      this.scratchDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Runs tasks on {@code executor}, which the caller owns and shuts down. It must be able to run
     * {@code parallelism} tasks at once. Default: a pool of {@code parallelism} daemon threads.
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** How many components may run at once; overrides the pipeline's. */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /** The run timeout; overrides the pipeline's (default 120 minutes). */
    public Builder runTimeout(Duration runTimeout) {
      Objects.requireNonNull(runTimeout, "runTimeout");
      if (runTimeout.isNegative() || runTimeout.isZero()) {
        throw new IllegalArgumentException(
            "runTimeout must be positive, was " + Durations.format(runTimeout));
      }
      this.runTimeout = runTimeout;
      return this;
    }

    /**
     * Writes each run's report as HTML and JSON into {@code reports} after the run, the newest also
     * as {@code latest.html} and {@code latest.json}; see docs/reports.md. Default none.
     */
    public Builder reports(dev.flinders.orchestration.core.report.ReportDirectory reports) {
      this.reports = Objects.requireNonNull(reports, "reports");
      return this;
    }

    /** Adds a listener for run events. */
    public Builder listener(RunListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Applies an {@code orchestration.json} file to the pipeline when built. */
    public Builder config(Path file) {
      this.configFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** The random numbers for retry jitter. Default: a fresh {@link SplittableRandom}. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Lowers parallelism under load: while {@code load} reads above {@code maxLoad} (the system's
     * CPU load from 0 to 1, say), at most {@code parallelism} components start running at once;
     * those running go on, and the full parallelism returns once the reading drops. Each change is
     * logged. The reading is taken whenever a component could start; {@link #systemCpuLoad()} reads
     * the operating system's, at most once a second.
     */
    public Builder loadLimit(
        double maxLoad, int parallelism, java.util.function.DoubleSupplier load) {
      if (!(maxLoad > 0)) {
        throw new IllegalArgumentException("maxLoad must be positive, was " + maxLoad);
      }
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
      }
      this.load = Objects.requireNonNull(load, "load");
      this.maxLoad = maxLoad;
      this.loadedParallelism = parallelism;
      return this;
    }

    /**
     * The system's CPU load from 0 to 1 ({@code com.sun.management.OperatingSystemMXBean}), read at
     * most once a second; 0 where the JVM cannot read it.
     */
    public static java.util.function.DoubleSupplier systemCpuLoad() {
      java.lang.management.OperatingSystemMXBean system =
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      if (!(system instanceof com.sun.management.OperatingSystemMXBean hotSpot)) {
        return () -> 0;
      }
      double[] last = {0};
      long[] readAt = {System.nanoTime() - 2_000_000_000L};
      return () -> {
        synchronized (last) {
          long now = System.nanoTime();
          if (now - readAt[0] >= 1_000_000_000L) {
            double reading = hotSpot.getCpuLoad();
            last[0] = reading < 0 ? 0 : reading;
            readAt[0] = now;
          }
          return last[0];
        }
      };
    }

    /**
     * When deferrable components wait ({@link Component.Builder#deferrable()}): default {@link
     * PeakHours#melbourne()}, 07:00–09:30 and 16:00–19:00 Australia/Melbourne with 2 hours' grace;
     * {@link PeakHours#none()} never defers. See docs/scheduling.md.
     */
    public Builder peakHours(PeakHours peakHours) {
      this.peakHours = Objects.requireNonNull(peakHours, "peakHours");
      return this;
    }

    /**
     * Where alerts about failed runs and components go, and how: see {@link Notifications} and
     * docs/notifications.md. Default none.
     */
    public Builder notifications(Notifications notifications) {
      this.notifications = Objects.requireNonNull(notifications, "notifications");
      return this;
    }

    /**
     * Whether to measure what each component uses: the CPU time and allocated bytes of its worker
     * thread, the heap in use after it, and its waits for a worker slot and for quota permits
     * ({@code ComponentResult.resources()}, in the report and the history). Default true; it costs
     * a few readings of the thread's counters per attempt (see docs/monitoring.md).
     */
    public Builder measureResources(boolean measureResources) {
      this.measureResources = measureResources;
      return this;
    }

    /**
     * The OkHttp client behind every task's {@code context.http()}, e.g. one with a proxy, custom
     * TLS or an interceptor; the caller owns it. Per call, the engine sets the call timeout to the
     * attempt's remaining time. Default: a client with OkHttp's defaults, owned and closed by the
     * orchestrator.
     */
    public Builder httpClient(OkHttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * How long an HTTP call may go without a byte from the server before it fails with "no bytes
     * from host for 10s (read timeout)" (OkHttp's read timeout): default 10 seconds, as OkHttp's.
     * It applies to a client passed with {@link #httpClient} too, through a client derived from it
     * that shares its connections. A component's own timeout still bounds every call as a whole.
     */
    public Builder httpReadTimeout(Duration readTimeout) {
      Objects.requireNonNull(readTimeout, "readTimeout");
      if (readTimeout.isNegative() || readTimeout.isZero()) {
        throw new IllegalArgumentException(
            "httpReadTimeout must be positive, was " + Durations.format(readTimeout));
      }
      this.httpReadTimeout = readTimeout;
      return this;
    }

    /**
     * The largest response body a call accepts when its request does not say: default 64 MiB. A
     * larger body fails the call with {@code HttpBodyTooLargeException}.
     */
    public Builder maxResponseBytes(long maxResponseBytes) {
      if (maxResponseBytes < 0) {
        throw new IllegalArgumentException(
            "maxResponseBytes must not be negative, was " + maxResponseBytes);
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /**
     * Where components' datasets go (see {@code ComponentContext.dataset}): rows that pass the
     * rules to {@code curated}, quarantined rows to {@code quarantine}, e.g. {@code
     * ParquetDatasetSink}s of {@code orchestration-parquet} under {@code data/curated} and {@code
     * data/quarantine}. The caller owns them.
     */
    public Builder datasets(DatasetSink curated, DatasetSink quarantine) {
      this.curatedSink = Objects.requireNonNull(curated, "curated");
      this.quarantineSink = Objects.requireNonNull(quarantine, "quarantine");
      return this;
    }

    /**
     * Adds the quota of an API provider, shared by every component and request that names it (see
     * {@link QuotaPolicy} and docs/quotas.md).
     *
     * @throws IllegalArgumentException if a policy for the same provider was added before
     */
    public Builder quota(QuotaPolicy policy) {
      Objects.requireNonNull(policy, "policy");
      if (quotas.putIfAbsent(policy.provider(), policy) != null) {
        throw new IllegalArgumentException(
            "a quota policy for provider \"" + policy.provider() + "\" was added already");
      }
      return this;
    }

    /**
     * Builds the orchestrator.
     *
     * @throws IllegalStateException if both a state store and a state directory were set
     * @throws dev.flinders.orchestration.ConfigurationException if the configuration file is not
     *     valid
     */
    public Orchestrator build() {
      if (store != null && stateDirectory != null) {
        throw new IllegalStateException(
            "set either stateStore(...) or stateDirectory(...), not both");
      }
      if (store == null && stateDirectory == null) {
        stateDirectory = Path.of("data", "state");
      }
      OrchestrationConfig.Applied config = OrchestrationConfig.Applied.none(pipeline);
      if (configFile != null) {
        config = OrchestrationConfig.read(configFile).applyTo(pipeline, notifications);
        for (String line : config.settings()) {
          LOG.info("{}", line);
        }
        for (String name : config.forced()) {
          LOG.warn(
              "component {} is forced on every run by \"force\": true in {}; remove it when done",
              name,
              configFile);
        }
        for (String name : config.checked()) {
          config
              .pipeline()
              .component(name)
              .filter(component -> component.changeDetector().isEmpty())
              .ifPresent(
                  component ->
                      LOG.warn(
                          "component {} is checked at every run (\"check\": true in {}) but has no"
                              + " change detector, so it runs at every run; give it one or remove"
                              + " \"check\"",
                          name,
                          configFile));
        }
      }
      Pipeline effective = config.pipeline();
      for (dev.flinders.orchestration.Component component : effective.components()) {
        String provider = component.quota().orElse(null);
        if (provider != null && !quotas.containsKey(provider)) {
          throw new IllegalStateException(
              "component \""
                  + component.name()
                  + "\" counts its calls against the quota of \""
                  + provider
                  + "\", but the orchestrator has no policy for it: add"
                  + " quota(QuotaPolicy.builder(\""
                  + provider
                  + "\")...build()) to its builder"
                  + (quotas.isEmpty() ? "" : " (it has " + quotas.keySet() + ")"));
        }
      }
      return new Orchestrator(this, effective, config);
    }
  }
}

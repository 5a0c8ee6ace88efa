package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.ComponentCancelledException;
import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.ComponentState;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.dataset.DatasetSummary;
import dev.flinders.orchestration.dataset.DatasetWriter;
import dev.flinders.orchestration.http.Http;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.Secret;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of one component: the {@link ComponentContext} its task sees, and the handle the run
 * loop uses to stop it. The worker binds its thread while the task runs; cancelling interrupts that
 * thread and closes the resources the task registered, and never touches a thread that has moved on
 * to other work.
 */
final class Attempt implements ComponentContext {
  final int position;
  final int number;
  private final RunContext run;

  /** The attempt's deadline as a monotonic reading; see {@link RunClock}. */
  final long deadlineNanos;

  private @Nullable Instant deadline;
  private @Nullable Map<String, ComponentResult> upstreams;
  private @Nullable StateMap state;
  private System.@Nullable Logger logger;
  private @Nullable AttemptHttp http;

  private java.util.@Nullable LinkedHashMap<String, QualityWriter> datasets;

  /**
   * Where this attempt, stopped while its task ran, is noted as holding a worker slot; cleared by
   * {@link #unbind()} when the task's thread leaves. Guarded by {@link #lock}.
   */
  private @Nullable WorkerSlots heldIn;

  /** What the change detector found; set and read on the worker running this attempt. */
  ChangeTracker.@Nullable Found probe;

  /** Whether the change detector is probing: its GETs' bodies are kept for the task. */
  private volatile boolean probing;

  /** The worker thread's CPU time and allocated bytes when it began the attempt, or -1. */
  private long cpuAtStart = -1;

  private long allocatedAtStart = -1;

  /** Nanoseconds its calls waited for quota permits; calls may come from several threads. */
  private final java.util.concurrent.atomic.LongAdder quotaWaitNanos =
      new java.util.concurrent.atomic.LongAdder();

  /** What the probe downloaded, for the task; made at the probe's first GET. */
  private @Nullable ProbeDownloads downloads;

  private final Object lock = new Object();
  private @Nullable Thread thread;
  private boolean cancelled;

  /** Whether a worker has begun the task: once it has, cancelling stops it; before, prevents it. */
  private boolean begun;

  private @Nullable List<AutoCloseable> closeables;

  /**
   * Every secret a request of this attempt carried, for masking them in whatever it reports; made
   * at the first HTTP call (most attempts make none, and the engine adds about a microsecond per
   * component). Guarded by {@link #lock}.
   */
  private java.util.@Nullable Set<Secret> secrets;

  private static final VarHandle SETTLED;

  static {
    try {
      SETTLED = MethodHandles.lookup().findVarHandle(Attempt.class, "settled", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Whether how this attempt ended has been decided; see {@link #settle()}. */
  @SuppressWarnings("unused") // accessed through SETTLED
  private volatile boolean settled;

  Attempt(RunContext run, int position, int number, long deadlineNanos) {
    this.run = run;
    this.position = position;
    this.number = number;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * Decides, once, who reports how this attempt ended: the worker whose task returned, or the run
   * when it times the attempt out or stops it. Only the caller that gets {@code true} may report.
   */
  boolean settle() {
    return SETTLED.compareAndSet(this, false, true);
  }

  /** Called by the worker before running the task; false if the attempt was cancelled already. */
  boolean bind(Thread worker) {
    synchronized (lock) {
      if (cancelled) {
        return false;
      }
      thread = worker;
      begun = true;
      return true;
    }
  }

  /** Called by the worker after the task returned; clears an interrupt the engine may have sent. */
  void unbind() {
    synchronized (lock) {
      thread = null;
      if (heldIn != null) {
        heldIn.returned(this);
        heldIn = null;
      }
      lock.notifyAll();
    }
    Thread.interrupted();
  }

  /**
   * Waits until the task's thread has left the task or {@code deadlineNanos} (a {@link
   * System#nanoTime()} reading) passes. This bounds how long a stopped task is given to notice; it
   * is real time on purpose: it measures threads, not schedules.
   *
   * @return whether the thread has left the task
   */
  boolean awaitReturn(long deadlineNanos) {
    synchronized (lock) {
      while (thread != null) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return thread == null;
        }
      }
      return true;
    }
  }

  /**
   * Stops the attempt: marks it cancelled, interrupts its thread, closes registered resources and,
   * if its task's thread is still in it, notes in {@code slots} that this attempt holds a slot
   * until that thread leaves (see {@link #unbind()}).
   *
   * @return whether its task had begun; if not, it never will
   */
  boolean cancel(WorkerSlots slots, String description) {
    List<AutoCloseable> toClose;
    boolean hadBegun;
    synchronized (lock) {
      hadBegun = begun;
      if (thread != null && heldIn == null) {
        heldIn = slots;
        slots.stoppedButHolding(this, description);
      }
      if (cancelled) {
        return hadBegun;
      }
      cancelled = true;
      if (thread != null) {
        thread.interrupt();
      }
      toClose = closeables;
      closeables = null;
    }
    if (toClose != null) {
      toClose.forEach(Attempt::closeQuietly);
    }
    return hadBegun;
  }

  /** The state to save if the attempt succeeds: as the task left it, or as it was if untouched. */
  Map<String, String> stateToSave() {
    StateMap touched = state;
    return touched == null ? run.records[position].state() : touched.asMap();
  }

  @Override
  public String pipelineName() {
    return run.pipeline();
  }

  /** Tells the run's listeners how far a download of this attempt has come. */
  void downloading(String url, long bytes, long totalBytes) {
    run.engine.listeners().downloading(run.runId, componentName(), url, bytes, totalBytes);
  }

  @Override
  public String componentName() {
    return run.dag.name(position);
  }

  @Override
  public String runId() {
    return run.runId;
  }

  @Override
  public int attempt() {
    return number;
  }

  @Override
  public boolean forced() {
    return run.forced(position);
  }

  @Override
  public Clock clock() {
    return run.engine.time().clock();
  }

  @Override
  public Instant deadline() {
    Instant at = deadline;
    if (at == null) {
      at = run.clock.at(deadlineNanos);
      deadline = at; // an immutable value: racing readers compute the same one
    }
    return at;
  }

  /**
   * On the monotonic clock, as the engine's own deadline: a wall clock set meanwhile is no matter.
   */
  @Override
  public Duration remaining() {
    long left = deadlineNanos - run.engine.time().nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  @Override
  public boolean isCancelled() {
    synchronized (lock) {
      return cancelled;
    }
  }

  @Override
  public void throwIfCancelled() {
    if (isCancelled()) {
      throw new ComponentCancelledException(
          "component \"" + componentName() + "\" was cancelled (deadline " + deadline() + ")");
    }
  }

  @Override
  public void closeOnCancel(AutoCloseable resource) {
    synchronized (lock) {
      if (!cancelled) {
        if (closeables == null) {
          closeables = new ArrayList<>();
        }
        closeables.add(resource);
        return;
      }
    }
    closeQuietly(resource);
  }

  /** Why the engine stopped this attempt, for its discarded datasets; set before cancelling. */
  private volatile String stoppedBecause = "the attempt was stopped";

  void stoppedBecause(String why) {
    stoppedBecause = why;
  }

  String stoppedBecause() {
    return stoppedBecause;
  }

  /** Calls of this attempt between sending and the end of their body; made at the first one. */
  private java.util.@Nullable Set<AttemptHttp.InFlight> calls;

  void callStarted(AttemptHttp.InFlight call) {
    synchronized (lock) {
      if (calls == null) {
        calls = new java.util.LinkedHashSet<>();
      }
      calls.add(call);
    }
  }

  void callEnded(AttemptHttp.InFlight call) {
    synchronized (lock) {
      if (calls != null) {
        calls.remove(call);
      }
    }
  }

  /** The call whose own timeout (the attempt's remaining time) ended it, as it was then. */
  private volatile @Nullable String cutShort;

  void cutShortByTheDeadline(String call) {
    cutShort = call;
  }

  /** See {@link #cutShortByTheDeadline}; null if no call of this attempt was. */
  @Nullable String cutShort() {
    return cutShort;
  }

  /**
   * What the attempt is doing, for the error of one that is being stopped: the HTTP calls in
   * flight, or else where its task's thread is (the top of its stack, and the first frame outside
   * the JDK if that is another); null if no thread runs it. Call it before {@link #cancel()}.
   */
  @Nullable String activity() {
    List<String> inFlight = new ArrayList<>();
    Thread worker;
    synchronized (lock) {
      if (calls != null) {
        for (AttemptHttp.InFlight call : calls) {
          inFlight.add(call.toString());
        }
      }
      worker = thread;
    }
    if (!inFlight.isEmpty()) {
      return String.join("; ", inFlight);
    }
    if (worker == null) {
      return null;
    }
    StackTraceElement[] stack = worker.getStackTrace();
    if (stack.length == 0) {
      return null;
    }
    String at = "the task was at " + frame(stack[0]);
    for (StackTraceElement element : stack) {
      String type = element.getClassName();
      if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
        return element == stack[0] ? at : at + ", called from " + frame(element);
      }
    }
    return at;
  }

  private static String frame(StackTraceElement element) {
    String type = element.getClassName();
    return type.substring(type.lastIndexOf('.') + 1)
        + "."
        + element.getMethodName()
        + (element.getFileName() == null || element.getLineNumber() < 0
            ? ""
            : "(" + element.getFileName() + ":" + element.getLineNumber() + ")");
  }

  /** Remembers secrets the attempt is about to send, so that {@link #mask} hides them. */
  void rememberSecrets(List<Secret> sent) {
    if (sent.isEmpty()) {
      return;
    }
    synchronized (lock) {
      if (secrets == null) {
        secrets = new java.util.LinkedHashSet<>();
      }
      secrets.addAll(sent);
    }
  }

  /** {@code text} with every secret this attempt sent shown as {@code ****}. */
  String mask(String text) {
    List<Secret> known;
    synchronized (lock) {
      if (secrets == null) {
        return text;
      }
      known = List.copyOf(secrets);
    }
    String masked = text;
    for (Secret secret : known) {
      masked = secret.maskIn(masked);
    }
    return masked;
  }

  /** Marks the change detector's probe as running, or as over. */
  void probing(boolean probing) {
    this.probing = probing;
  }

  boolean isProbing() {
    return probing;
  }

  /** Where the probe's downloads are kept for the task. */
  ProbeDownloads downloads() {
    synchronized (lock) {
      if (downloads == null) {
        downloads = new ProbeDownloads(run.engine.scratchDirectory());
      }
      return downloads;
    }
  }

  /**
   * The probe's download of what {@code request} would fetch, if the task is first to ask and it is
   * at most {@code maxBytes} long.
   */
  ProbeDownloads.@Nullable Copy takeDownload(HttpRequest request, long maxBytes) {
    ProbeDownloads kept;
    synchronized (lock) {
      kept = downloads;
    }
    return kept == null ? null : kept.take(ProbeDownloads.key(request), maxBytes);
  }

  /** Deletes what the probe downloaded: the task will not run, or has returned. */
  void closeDownloads() {
    ProbeDownloads kept;
    synchronized (lock) {
      kept = downloads;
    }
    if (kept != null) {
      kept.close();
    }
  }

  /** Forgets a resource registered with {@link #closeOnCancel}, e.g. a call that has ended. */
  void removeOnCancel(AutoCloseable resource) {
    synchronized (lock) {
      if (closeables != null) {
        closeables.remove(resource);
      }
    }
  }

  @Override
  public Http http() {
    synchronized (lock) {
      if (http == null) {
        http = run.http.forAttempt(this);
      }
      return http;
    }
  }

  @Override
  public DatasetWriter dataset(DatasetSpec spec) {
    java.util.Objects.requireNonNull(spec, "spec");
    synchronized (lock) {
      if (datasets == null) {
        datasets = new java.util.LinkedHashMap<>();
      }
      QualityWriter writer = datasets.get(spec.name());
      if (writer == null) {
        String dataset = spec.name();
        writer =
            run.datasets.open(
                spec,
                rows -> run.engine.listeners().writing(run.runId, componentName(), dataset, rows));
        datasets.put(spec.name(), writer);
      } else if (!writer.spec().equals(spec)) {
        throw new IllegalArgumentException(
            "dataset " + spec.name() + " was opened with another schema or rules in this attempt");
      }
      return writer;
    }
  }

  /**
   * Validates every dataset of the attempt, then commits them all; if one is refused, none is
   * committed.
   *
   * @throws RuntimeException the first refusal ({@code DataQualityException}) or storage failure
   */
  void commitDatasets() {
    List<QualityWriter> writers = writers();
    try {
      for (QualityWriter writer : writers) {
        writer.validate();
      }
      for (QualityWriter writer : writers) {
        writer.publish();
      }
    } catch (RuntimeException e) {
      discardDatasets("another dataset of the attempt failed: " + e.getMessage());
      throw e;
    }
    for (QualityWriter writer : writers) {
      writer.compact();
    }
  }

  /** Discards every dataset of the attempt that is not committed. */
  void discardDatasets(String why) {
    for (QualityWriter writer : writers()) {
      if (!writer.isClosed()) {
        writer.discardBecause(why);
      }
    }
  }

  /** What happened to each dataset of the attempt. */
  List<DatasetSummary> datasetSummaries() {
    List<DatasetSummary> summaries = new ArrayList<>();
    for (QualityWriter writer : writers()) {
      summaries.add(writer.summary());
    }
    return summaries;
  }

  private List<QualityWriter> writers() {
    synchronized (lock) {
      return datasets == null ? List.of() : List.copyOf(datasets.values());
    }
  }

  @Override
  public System.Logger logger() {
    System.Logger current = logger;
    if (current == null) {
      current = new Slf4jSystemLogger("dev.flinders.orchestration.component." + componentName());
      logger = current;
    }
    return current;
  }

  @Override
  public Map<String, ComponentResult> upstreams() {
    Map<String, ComponentResult> map = upstreams;
    if (map == null) {
      Map<String, ComponentResult> built = new java.util.LinkedHashMap<>();
      String[] names = run.dag.upstreamNames(position);
      int[] positions = run.dag.upstreams(position);
      for (int i = 0; i < names.length; i++) {
        built.put(names[i], run.results[positions[i]]);
      }
      map = java.util.Collections.unmodifiableMap(built);
      upstreams = map;
    }
    return map;
  }

  @Override
  public ComponentState state() {
    StateMap map = state;
    if (map == null) {
      map = new StateMap(componentName(), run.records[position].state());
      state = map;
    }
    return map;
  }

  @Override
  public String toString() {
    return "attempt "
        + number
        + " of \""
        + componentName()
        + "\" in run "
        + run.runId
        + ", "
        + Durations.format(remaining())
        + " left";
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      // Closing is how we wake a blocked task; a failure to close changes nothing we can act on.
    }
  }

  /** Whether the worker thread's counters were read at the start of this attempt. */
  private boolean countersRead;

  /** On the worker, as it begins the attempt: the thread's counters to measure from. */
  void beginMeasuring() {
    countersRead = true;
    cpuAtStart = ThreadMeter.cpuNanos();
    allocatedAtStart = ThreadMeter.allocatedBytes();
  }

  /** Whether {@link #beginMeasuring()} read the thread's counters for this attempt. */
  boolean countersRead() {
    return countersRead;
  }

  /** CPU nanoseconds of the worker thread since {@link #beginMeasuring()}, or -1. */
  long cpuNanosSinceStart() {
    long now = ThreadMeter.cpuNanos();
    return cpuAtStart < 0 || now < 0 ? -1 : now - cpuAtStart;
  }

  /** Bytes the worker thread allocated since {@link #beginMeasuring()}, or -1. */
  long allocatedSinceStart() {
    long now = ThreadMeter.allocatedBytes();
    return allocatedAtStart < 0 || now < 0 ? -1 : now - allocatedAtStart;
  }

  /** A call of the attempt waited this long for a quota permit. */
  void waitedForQuota(java.time.Duration wait) {
    if (!wait.isZero()) {
      quotaWaitNanos.add(wait.toNanos());
    }
  }

  long quotaWaitNanos() {
    return quotaWaitNanos.sum();
  }
}

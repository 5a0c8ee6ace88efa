package dev.flinders.orchestration.core.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The orchestrator's worker slots: how many tasks may be running at once. A slot is taken when an
 * attempt starts and given back only when its thread really returns, so a task that ignores
 * interruption keeps its slot after it was reported timed out, across runs if need be. Thread-safe
 * and lock-free.
 */
public final class WorkerSlots {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WorkerSlots.class);

  private final int capacity;
  private final AtomicInteger inUse = new AtomicInteger();
  private volatile Runnable waiter = () -> {};

  /** The system's load, or null without a load limit; above {@link #maxLoad}, {@link #loaded}. */
  private final java.util.function.@org.jspecify.annotations.Nullable DoubleSupplier load;

  private final double maxLoad;
  private final int loaded;
  private volatile boolean lowered;
  private volatile double lastReading;

  public WorkerSlots(int capacity) {
    this(capacity, null, 0, capacity);
  }

  /**
   * Slots that, while {@code load} reads above {@code maxLoad}, let at most {@code loaded} tasks
   * start running at once (those running go on); the full capacity again once it drops.
   */
  public WorkerSlots(
      int capacity,
      java.util.function.@org.jspecify.annotations.Nullable DoubleSupplier load,
      double maxLoad,
      int loaded) {
    this.capacity = capacity;
    this.load = load;
    this.maxLoad = maxLoad;
    this.loaded = Math.min(loaded, capacity);
  }

  /** How many tasks may run at once now: the capacity, or less while the system is loaded. */
  private int limit() {
    if (load == null) {
      return capacity;
    }
    double reading = load.getAsDouble();
    lastReading = reading;
    boolean high = reading > maxLoad;
    if (high != lowered) {
      lowered = high;
      if (high) {
        LOG.info(
            "system load {} is above {}: starting at most {} of {} components at once",
            String.format(java.util.Locale.ROOT, "%.2f", reading),
            maxLoad,
            loaded,
            capacity);
      } else {
        LOG.info(
            "system load {} is back under {}: starting up to {} components at once again",
            String.format(java.util.Locale.ROOT, "%.2f", reading),
            maxLoad,
            capacity);
      }
    }
    return high ? loaded : capacity;
  }

  /**
   * Why fewer tasks may start than the capacity, as last read ({@code parallelism lowered to 1 of
   * 4: system load 0.93 above 0.80}), or null if they are not (the load is under the limit, or the
   * lowered parallelism is not below the capacity).
   */
  @org.jspecify.annotations.Nullable
  String loweredForLoad() {
    return lowered && loaded < capacity
        ? String.format(
            java.util.Locale.ROOT,
            "parallelism lowered to %d of %d: system load %.2f above %.2f",
            loaded,
            capacity,
            lastReading,
            maxLoad)
        : null;
  }

  public int capacity() {
    return capacity;
  }

  public boolean tryAcquire() {
    int limit = limit();
    for (int used = inUse.get(); used < limit; used = inUse.get()) {
      if (inUse.compareAndSet(used, used + 1)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Attempts that were stopped while their task still runs, each with a description: their threads
   * may keep their slots for a long time (a task that ignores interruption), and a component that
   * cannot start for want of a slot is told who holds them.
   */
  private final java.util.Map<Object, String> stoppedHolders =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Notes that {@code holder}, stopped, may go on holding its slot; see {@link #holders()}. */
  void stoppedButHolding(Object holder, String description) {
    stoppedHolders.put(holder, description);
  }

  /** Forgets a holder noted by {@link #stoppedButHolding}: its thread has returned. */
  void returned(Object holder) {
    stoppedHolders.remove(holder);
  }

  /** The stopped attempts whose threads still hold slots, described. */
  java.util.List<String> holders() {
    return java.util.List.copyOf(new java.util.TreeSet<>(stoppedHolders.values()));
  }

  /** Gives a slot back. */
  public void release() {
    inUse.decrementAndGet();
  }

  /**
   * Wakes the run in progress, which may be waiting for a slot. Called when a slot is given back by
   * a task whose own run has already ended; a task of the current run wakes it by reporting its
   * completion instead.
   */
  public void wakeWaiter() {
    waiter.run();
  }

  /** How to wake the run in progress: set by that run. */
  public void waiter(Runnable waiter) {
    this.waiter = waiter;
  }
}

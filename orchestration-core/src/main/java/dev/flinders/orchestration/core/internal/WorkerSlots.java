package dev.flinders.orchestration.core.internal;

/**
 * The orchestrator's worker slots: how many tasks may be running at once. A slot is taken when an
 * attempt starts and given back only when its thread really returns, so a task that ignores
 * interruption keeps its slot after it was reported timed out, across runs if need be. Thread-safe.
 */
public final class WorkerSlots {
  private final int capacity;
  private int inUse;
  private volatile Runnable onRelease = () -> {};

  public WorkerSlots(int capacity) {
    this.capacity = capacity;
  }

  public int capacity() {
    return capacity;
  }

  public synchronized boolean tryAcquire() {
    if (inUse >= capacity) {
      return false;
    }
    inUse++;
    return true;
  }

  /** Gives a slot back and tells the current run, which may be waiting for one. */
  public void release() {
    synchronized (this) {
      inUse--;
    }
    onRelease.run();
  }

  public synchronized int inUse() {
    return inUse;
  }

  /** What to do when a slot is given back: set by the run in progress. */
  public void onRelease(Runnable action) {
    this.onRelease = action;
  }
}

package dev.flinders.orchestration.core.internal;

/**
 * The orchestrator's worker slots: how many tasks may be running at once. A slot is taken when an
 * attempt starts and given back only when its thread really returns, so a task that ignores
 * interruption keeps its slot after it was reported timed out, across runs if need be. Thread-safe.
 */
public final class WorkerSlots {
  private final int capacity;
  private int inUse;
  private volatile Runnable waiter = () -> {};

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

  /** Gives a slot back. */
  public synchronized void release() {
    inUse--;
  }

  /**
   * Wakes the run in progress, which may be waiting for a slot. Called when a slot is given back by
   * a task whose own run has already ended; a task of the current run wakes it by reporting its
   * completion instead.
   */
  public void wakeWaiter() {
    waiter.run();
  }

  public synchronized int inUse() {
    return inUse;
  }

  /** How to wake the run in progress: set by that run. */
  public void waiter(Runnable waiter) {
    this.waiter = waiter;
  }
}

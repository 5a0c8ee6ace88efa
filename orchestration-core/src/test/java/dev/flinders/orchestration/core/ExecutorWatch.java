package dev.flinders.orchestration.core;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A worker pool that knows how many of the runnables handed to it have not finished, so a test can
 * wait until everything the engine dispatched has run out and then count what really ran, instead
 * of sleeping and hoping. Thread-safe.
 */
final class ExecutorWatch extends AbstractExecutorService {
  private final ExecutorService delegate;
  private final Object lock = new Object();
  private int unfinished;

  ExecutorWatch() {
    this(4);
  }

  ExecutorWatch(int threads) {
    this.delegate =
        Executors.newFixedThreadPool(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, "test-worker");
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public void execute(Runnable command) {
    synchronized (lock) {
      unfinished++;
    }
    try {
      delegate.execute(
          () -> {
            try {
              command.run();
            } finally {
              synchronized (lock) {
                unfinished--;
                lock.notifyAll();
              }
            }
          });
    } catch (RuntimeException e) {
      synchronized (lock) {
        unfinished--;
        lock.notifyAll();
      }
      throw e;
    }
  }

  /** Waits until every runnable handed over so far has finished; fails after {@code PATIENCE}. */
  void awaitIdle() {
    long deadline = System.nanoTime() + Fixtures.PATIENCE.toNanos();
    synchronized (lock) {
      while (unfinished > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(unfinished + " dispatched runnables still running");
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /** Wakes {@link #awaitQuiet}: something it watches changed. */
  void changed() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  /**
   * Waits until {@code quiet} holds for the number of runnables still unfinished (the caller's
   * tasks that block on purpose call {@link #changed()} when they block and unblock), or until
   * {@code done}; fails after {@code PATIENCE}.
   */
  void awaitQuiet(java.util.function.IntPredicate quiet, java.util.function.BooleanSupplier done) {
    long deadline = System.nanoTime() + Fixtures.PATIENCE.toNanos();
    synchronized (lock) {
      while (!quiet.test(unfinished) && !done.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "not quiet: " + unfinished + " runnables unfinished; workers: " + workerStacks());
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  private static String workerStacks() {
    StringBuilder text = new StringBuilder();
    Thread.getAllStackTraces()
        .forEach(
            (thread, stack) -> {
              if (thread.getName().startsWith("test-worker")) {
                text.append("\n").append(thread.getName()).append(' ').append(thread.getState());
                for (int i = 0; i < Math.min(stack.length, 12); i++) {
                  text.append("\n    at ").append(stack[i]);
                }
              }
            });
    return text.toString();
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "ExecutorWatch[" + unfinished + " unfinished]";
    }
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return delegate.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }
}

package dev.flinders.orchestration.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * Exclusive right to run one pipeline on a state store, held for the duration of a run. Closing it
 * releases the lock; closing twice is harmless.
 */
public interface PipelineLock extends AutoCloseable {
  /** The locked pipeline. */
  String pipeline();

  /**
   * Extends the lock. Stores whose locks expire (leases in a shared database) need this called well
   * within their lease time during long runs; stores whose locks last until released, such as file
   * locks, do nothing.
   *
   * @throws dev.flinders.orchestration.LeaseLostException if the lease expired and another holder
   *     took it: the run must stop, its writes are refused
   */
  default void renew() {}

  /**
   * How long the lock lasts unless {@link #renew() renewed}: present for leases, which the engine
   * renews every third of this time while a run goes on; empty for locks that last until released.
   */
  default Optional<Duration> lease() {
    return Optional.empty();
  }

  /**
   * A number that grows each time the pipeline's lock changes hands, for fencing: a store refuses
   * the writes of a holder whose token is no longer the newest (see {@code LeaseLostException}),
   * and a task writing to another system can pass it along so that system can do the same. 0 for
   * locks that cannot be lost while held.
   */
  default long fencingToken() {
    return 0;
  }

  @Override
  void close();
}

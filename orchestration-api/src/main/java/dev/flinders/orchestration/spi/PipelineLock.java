package dev.flinders.orchestration.spi;

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
   */
  default void renew() {}

  @Override
  void close();
}

package dev.flinders.orchestration;

import java.util.Map;
import java.util.Optional;

/**
 * Small key-value state a component keeps between runs, such as a cursor or a watermark. Changes
 * are saved when the attempt completes ({@link Status#SUCCEEDED} or {@link Status#UNCHANGED}) and
 * discarded when it fails, times out or is cancelled, so a watermark never moves past data that was
 * not delivered.
 *
 * <p>Limits: keys up to 200 characters, at most 64 KiB of keys and values together. Not
 * thread-safe: use it from the task's own thread.
 */
public interface ComponentState {
  /** The value stored under {@code key}, if any. */
  Optional<String> get(String key);

  /**
   * Stores {@code value} under {@code key}.
   *
   * @throws IllegalArgumentException if the key is blank or too long, or the state would exceed its
   *     size limit
   */
  void put(String key, String value);

  /** Removes {@code key}, if present. */
  void remove(String key);

  /** A snapshot of all keys and values. */
  Map<String, String> asMap();
}

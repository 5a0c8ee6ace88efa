package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.http.HttpUsage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Counts the HTTP calls of one component in one run, over all its attempts. Thread-safe. */
final class HttpMeter {
  private int calls;
  private int failures;
  private long bytes;
  private long nanos;
  private long slowestNanos;
  private final Map<Integer, Integer> statuses = new HashMap<>();

  /**
   * Records a finished call.
   *
   * @param status the response status, or 0 if there was none
   * @param failed whether the call failed (network, cut short, too large, status 400 or more)
   */
  synchronized void record(int status, boolean failed, long bodyBytes, long elapsedNanos) {
    calls++;
    if (failed) {
      failures++;
    }
    if (status > 0) {
      statuses.merge(status, 1, Integer::sum);
    }
    bytes += bodyBytes;
    nanos += elapsedNanos;
    slowestNanos = Math.max(slowestNanos, elapsedNanos);
  }

  /** The totals, or null if no call was made. */
  synchronized @Nullable HttpUsage usage() {
    if (calls == 0) {
      return null;
    }
    return new HttpUsage(
        calls, failures, bytes, Duration.ofNanos(nanos), Duration.ofNanos(slowestNanos), statuses);
  }
}

package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.http.HttpUsage;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Counts the HTTP calls of one component in one run, over all its attempts. Thread-safe. */
final class HttpMeter {
  private int calls;
  private int reused;
  private int inFlight;
  private int failures;
  private long bytes;
  private long nanos;
  private long slowestNanos;
  private final Map<Integer, Integer> statuses = new HashMap<>();
  private long[] latencies = new long[8];

  /** Counts a call about to be sent; {@link #record} ends it. */
  synchronized void sent() {
    inFlight++;
  }

  /**
   * Records a finished call, sent before with {@link #sent()}.
   *
   * @param status the response status, or 0 if there was none
   * @param failed whether the call failed (network, cut short, too large, status 400 or more)
   */
  synchronized void record(int status, boolean failed, long bodyBytes, long elapsedNanos) {
    inFlight--;
    calls++;
    if (failed) {
      failures++;
    }
    if (status > 0) {
      statuses.merge(status, 1, Integer::sum);
    }
    bytes += bodyBytes;
    nanos += elapsedNanos;
    if (calls > latencies.length) {
      latencies = Arrays.copyOf(latencies, latencies.length * 2);
    }
    latencies[calls - 1] = elapsedNanos;
    slowestNanos = Math.max(slowestNanos, elapsedNanos);
  }

  /** Counts a request answered with the probe's download, without a call. */
  synchronized void reused() {
    reused++;
  }

  /**
   * The totals, or null if no call was sent. A call still in flight (one that a timeout is cutting
   * short right now) counts as a call; what it read is added when it ends.
   */
  synchronized @Nullable HttpUsage usage() {
    int sent = calls + inFlight;
    if (sent == 0 && reused == 0) {
      return null;
    }
    return new HttpUsage(
        sent,
        failures,
        bytes,
        Duration.ofNanos(nanos),
        Duration.ofNanos(slowestNanos),
        statuses,
        reused,
        Duration.ofNanos(percentile(0.50)),
        Duration.ofNanos(percentile(0.95)));
  }

  /** The nearest-rank percentile of the ended calls' latencies, or 0 if none ended. */
  private long percentile(double share) {
    if (calls == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(latencies, calls);
    Arrays.sort(sorted);
    return sorted[Math.max(0, (int) Math.ceil(share * calls) - 1)];
  }
}

package dev.flinders.orchestration.http;

import dev.flinders.orchestration.ByteSizes;
import dev.flinders.orchestration.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The HTTP calls of one component in one run, over all its attempts.
 *
 * @param calls how many calls were sent
 * @param failures calls that failed on the network, were cut short, or answered 400 or more
 * @param bytes response body bytes read
 * @param time the sum of the calls' latencies, from sending to the end of the body
 * @param slowest the longest call
 * @param statuses how many responses had each status
 * @param reused requests the task answered with what its change detector's probe had downloaded in
 *     full in the same attempt: no call sent, not counted in {@code calls}
 * @param median the median latency of the calls that ended (nearest rank), zero if none did
 * @param p95 the 95th percentile latency of the calls that ended (nearest rank), zero if none did
 */
public record HttpUsage(
    int calls,
    int failures,
    long bytes,
    Duration time,
    Duration slowest,
    Map<Integer, Integer> statuses,
    int reused,
    Duration median,
    Duration p95) {

  public HttpUsage {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(slowest, "slowest");
    statuses = Map.copyOf(statuses);
    median = median == null ? Duration.ZERO : median;
    p95 = p95 == null ? Duration.ZERO : p95;
  }

  /** Usage without latency percentiles. */
  public HttpUsage(
      int calls,
      int failures,
      long bytes,
      Duration time,
      Duration slowest,
      Map<Integer, Integer> statuses,
      int reused) {
    this(calls, failures, bytes, time, slowest, statuses, reused, Duration.ZERO, Duration.ZERO);
  }

  /** Usage without reused downloads. */
  public HttpUsage(
      int calls,
      int failures,
      long bytes,
      Duration time,
      Duration slowest,
      Map<Integer, Integer> statuses) {
    this(calls, failures, bytes, time, slowest, statuses, 0, Duration.ZERO, Duration.ZERO);
  }

  /**
   * One line, e.g. {@code 3 calls (2×200, 1×304), 12.3 KiB, 340.0ms, median 70.0ms, p95 200.0ms,
   * slowest 200.0ms} (the percentiles from 3 calls on).
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder().append(calls).append(calls == 1 ? " call" : " calls");
    if (!statuses.isEmpty()) {
      text.append(" (");
      new TreeMap<>(statuses)
          .forEach(
              (status, count) ->
                  text.append(text.charAt(text.length() - 1) == '(' ? "" : ", ")
                      .append(count)
                      .append('×')
                      .append(status));
      text.append(')');
    }
    if (failures > 0) {
      text.append(", ").append(failures).append(failures == 1 ? " failure" : " failures");
    }
    if (reused > 0) {
      text.append(", ").append(reused).append(" reused from the probe");
    }
    return text.append(", ")
        .append(ByteSizes.format(bytes))
        .append(", ")
        .append(Durations.formatElapsed(time))
        .append(
            calls < 3 || median.isZero()
                ? ""
                : ", median "
                    + Durations.formatElapsed(median)
                    + ", p95 "
                    + Durations.formatElapsed(p95))
        .append(", slowest ")
        .append(Durations.formatElapsed(slowest))
        .toString();
  }
}

package dev.flinders.orchestration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a component's attempts in one run used, measured by the engine on the worker thread that ran
 * them (the probe, the task and the commit of its datasets; threads the task starts itself, such as
 * a Parquet sink's encoder, are not counted).
 *
 * <p>The thread's counters (CPU, allocation, heap) are read for a component on its first run and
 * when its last run took 1 ms or more: reading a thread's CPU time costs about as much as the
 * engine's whole work for a no-op component. The waits are always measured.
 *
 * @param cpu CPU time of the worker thread during the attempts, or null if not read (a short
 *     component, or a JVM that cannot measure a thread's CPU time)
 * @param allocatedBytes bytes the worker thread allocated during the attempts, or -1 if not read (a
 *     short component, or a JVM other than HotSpot)
 * @param heapUsedAfter bytes of heap in use when the last attempt ended (garbage not yet collected
 *     included), or -1 if not read
 * @param slotWait how long the component waited for a worker slot after it was ready, over its
 *     attempts
 * @param quotaWait how long its calls waited for quota permits (rate limits), over its attempts
 * @param loadLimit why fewer components than the pipeline's parallelism could run at once when its
 *     last attempt started (the orchestrator's load limit held), e.g. {@code parallelism lowered to
 *     1 of 4: system load 0.93 above 0.80}; null if it started with the full parallelism
 */
public record ResourceUse(
    @Nullable Duration cpu,
    long allocatedBytes,
    long heapUsedAfter,
    Duration slotWait,
    Duration quotaWait,
    @Nullable String loadLimit) {

  public ResourceUse {
    Objects.requireNonNull(slotWait, "slotWait");
    Objects.requireNonNull(quotaWait, "quotaWait");
  }

  /** Use by a component that started with the full parallelism. */
  public ResourceUse(
      @Nullable Duration cpu,
      long allocatedBytes,
      long heapUsedAfter,
      Duration slotWait,
      Duration quotaWait) {
    this(cpu, allocatedBytes, heapUsedAfter, slotWait, quotaWait, null);
  }

  /**
   * One line, e.g. {@code cpu 12.3ms, allocated 4.5 MiB, heap 120.0 MiB after, waited 1.20s for a
   * slot, waited 7µs for quota}: CPU and waits as measured times are written in reports (µs below a
   * millisecond); waits of zero are left out.
   */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    if (cpu != null) {
      parts.add("cpu " + Durations.formatElapsed(cpu));
    }
    if (allocatedBytes >= 0) {
      parts.add("allocated " + ByteSizes.format(allocatedBytes));
    }
    if (heapUsedAfter >= 0) {
      parts.add("heap " + ByteSizes.format(heapUsedAfter) + " after");
    }
    if (!slotWait.isZero()) {
      parts.add("waited " + Durations.formatElapsed(slotWait) + " for a slot");
    }
    if (!quotaWait.isZero()) {
      parts.add("waited " + Durations.formatElapsed(quotaWait) + " for quota");
    }
    if (loadLimit != null) {
      parts.add("started with " + loadLimit);
    }
    return String.join(", ", parts);
  }
}

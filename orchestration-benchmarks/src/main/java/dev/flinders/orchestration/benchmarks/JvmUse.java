package dev.flinders.orchestration.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * What this JVM used, as the harnesses report it: CPU time of the whole process, the heap's peak,
 * and the most heap in use right after a collection (an upper bound of what a run keeps alive: a
 * young collection leaves the old generation's garbage).
 */
final class JvmUse {
  private static final AtomicLong LIVE_AFTER_COLLECTION = new AtomicLong();
  private static boolean watching;

  private JvmUse() {}

  /** The CPU time of the whole process: every thread, native ones (DuckDB's) included. */
  static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Starts the heap figures anew: peaks from now on, and the live heap after collections. */
  static synchronized void reset() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    LIVE_AFTER_COLLECTION.set(0);
    if (!watching) {
      watchCollections();
      watching = true;
    }
  }

  /** The sum of the heap pools' peak use since {@link #reset()}. */
  static long heapPeak() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  /** The most heap in use right after any collection since {@link #reset()}. */
  static long liveAfterCollection() {
    return LIVE_AFTER_COLLECTION.get();
  }

  private static void watchCollections() {
    Set<String> heapPools = new HashSet<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector)
          .addNotificationListener(
              (notification, handback) -> {
                if (!notification
                    .getType()
                    .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                  return;
                }
                long used = 0;
                for (Map.Entry<String, MemoryUsage> pool :
                    GarbageCollectionNotificationInfo.from(
                            (CompositeData) notification.getUserData())
                        .getGcInfo()
                        .getMemoryUsageAfterGc()
                        .entrySet()) {
                  if (heapPools.contains(pool.getKey())) {
                    used += pool.getValue().getUsed();
                  }
                }
                LIVE_AFTER_COLLECTION.accumulateAndGet(used, Math::max);
              },
              null,
              null);
    }
  }
}

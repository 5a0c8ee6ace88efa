package dev.flinders.orchestration.core.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Readings of the current thread's CPU time and allocated bytes, where the JVM offers them ({@code
 * ThreadMXBean}; allocation is HotSpot's {@code com.sun.management} extension), and of the heap in
 * use. Each reading is a system call or a counter read, well under a microsecond.
 */
final class ThreadMeter {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU = cpuSupported();
  private static final com.sun.management.ThreadMXBean ALLOCATION = allocationSupported();

  private ThreadMeter() {}

  /** The current thread's CPU time in nanoseconds, or -1 where it cannot be read. */
  static long cpuNanos() {
    return CPU ? THREADS.getCurrentThreadCpuTime() : -1;
  }

  /** The bytes the current thread has allocated, or -1 where it cannot be read. */
  static long allocatedBytes() {
    return ALLOCATION != null ? ALLOCATION.getCurrentThreadAllocatedBytes() : -1;
  }

  /** Bytes of heap in use, garbage not yet collected included. */
  static long heapUsed() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static boolean cpuSupported() {
    try {
      return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  private static com.sun.management.@org.jspecify.annotations.Nullable ThreadMXBean
      allocationSupported() {
    try {
      if (THREADS instanceof com.sun.management.ThreadMXBean hotSpot
          && hotSpot.isThreadAllocatedMemorySupported()
          && hotSpot.isThreadAllocatedMemoryEnabled()) {
        return hotSpot;
      }
    } catch (UnsupportedOperationException | LinkageError e) {
      // another JVM: allocation is not measured
    }
    return null;
  }
}

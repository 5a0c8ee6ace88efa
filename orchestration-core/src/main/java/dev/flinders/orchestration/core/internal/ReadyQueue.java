package dev.flinders.orchestration.core.internal;

import java.util.Arrays;

/**
 * The components ready to start, as a binary heap of positions on primitive arrays: higher priority
 * first, then lower position (execution order). Not thread-safe: guarded by the run lock.
 */
final class ReadyQueue {
  private final int[] priorities;

  /** Whether every component has the same priority, so that position alone orders them. */
  private final boolean samePriority;

  private int[] heap = new int[16];
  private int size;

  ReadyQueue(DagIndex dag) {
    this.priorities = dag.priorities();
    this.samePriority = dag.samePriority();
  }

  boolean isEmpty() {
    return size == 0;
  }

  void add(int position) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    int index = size++;
    while (index > 0) {
      int parent = (index - 1) >>> 1;
      if (!before(position, heap[parent])) {
        break;
      }
      heap[index] = heap[parent];
      index = parent;
    }
    heap[index] = position;
  }

  int poll() {
    int first = heap[0];
    int last = heap[--size];
    int index = 0;
    while (true) {
      int child = 2 * index + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && before(heap[child + 1], heap[child])) {
        child++;
      }
      if (!before(heap[child], last)) {
        break;
      }
      heap[index] = heap[child];
      index = child;
    }
    heap[index] = last;
    return first;
  }

  void clear() {
    size = 0;
  }

  private boolean before(int a, int b) {
    if (samePriority) {
      return a < b; // the usual case, and the run lock is held: no need to read priorities
    }
    int byPriority = Integer.compare(priorities[b], priorities[a]);
    return byPriority != 0 ? byPriority < 0 : a < b;
  }
}

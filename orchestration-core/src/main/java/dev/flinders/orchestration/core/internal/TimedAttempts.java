package dev.flinders.orchestration.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The running attempts that have a deadline of their own, for the run's one timeout timer. There
 * are never more of them than worker slots, so they sit in an unordered array: adding and removing
 * compare references only, and no other attempt's deadline is read under the run lock (an attempt
 * made by another worker's core costs a cache miss to read); deadlines are compared only when the
 * timer fires. Not thread-safe: guarded by the run lock.
 */
final class TimedAttempts {
  /** Earliest deadline first, then execution order, as timeouts are reported. */
  private static final Comparator<Attempt> BY_DEADLINE =
      (a, b) ->
          a.deadlineNanos != b.deadlineNanos
              ? Long.signum(a.deadlineNanos - b.deadlineNanos)
              : Integer.compare(a.position, b.position);

  private Attempt[] attempts = new Attempt[4];
  private int size;

  void add(Attempt attempt) {
    if (size == attempts.length) {
      attempts = Arrays.copyOf(attempts, size * 2);
    }
    attempts[size++] = attempt;
  }

  /** Forgets {@code attempt} if it is here. */
  void remove(Attempt attempt) {
    for (int i = 0; i < size; i++) {
      if (attempts[i] == attempt) {
        attempts[i] = attempts[--size];
        attempts[size] = null;
        return;
      }
    }
  }

  boolean isEmpty() {
    return size == 0;
  }

  /**
   * Removes the attempts whose deadline is at or before {@code now} (monotonic readings) and
   * returns them, earliest deadline first, then in execution order.
   */
  List<Attempt> removeDue(long now) {
    List<Attempt> due = new ArrayList<>();
    for (int i = 0; i < size; ) {
      if (attempts[i].deadlineNanos - now <= 0) {
        due.add(attempts[i]);
        attempts[i] = attempts[--size];
        attempts[size] = null;
      } else {
        i++;
      }
    }
    due.sort(BY_DEADLINE);
    return due;
  }

  /** The earliest deadline; only when not empty. */
  long earliestDeadline() {
    long earliest = attempts[0].deadlineNanos;
    for (int i = 1; i < size; i++) {
      if (attempts[i].deadlineNanos - earliest < 0) {
        earliest = attempts[i].deadlineNanos;
      }
    }
    return earliest;
  }
}

package dev.flinders.orchestration.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The running attempts with deadlines hand back the due ones in deadline, then position, order. */
class TimedAttemptsTest {
  @Test
  void dueAttempts_comeOutEarliestFirst_thenByPosition_andLeaveTheRest() {
    TimedAttempts timed = new TimedAttempts();
    Attempt late = attempt(0, 500);
    Attempt tiedB = attempt(7, 100);
    Attempt early = attempt(3, 50);
    Attempt tiedA = attempt(2, 100);
    Attempt notYet = attempt(1, 101);
    for (Attempt attempt : List.of(late, tiedB, early, tiedA, notYet)) {
      timed.add(attempt);
    }
    assertThat(timed.earliestDeadline()).isEqualTo(50);

    assertThat(timed.removeDue(100)).containsExactly(early, tiedA, tiedB);
    assertThat(timed.earliestDeadline()).isEqualTo(101);
    assertThat(timed.removeDue(100)).isEmpty();
    assertThat(timed.removeDue(1_000)).containsExactly(notYet, late);
    assertThat(timed.isEmpty()).isTrue();
  }

  @Test
  void removedAttempts_areNeverDue_andOthersKeepTheirPlace() {
    TimedAttempts timed = new TimedAttempts();
    List<Attempt> kept = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(5);
    for (int position = 0; position < 40; position++) { // past the first capacity of 4
      Attempt attempt = attempt(position, random.nextLong(1_000));
      timed.add(attempt);
      if (position % 3 == 0) {
        timed.remove(attempt);
      } else {
        kept.add(attempt);
      }
    }
    timed.remove(attempt(99, 0)); // not there: nothing happens
    kept.sort(
        (a, b) ->
            a.deadlineNanos != b.deadlineNanos
                ? Long.compare(a.deadlineNanos, b.deadlineNanos)
                : Integer.compare(a.position, b.position));
    assertThat(timed.earliestDeadline()).isEqualTo(kept.get(0).deadlineNanos);
    assertThat(timed.removeDue(1_000)).containsExactlyElementsOf(kept);
  }

  @Test
  void deadlinesCompareAcrossTheWrapOfTheMonotonicClock() {
    TimedAttempts timed = new TimedAttempts();
    Attempt beforeWrap = attempt(1, Long.MAX_VALUE - 10);
    Attempt afterWrap = attempt(0, Long.MIN_VALUE + 10); // 21 ns later
    timed.add(afterWrap);
    timed.add(beforeWrap);
    assertThat(timed.earliestDeadline()).isEqualTo(Long.MAX_VALUE - 10);
    assertThat(timed.removeDue(Long.MAX_VALUE)).containsExactly(beforeWrap);
    assertThat(timed.removeDue(Long.MIN_VALUE + 10)).containsExactly(afterWrap);
  }

  private static Attempt attempt(int position, long deadlineNanos) {
    return new Attempt(null, position, 1, deadlineNanos); // the queue reads nothing else
  }
}

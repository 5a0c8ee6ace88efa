package dev.flinders.orchestration.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunIdsTest {
  private static final Instant AT = Instant.parse("2026-11-24T19:00:00Z");

  @Test
  void idsStayUniqueAndOrdered_pastTheThousandthRunInOneMillisecond() {
    Set<String> seen = new HashSet<>();
    String previous = null;
    for (int run = 0; run < 2_500; run++) {
      String id = RunIds.next(AT, previous);
      assertThat(seen.add(id)).as("run %d: %s is new", run, id).isTrue();
      if (previous != null) {
        assertThat(id).as("run %d", run).isGreaterThan(previous);
      }
      previous = id;
    }
    assertThat(RunIds.next(AT, "20261124T190000.000Z-998")).isEqualTo("20261124T190000.000Z-999");
    assertThat(RunIds.next(AT, "20261124T190000.000Z-999")).isEqualTo("20261124T190000.001Z-001");
  }

  @Test
  void aLaterClockStartsANewSequence_andAClockThatWentBackStaysAboveThePreviousId() {
    assertThat(RunIds.next(AT.plusSeconds(1), "20261124T190000.000Z-007"))
        .isEqualTo("20261124T190001.000Z-001");
    assertThat(RunIds.next(AT.minusSeconds(60), "20261124T190000.000Z-007"))
        .isEqualTo("20261124T190000.000Z-008");
  }
}

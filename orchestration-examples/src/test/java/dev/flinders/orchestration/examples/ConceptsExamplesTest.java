package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.CalendarSchedule;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.RunPlan;
import dev.flinders.orchestration.core.RunRequest;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.MonthDay;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The code shown in docs/concepts.md, compiled and checked so the page cannot rot. */
class ConceptsExamplesTest {
  private final Task gtfs = context -> Outcome.records(1);
  private final Task patronage = context -> Outcome.records(2);

  @Test
  void thePipelineExample_buildsAndPlansInDependencyOrder() {
    // --- as in docs/concepts.md, "Pipeline and components" ---
    Pipeline pipeline =
        Pipeline.builder("victorian-transport")
            .component(
                Component.builder("gtfs-schedule")
                    .task(gtfs)
                    .schedule(
                        Schedule.weekly()
                            .on(DayOfWeek.MONDAY)
                            .at(5, 0)
                            .in(ZoneId.of("Australia/Melbourne")))
                    .timeout(Duration.ofMinutes(30))
                    .retry(RetryPolicy.exponential(3, Duration.ofSeconds(2)))
                    .build())
            .component(
                Component.builder("patronage-monthly")
                    .task(patronage)
                    .dependsOn("gtfs-schedule")
                    .schedule(Schedule.monthly().in(ZoneId.of("Australia/Melbourne")))
                    .build())
            .build();
    // --- end of the example ---

    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline).stateStore(new InMemoryStateStore()).build()) {
      RunPlan plan =
          orchestrator.plan(
              RunRequest.builder().select("patronage-monthly").withUpstreams().build());
      assertThat(plan.toRun()).containsExactly("gtfs-schedule", "patronage-monthly");
    }
  }

  @Test
  void theScheduleTable_andTheRetryPolicy_build() {
    ZoneId zone = ZoneId.of("Australia/Melbourne");
    // --- as in docs/concepts.md, "Schedules and time zones" ---
    Schedule[] schedules = {
      Schedule.everyRun(),
      Schedule.every(Duration.ofMinutes(15)),
      Schedule.hourly().atMinute(5),
      Schedule.daily().at(6, 0),
      Schedule.weekly().on(DayOfWeek.SUNDAY).at(3, 30),
      Schedule.monthly().onDay(31),
      Schedule.annually().on(MonthDay.of(7, 1)),
      Schedule.cron("0 6 * * 1-5", zone),
      Schedule.manual(),
    };
    // --- "Retries" ---
    RetryPolicy retry =
        RetryPolicy.builder()
            .maxAttempts(4)
            .initialDelay(Duration.ofSeconds(2))
            .maxDelay(Duration.ofMinutes(1))
            .retryOn(IOException.class)
            .abortOn(java.io.FileNotFoundException.class)
            .build();
    // --- end of the examples ---

    assertThat(schedules).extracting(Schedule::description).doesNotContainNull();
    assertThat(((CalendarSchedule) schedules[3]).in(zone).description())
        .isEqualTo("daily at 06:00 Australia/Melbourne");
    assertThat(retry.shouldRetry(1, new IOException("reset"))).isTrue();
    assertThat(retry.shouldRetry(1, new java.io.FileNotFoundException("gone"))).isFalse();
  }
}

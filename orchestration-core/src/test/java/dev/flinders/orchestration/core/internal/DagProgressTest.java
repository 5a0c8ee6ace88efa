package dev.flinders.orchestration.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.Reason;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.TriggerRule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trigger rules and skipping downstream, as a table: a pipeline written as {@code "a; b<a; c<a,b
 * ANY_CHANGED"} (name, a priority after {@code !}, upstreams after {@code <}, a trigger rule after
 * a space), a plan ({@code "b=skip"}, {@code "c=forced"}), the components that end in turn with a
 * status ({@code "a=FAILED"}), and every component's state after them. No threads, no clock, no
 * store.
 */
class DagProgressTest {
  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(
            "a failed upstream skips its downstream",
            "a; b<a",
            "",
            "a=FAILED",
            "a FAILED | b SKIPPED UPSTREAM_FAILED upstream \"a\" FAILED"),
        Arguments.of(
            "the skip goes down the chain, naming the root failure",
            "a; b<a; c<b",
            "",
            "a=TIMED_OUT",
            "a TIMED_OUT | b SKIPPED UPSTREAM_FAILED upstream \"a\" TIMED_OUT"
                + " | c SKIPPED UPSTREAM_FAILED upstream \"b\" was skipped because \"a\" TIMED_OUT"),
        Arguments.of(
            "ALWAYS runs after a failed upstream",
            "a; b<a ALWAYS",
            "",
            "a=FAILED",
            "a FAILED | b READY"),
        Arguments.of(
            "default trigger: an unchanged upstream does not stop it",
            "a; b<a",
            "",
            "a=UNCHANGED",
            "a UNCHANGED | b READY"),
        Arguments.of(
            "ANY_CHANGED: no upstream brought new data",
            "a; b; c<a,b ANY_CHANGED",
            "",
            "a=UNCHANGED b=UNCHANGED",
            "a UNCHANGED | b UNCHANGED | c SKIPPED NO_UPSTREAM_CHANGED no upstream brought new"
                + " data: a UNCHANGED, b UNCHANGED"),
        Arguments.of(
            "ANY_CHANGED: one upstream brought new data",
            "a; b; c<a,b ANY_CHANGED",
            "",
            "a=UNCHANGED b=SUCCEEDED",
            "a UNCHANGED | b SUCCEEDED | c READY"),
        Arguments.of(
            "ANY_CHANGED, forced: runs although nothing changed",
            "a; b<a ANY_CHANGED",
            "b=forced",
            "a=UNCHANGED",
            "a UNCHANGED | b READY"),
        Arguments.of(
            "ANY_CHANGED: a failure still blocks it",
            "a; b; c<a,b ANY_CHANGED",
            "",
            "a=SUCCEEDED b=FAILED",
            "a SUCCEEDED | b FAILED | c SKIPPED UPSTREAM_FAILED upstream \"b\" FAILED"),
        Arguments.of(
            "an upstream the plan skips does not block, and is finished at once",
            "a; b<a",
            "a=skip",
            "",
            "a SKIPPED NOT_DUE not due | b READY"),
        Arguments.of(
            "a downstream the plan skips is not made ready by its upstream",
            "a; b<a; c<b",
            "b=skip",
            "a=SUCCEEDED",
            "a SUCCEEDED | b SKIPPED NOT_DUE not due | c READY"),
        Arguments.of(
            "only checked upstreams' news lets it run",
            "a; b<a",
            "b=only-if-changed",
            "a=UNCHANGED",
            "a UNCHANGED | b SKIPPED NO_UPSTREAM_CHANGED no upstream brought new data: a"
                + " UNCHANGED"),
        Arguments.of(
            "a diamond waits for both sides",
            "a; b<a; c<a; d<b,c",
            "",
            "a=SUCCEEDED b=SUCCEEDED",
            "a SUCCEEDED | b SUCCEEDED | c READY | d WAITING"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void afterTheseEnds(String situation, String dag, String plan, String ends, String expected) {
    Run run = new Run(dag, plan);
    run.progress.begin();
    for (String end : ends.isBlank() ? new String[0] : ends.split(" ")) {
      String[] parts = end.split("=");
      run.end(parts[0], Status.valueOf(parts[1]));
    }
    assertThat(run.describe()).as(situation).isEqualTo(expected);
  }

  @Test
  void readyComponents_startByPriority_thenExecutionOrder() {
    Run run = new Run("a; b; c!5; d", "");
    run.progress.begin();
    List<String> order = new ArrayList<>();
    while (run.progress.hasReady()) {
      order.add(run.dag.name(run.progress.nextReady()));
    }
    assertThat(order).containsExactly("c", "a", "b", "d");
  }

  @Test
  void finishedComponents_areToldInOrder_beforeTheirDownstreamsAreLookedAt() {
    Run run = new Run("a; b<a; c<b", "");
    run.progress.begin();
    run.end("a", Status.FAILED);
    assertThat(run.told).containsExactly("a FAILED", "b SKIPPED", "c SKIPPED");
    assertThat(run.progress.allDone()).isTrue();
    assertThat(run.progress.failures()).isEqualTo(1);
  }

  @Test
  void afterStop_nothingBecomesReady_andARetryIsNotMadeReady() {
    Run run = new Run("a; b<a; r", "");
    run.progress.begin();
    int a = run.take("a");
    int r = run.take("r");
    run.progress.waitingForRetry(r);
    run.progress.stop();
    run.progress.finish(a, result("a", Status.SUCCEEDED));
    assertThat(run.progress.retryDue(r)).isFalse();
    assertThat(run.progress.hasReady()).isFalse();
    assertThat(run.progress.phase(run.dag.position("b"))).isEqualTo(DagProgress.WAITING);
  }

  @Test
  void aRetryIsReadyAgainOnlyWhileItWaitsForIt() {
    Run run = new Run("r", "");
    run.progress.begin();
    int r = run.take("r");
    assertThat(run.progress.retryDue(r)).as("running, not waiting").isFalse();
    run.progress.waitingForRetry(r);
    assertThat(run.progress.retryDue(r)).isTrue();
    assertThat(run.progress.nextReady()).isEqualTo(r);
  }

  /** A pipeline and its progress, built from the table's notation. */
  private static final class Run {
    final DagIndex dag;
    final DagProgress progress;
    final List<String> told = new ArrayList<>();
    private final Planner.Decision[] decisions;
    private final ComponentResult[] results;

    Run(String dagText, String planText) {
      Pipeline.Builder pipeline = Pipeline.builder("p");
      List<String[]> specs = new ArrayList<>();
      for (String spec : dagText.split(";")) {
        specs.add(spec.trim().split(" "));
      }
      for (String[] spec : specs) {
        String[] nameAndUps = spec[0].split("<");
        String[] nameAndPriority = nameAndUps[0].split("!");
        Component.Builder component =
            Component.builder(nameAndPriority[0]).task(context -> Outcome.success());
        if (nameAndPriority.length > 1) {
          component.priority(Integer.parseInt(nameAndPriority[1]));
        }
        if (nameAndUps.length > 1) {
          component.dependsOn(nameAndUps[1].split(","));
        }
        if (spec.length > 1) {
          component.trigger(TriggerRule.valueOf(spec[1]));
        }
        pipeline.component(component.build());
      }
      this.dag = new DagIndex(pipeline.build());
      this.decisions = new Planner.Decision[dag.size()];
      for (int p = 0; p < dag.size(); p++) {
        decisions[p] = new Planner.Decision(true, false, new Reason(ReasonCode.DUE, "due"));
      }
      for (String entry : planText.isBlank() ? new String[0] : planText.split(" ")) {
        String[] parts = entry.split("=");
        int p = dag.position(parts[0]);
        decisions[p] =
            switch (parts[1]) {
              case "skip" ->
                  new Planner.Decision(false, false, new Reason(ReasonCode.NOT_DUE, "not due"));
              case "forced" ->
                  new Planner.Decision(true, true, new Reason(ReasonCode.FORCED, "forced"));
              case "only-if-changed" ->
                  new Planner.Decision(
                      true, false, true, new Reason(ReasonCode.CHECKED, "downstream of checked"));
              default -> throw new IllegalArgumentException(entry);
            };
      }
      this.results = new ComponentResult[dag.size()];
      this.progress =
          new DagProgress(
              dag,
              decisions,
              results,
              (position, result) -> told.add(result.component() + " " + result.status()),
              null);
    }

    /** Takes {@code name} from the ready queue (it must be there) and marks it running. */
    int take(String name) {
      List<Integer> others = new ArrayList<>();
      int found = -1;
      while (progress.hasReady()) {
        int p = progress.nextReady();
        if (dag.name(p).equals(name)) {
          found = p;
          break;
        }
        others.add(p);
      }
      assertThat(found).as(name + " is ready").isNotNegative();
      progress.running(found);
      for (int other : others) { // back to the queue, as they were
        progress.waitingForRetry(other);
        progress.retryDue(other);
      }
      return found;
    }

    void end(String name, Status status) {
      int p = take(name);
      progress.finish(p, result(name, status));
    }

    String describe() {
      List<String> parts = new ArrayList<>();
      for (int p = 0; p < dag.size(); p++) {
        byte phase = progress.phase(p);
        String state =
            switch (phase) {
              case DagProgress.WAITING -> "WAITING";
              case DagProgress.READY -> "READY";
              case DagProgress.RUNNING -> "RUNNING";
              case DagProgress.RETRY_WAIT -> "RETRY_WAIT";
              default -> {
                ComponentResult result = results[p];
                yield result.status() == Status.SKIPPED
                    ? "SKIPPED " + result.reason().code() + " " + result.reason().message()
                    : result.status().toString();
              }
            };
        parts.add(dag.name(p) + " " + state);
      }
      return String.join(" | ", parts);
    }
  }

  private static ComponentResult result(String name, Status status) {
    return ComponentResult.builder(name, status, new Reason(ReasonCode.DUE, "ran")).build();
  }
}

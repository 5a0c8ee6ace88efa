package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.TriggerRule;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.spi.ComponentRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What ran equals what the report and the records say, over seeded random pipelines: random DAGs,
 * schedules, enabled flags, trigger rules, priorities, retries with delays, timeouts, tasks that
 * succeed, fail, hang until stopped or ignore interruption, several runs over one history, the
 * clock moved by hand while a run is in progress, and {@code close()} or the run's deadline landing
 * at random moments. The seed of a failing case is in the assertion's description.
 *
 * <p>The clock is only moved when every dispatched task is blocked in a hang (or none runs): a task
 * that returns at once is never overtaken by a deadline, so how each attempt ended follows from
 * what its task did, and the checks can be exact.
 */
class RunPropertiesTest {
  private static final int SEEDS = 150;
  private static final Duration[] STEPS = {
    Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(20)
  };

  private enum Behaviour {
    SUCCEED,
    UNCHANGED,
    FAIL,
    HANG,
    IGNORE_INTERRUPTION
  }

  @Test
  void whatRanEqualsWhatTheReportAndTheRecordsSay() {
    long base = Long.getLong("flinders.seed", 20261201L);
    for (int i = 0; i < Integer.getInteger("flinders.seeds", SEEDS); i++) {
      new Trial(base + i).run();
    }
  }

  /** One seed: a pipeline shape, then a few runs over the same history. */
  private static final class Trial {
    private final long seed;
    private final Random random;
    private final ManualClock clock = Fixtures.clock();
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final int size;
    private final List<List<Integer>> upstreams = new ArrayList<>();
    private final boolean stubbornAllowed;

    /** Invocations per run id and component. */
    private final Map<String, Map<String, AtomicInteger>> invoked = new ConcurrentHashMap<>();

    /** What the last invocation of each component did, per run id. */
    private final Map<String, Map<String, Behaviour>> lastBehaviour = new ConcurrentHashMap<>();

    /**
     * Tasks blocked in a hang that the engine has not stopped: once it has (cancelled, then
     * interrupted), the task is about to return and must not count as quiet.
     */
    private final java.util.Set<dev.flinders.orchestration.ComponentContext> hanging =
        ConcurrentHashMap.newKeySet();

    /** Tasks that ignore interruption: blocked until the test lets them go, stopped or not. */
    private final AtomicInteger stubborn = new AtomicInteger();

    /** Attempts the engine started, and tasks invoked: equal once every start is dispatched. */
    private final AtomicInteger startedAttempts = new AtomicInteger();

    private final AtomicInteger invokedTasks = new AtomicInteger();

    private ExecutorWatch workers;
    private CountDownLatch release = new CountDownLatch(1);

    Trial(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
      this.size = 1 + random.nextInt(10);
      this.stubbornAllowed = random.nextInt(25) == 0;
      for (int i = 0; i < size; i++) {
        List<Integer> ups = new ArrayList<>();
        for (int j = 0; j < i; j++) {
          if (random.nextDouble() < 0.25) {
            ups.add(j);
          }
        }
        upstreams.add(ups);
      }
    }

    void run() {
      workers = new ExecutorWatch(12);
      try {
        int runs = 1 + random.nextInt(3);
        for (int r = 0; r < runs; r++) {
          oneRun(r);
          clock.advance(STEPS[random.nextInt(STEPS.length)].multipliedBy(1 + random.nextInt(6)));
        }
      } finally {
        release.countDown();
        workers.shutdownNow();
      }
    }

    private void oneRun(int r) {
      String at = "seed " + seed + ", run " + r;
      Pipeline pipeline = pipeline();
      Duration runTimeout = Duration.ofMinutes(10 + random.nextInt(120));
      int parallelism = 1 + random.nextInt(3);
      boolean closeDuringRun = random.nextInt(6) == 0;
      Map<String, ComponentRecord> before = new java.util.HashMap<>();
      for (Component c : pipeline.components()) {
        store.component("p", c.name()).ifPresent(record -> before.put(c.name(), record));
      }
      release = new CountDownLatch(1);
      startedAttempts.set(0); // the previous run is over: every task of it has returned
      invokedTasks.set(0);
      CountDownLatch started = new CountDownLatch(1);
      Orchestrator orchestrator =
          Orchestrator.builder(pipeline)
              .timeSource(clock)
              .stateStore(store)
              .executor(workers)
              .parallelism(parallelism)
              .runTimeout(runTimeout)
              .random(new java.util.SplittableRandom(seed))
              .listener(
                  new dev.flinders.orchestration.RunListener() {
                    @Override
                    public void runStarted(RunReport run) {
                      started.countDown();
                    }

                    @Override
                    public void componentStarted(String runId, String component, int attempt) {
                      startedAttempts.incrementAndGet();
                    }
                  })
              .build();
      RunPlan plan = orchestrator.plan();
      Instant startedAt = clock.instant();
      CompletableFuture<RunReport> run = Fixtures.inBackground(orchestrator::runOnce);
      run.whenComplete((report, error) -> workers.changed());
      Fixtures.await(started, at + ": the run to start"); // planned at the plan's time
      // the set-up starts at least one attempt, unless it finishes the run: wait for it to end
      workers.awaitQuiet(unfinished -> startedAttempts.get() > 0, run::isDone);
      Thread closer = null;
      int steps = 0;
      while (!run.isDone()) {
        // quiet: every started attempt's task is running, and every running task is blocked
        workers.awaitQuiet(
            unfinished -> startedAttempts.get() == invokedTasks.get() && unfinished <= blocked(),
            run::isDone);
        if (run.isDone()) {
          break;
        }
        if (closeDuringRun && random.nextInt(4) == 0) {
          closer = new Thread(orchestrator::close, "test-close");
          closer.start();
          break;
        }
        assertThat(++steps)
            .as(at + ": the run ends within 2000 steps of the clock")
            .isLessThan(2000);
        Duration step = STEPS[random.nextInt(STEPS.length)];
        // one timer at a time, each followed by a quiet engine, as if every task were instant
        Instant target = clock.instant().plus(step);
        java.util.Optional<Instant> next = clock.nextTimer();
        if (next.isEmpty()) {
          break; // nothing waits for time: the run ends by itself (e.g. a grace for a stuck task)
        }
        clock.setTo(next.get().isBefore(target) ? next.get() : target);
      }
      RunReport report = Fixtures.await(run);
      Instant returnedAt = clock.instant();
      Map<String, Integer> invokedAtReturn = counts(report.runId());
      release.countDown();
      if (closer != null) {
        join(closer);
      } else {
        orchestrator.close();
      }
      workers.awaitIdle();

      String runId = report.runId();
      at = at + " (" + runId + ", " + report.status() + ")";
      assertThat(counts(runId))
          .as(at + ": nothing ran after runOnce() returned")
          .isEqualTo(invokedAtReturn);
      assertThat(report.results())
          .extracting(ComponentResult::component)
          .as(at + ": every component once, in order")
          .containsExactlyElementsOf(
              pipeline.executionOrder().stream().map(Component::name).toList());
      boolean anyFailure = false;
      for (ComponentResult result : report.results()) {
        String name = result.component();
        String c = at + ": " + result;
        int invocations = invokedAtReturn.getOrDefault(name, 0);
        assertThat(result.attempts()).as(c + ": attempts = invocations").isEqualTo(invocations);
        assertThat(result.status() == Status.SKIPPED)
            .as(c + ": skipped = not started")
            .isEqualTo(invocations == 0);
        RunPlan.Step step = plan.step(name).orElseThrow();
        if (step.action() == RunPlan.Action.SKIP) {
          assertThat(result.reason()).as(c + ": as planned").isEqualTo(step.reason());
        }
        if (invocations > 0) {
          Behaviour last = lastBehaviour.get(runId).get(name);
          assertThat(result.status())
              .as(c + ": after " + last)
              .isIn(expected(last, closer != null));
          ComponentRecord record = store.component("p", name).orElseThrow();
          assertThat(record.lastRunId()).as(c + ": recorded").isEqualTo(runId);
          assertThat(record.lastResult().status()).as(c + ": recorded").isEqualTo(result.status());
          assertThat(record.lastResult().attempts()).as(c + ": recorded").isEqualTo(invocations);
        } else {
          assertThat(store.component("p", name).orElse(null))
              .as(c + ": record untouched")
              .isEqualTo(before.get(name));
        }
        anyFailure |= result.status().isFailure();
      }
      RunStatus status = report.status();
      if (status == RunStatus.CANCELLED) {
        assertThat(closer).as(at + ": cancelled only by close()").isNotNull();
      } else if (status == RunStatus.TIMED_OUT) {
        assertThat(returnedAt)
            .as(at + ": timed out only past the run's deadline")
            .isAfterOrEqualTo(startedAt.plus(runTimeout));
      } else {
        assertThat(status).as(at).isEqualTo(anyFailure ? RunStatus.FAILED : RunStatus.SUCCEEDED);
      }
    }

    private static List<Status> expected(Behaviour last, boolean closed) {
      return switch (last) {
        case SUCCEED -> List.of(Status.SUCCEEDED);
        case UNCHANGED -> List.of(Status.UNCHANGED);
        case FAIL -> List.of(Status.FAILED);
        case HANG, IGNORE_INTERRUPTION ->
            closed ? List.of(Status.TIMED_OUT, Status.CANCELLED) : List.of(Status.TIMED_OUT);
      };
    }

    private Map<String, Integer> counts(String runId) {
      Map<String, Integer> counts = new java.util.TreeMap<>();
      invoked.getOrDefault(runId, Map.of()).forEach((name, count) -> counts.put(name, count.get()));
      return counts;
    }

    private Pipeline pipeline() {
      Pipeline.Builder builder = Pipeline.builder("p");
      for (int i = 0; i < size; i++) {
        String name = "c" + i;
        List<Behaviour> attempts = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
          attempts.add(behaviour());
        }
        Component.Builder component =
            Component.builder(name)
                .task(task(name, attempts))
                .schedule(schedule())
                .enabled(random.nextInt(10) != 0)
                .trigger(trigger(!upstreams.get(i).isEmpty()))
                .priority(random.nextInt(3))
                .timeout(Duration.ofMinutes(1 + random.nextInt(45)))
                .retry(retry());
        upstreams.get(i).forEach(up -> component.dependsOn("c" + up));
        builder.component(component.build());
      }
      return builder.parallelism(3).build();
    }

    private TriggerRule trigger(boolean hasUpstreams) {
      TriggerRule rule = TriggerRule.values()[random.nextInt(TriggerRule.values().length)];
      return rule == TriggerRule.ANY_CHANGED && !hasUpstreams ? TriggerRule.ALL_SUCCEEDED : rule;
    }

    private Behaviour behaviour() {
      int roll = random.nextInt(100);
      if (roll < 45) {
        return Behaviour.SUCCEED;
      } else if (roll < 55) {
        return Behaviour.UNCHANGED;
      } else if (roll < 80) {
        return Behaviour.FAIL;
      } else if (roll < 98 || !stubbornAllowed) {
        return Behaviour.HANG;
      }
      return Behaviour.IGNORE_INTERRUPTION;
    }

    private Schedule schedule() {
      return switch (random.nextInt(5)) {
        case 0 -> Schedule.every(Duration.ofHours(1));
        case 1 -> Schedule.every(Duration.ofMinutes(10));
        case 2 -> Schedule.manual();
        default -> Schedule.everyRun();
      };
    }

    private RetryPolicy retry() {
      if (random.nextBoolean()) {
        return RetryPolicy.none();
      }
      Duration delay = STEPS[random.nextInt(STEPS.length)].multipliedBy(random.nextInt(2));
      return RetryPolicy.builder()
          .maxAttempts(2 + random.nextInt(2))
          .initialDelay(delay)
          .maxDelay(delay.multipliedBy(4))
          .jitter(0)
          .build();
    }

    private dev.flinders.orchestration.Task task(String name, List<Behaviour> attempts) {
      return context -> {
        invoked
            .computeIfAbsent(context.runId(), key -> new ConcurrentHashMap<>())
            .computeIfAbsent(name, key -> new AtomicInteger())
            .incrementAndGet();
        invokedTasks.incrementAndGet();
        workers.changed();
        Behaviour behaviour = attempts.get(Math.min(context.attempt(), attempts.size()) - 1);
        lastBehaviour
            .computeIfAbsent(context.runId(), key -> new ConcurrentHashMap<>())
            .put(name, behaviour);
        switch (behaviour) {
          case SUCCEED:
            return Outcome.success();
          case UNCHANGED:
            return Outcome.unchanged();
          case FAIL:
            throw new IllegalStateException("planned failure of " + name);
          case HANG:
            hanging.add(context);
            blockedUntil(() -> new CountDownLatch(1).await(), () -> hanging.remove(context));
            throw new AssertionError("unreachable");
          default:
            CountDownLatch released = release;
            stubborn.incrementAndGet();
            blockedUntil(
                () -> {
                  while (true) {
                    try {
                      released.await();
                      return;
                    } catch (InterruptedException ignored) {
                      // ignores interruption on purpose, until the test lets it go
                    }
                  }
                },
                stubborn::decrementAndGet);
            return Outcome.success();
        }
      };
    }

    private interface Blocking {
      void run() throws InterruptedException;
    }

    private void blockedUntil(Blocking wait, Runnable unblocked) throws InterruptedException {
      workers.changed();
      try {
        wait.run();
      } finally {
        unblocked.run();
        workers.changed();
      }
    }

    private int blocked() {
      int count = stubborn.get();
      for (dev.flinders.orchestration.ComponentContext context : hanging) {
        if (!context.isCancelled()) {
          count++;
        }
      }
      return count;
    }

    private static void join(Thread thread) {
      try {
        thread.join(Fixtures.PATIENCE.toMillis());
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      assertThat(thread.isAlive()).as("close() returned").isFalse();
    }
  }
}

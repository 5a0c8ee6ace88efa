package dev.flinders.orchestration.core;

import static dev.flinders.orchestration.core.Fixtures.await;
import static dev.flinders.orchestration.core.Fixtures.awaitTimer;
import static dev.flinders.orchestration.core.Fixtures.clock;
import static dev.flinders.orchestration.core.Fixtures.component;
import static dev.flinders.orchestration.core.Fixtures.inBackground;
import static dev.flinders.orchestration.core.Fixtures.orchestrator;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.testing.ManualClock;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timeouts really stop work, and are reported on time even when the work does not stop. */
class TimeoutTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final ManualClock clock = clock();
  private final InMemoryStateStore store = new InMemoryStateStore();
  private ServerSocket silentServer;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startASilentServer() throws Exception {
    // accepts connections and never writes a byte: a read from it blocks until closed
    silentServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  accepted.add(silentServer.accept());
                }
              } catch (Exception closed) {
                // the test is over
              }
            },
            "silent-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stopTheServer() throws Exception {
    silentServer.close();
    for (Socket socket : accepted) {
      socket.close();
    }
  }

  @Test
  void aTaskBlockedInASocketRead_isTimedOutAtItsDeadline_andWokenByClosingTheSocket() {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch returned = new CountDownLatch(1);
    AtomicReference<String> readEnded = new AtomicReference<>();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("feed")
                    .timeout(TIMEOUT)
                    .task(
                        context -> {
                          try (Socket socket = new Socket()) {
                            socket.connect(silentServer.getLocalSocketAddress());
                            context.closeOnCancel(socket);
                            InputStream in = socket.getInputStream();
                            reading.countDown();
                            in.read();
                            return Outcome.success();
                          } catch (Exception e) {
                            readEnded.set(e.getClass().getSimpleName());
                            throw e;
                          } finally {
                            returned.countDown();
                          }
                        })
                    .build())
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      Instant start = clock.instant();
      CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
      await(reading, "the task to block in read()");
      awaitTimer(clock, start.plus(TIMEOUT));

      clock.advance(TIMEOUT);
      RunReport report = await(run);

      ComponentResult feed = report.result("feed").orElseThrow();
      assertThat(feed.status()).isEqualTo(Status.TIMED_OUT);
      assertThat(feed.reason().toString())
          .isEqualTo("TIMED_OUT: attempt 1 of 1 exceeded the timeout of 5m and was stopped");
      assertThat(feed.endedAt()).isEqualTo(start.plus(TIMEOUT));
      assertThat(feed.error())
          .startsWith("component \"feed\" exceeded its timeout of 5m: the task was at ")
          .contains("called from TimeoutTest.lambda$aTaskBlockedInASocketRead");
      await(returned, "the blocked read to be woken");
      assertThat(readEnded.get()).isEqualTo("SocketException");
      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    }
  }

  @Test
  void timeoutsBeyondWhatNanosecondsCount_areCappedNotOverflowed() {
    Duration thousandYears = Duration.ofDays(365L * 1000); // more nanoseconds than a long holds
    AtomicReference<Instant> componentDeadline = new AtomicReference<>();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("patient")
                    .timeout(thousandYears)
                    .task(
                        context -> {
                          componentDeadline.set(context.deadline());
                          return Outcome.success();
                        })
                    .build())
            .build();
    Instant start = clock.instant();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      assertThat(orchestrator.runOnce().status()).isEqualTo(RunStatus.SUCCEEDED);
      // the run's timeout (120 minutes) comes first, so it is the component's deadline
      assertThat(componentDeadline.get()).isEqualTo(start.plus(Duration.ofMinutes(120)));
    }
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .timeSource(clock)
            .stateStore(store)
            .runTimeout(Duration.ofDays(365L * 2000))
            .build()) {
      assertThat(orchestrator.runOnce().status()).isEqualTo(RunStatus.SUCCEEDED);
      // both beyond 292 years: counted as about 146 years, the component's no later than the run's
      assertThat(componentDeadline.get()).isAfter(start.plus(Duration.ofDays(365L * 100)));
    }
  }

  @Test
  void aTaskBlockedOnAnInterruptibleChannel_isWokenByTheInterrupt() {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch returned = new CountDownLatch(1);
    AtomicReference<String> readEnded = new AtomicReference<>();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("feed")
                    .timeout(TIMEOUT)
                    .task(
                        context -> {
                          try (SocketChannel channel =
                              SocketChannel.open(
                                  new InetSocketAddress(
                                      InetAddress.getLoopbackAddress(),
                                      silentServer.getLocalPort()))) {
                            reading.countDown();
                            channel.read(ByteBuffer.allocate(16));
                            return Outcome.success();
                          } catch (Exception e) {
                            readEnded.set(e.getClass().getSimpleName());
                            throw e;
                          } finally {
                            returned.countDown();
                          }
                        })
                    .build())
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
      await(reading, "the task to block in read()");
      awaitTimer(clock, clock.instant().plus(TIMEOUT));

      clock.advance(TIMEOUT);

      assertThat(await(run).status("feed")).isEqualTo(Status.TIMED_OUT);
      await(returned, "the interrupted read to return");
      assertThat(readEnded.get()).isEqualTo("ClosedByInterruptException");
    }
  }

  @Test
  void aTaskThatIgnoresInterruption_isReportedTimedOutOnTime_andKeepsItsSlotUntilItReturns() {
    CountDownLatch stubbornStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> events = new CopyOnWriteArrayList<>();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("stubborn")
                    .timeout(TIMEOUT)
                    .task(
                        context -> {
                          stubbornStarted.countDown();
                          awaitIgnoringInterrupts(release);
                          events.add("stubborn returned");
                          return Outcome.success();
                        })
                    .build())
            .component(
                component("next")
                    .task(
                        context -> {
                          events.add("next ran");
                          return Outcome.success();
                        })
                    .build())
            .parallelism(1)
            .build();
    List<String> finished = new CopyOnWriteArrayList<>();
    CountDownLatch stubbornReported = new CountDownLatch(1);
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .timeSource(clock)
            .stateStore(store)
            .listener(
                new dev.flinders.orchestration.RunListener() {
                  @Override
                  public void componentFinished(String runId, ComponentResult result) {
                    finished.add(result.component() + " " + result.status());
                    if (result.component().equals("stubborn")) {
                      stubbornReported.countDown();
                    }
                  }
                })
            .build()) {
      Instant start = clock.instant();
      CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
      await(stubbornStarted, "the stubborn task to start");
      awaitTimer(clock, start.plus(TIMEOUT));

      clock.advance(TIMEOUT);
      await(stubbornReported, "the timeout to be reported while the task still runs");

      assertThat(finished).containsExactly("stubborn TIMED_OUT");
      assertThat(events).as("the slot is still held: nothing else started").isEmpty();
      release.countDown();
      RunReport report = await(run);

      assertThat(events).containsExactly("stubborn returned", "next ran");
      ComponentResult stubborn = report.result("stubborn").orElseThrow();
      assertThat(stubborn.status()).isEqualTo(Status.TIMED_OUT);
      assertThat(stubborn.endedAt()).isEqualTo(start.plus(TIMEOUT));
      assertThat(report.status("next")).isEqualTo(Status.SUCCEEDED);
    }
  }

  @Test
  void theRunTimeout_stopsWhatRuns_skipsWhatHasNotStarted_andNotesThreadsThatIgnoredIt() {
    CountDownLatch started = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<Thread> stubbornThread =
        new java.util.concurrent.atomic.AtomicReference<>();
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("polite")
                    .task(
                        context -> {
                          started.countDown();
                          new CountDownLatch(1).await(); // blocks until interrupted
                          return Outcome.success();
                        })
                    .build())
            .component(
                component("stubborn")
                    .task(
                        context -> {
                          stubbornThread.set(Thread.currentThread());
                          started.countDown();
                          awaitIgnoringInterrupts(release);
                          return Outcome.success();
                        })
                    .build())
            .component(component("after").dependsOn("polite").build())
            .timeout(Duration.ofMinutes(10))
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      Instant start = clock.instant();
      CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
      await(started, "both tasks to start");
      // the stack the timeout reports is sampled: wait until the task is parked in its await,
      // not still returning from countDown()
      long patience = System.nanoTime() + Fixtures.PATIENCE.toNanos();
      while (stubbornThread.get().getState() != Thread.State.WAITING) {
        assertThat(System.nanoTime() - patience).as("the task to wait").isNegative();
        Thread.onSpinWait();
      }
      awaitTimer(clock, start.plus(Duration.ofMinutes(10)));

      clock.advance(Duration.ofMinutes(10));
      RunReport report = await(run);

      assertThat(report.status()).isEqualTo(RunStatus.TIMED_OUT);
      assertThat(report.result("polite").orElseThrow().reason().toString())
          .isEqualTo(
              "RUN_TIMED_OUT: stopped: the run's timeout of 10m passed while it was running");
      assertThat(report.result("after").orElseThrow().reason().toString())
          .isEqualTo("RUN_TIMED_OUT: not started: the run's timeout of 10m passed first");
      assertThat(report.status("after")).isEqualTo(Status.SKIPPED);
      assertThat(report.result("stubborn").orElseThrow().error())
          .startsWith("stopped by the run's timeout of 10m: the task was at ")
          .contains("called from TimeoutTest.awaitIgnoringInterrupts(TimeoutTest.java:")
          .endsWith(
              "; the task ignored interruption: its thread had not returned 1s after it was"
                  + " stopped and keeps its worker slot until it does");
    } finally {
      release.countDown();
    }
  }

  @Test
  void closingDuringARun_cancelsWhatRuns_andRecordsTheRun() {
    CountDownLatch started = new CountDownLatch(1);
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("long")
                    .task(
                        context -> {
                          started.countDown();
                          while (true) {
                            context.throwIfCancelled();
                            Thread.onSpinWait();
                          }
                        })
                    .build())
            .component(component("after").dependsOn("long").build())
            .build();
    Orchestrator orchestrator = orchestrator(pipeline, clock, store);
    CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
    await(started, "the task to start");

    orchestrator.close();
    RunReport report = await(run);

    assertThat(report.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(report.status("long")).isEqualTo(Status.CANCELLED);
    assertThat(report.result("after").orElseThrow().reason().code())
        .isEqualTo(ReasonCode.CANCELLED);
    assertThat(store.runs("p", 1)).containsExactly(report);
  }

  /** Waits for the latch, swallowing interrupts: a task that will not be stopped. */
  @Test
  void aComponentStarvedOfASlotByATaskThatIgnoresInterruption_namesTheHolder() {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(
                component("stubborn")
                    .priority(1)
                    .timeout(Duration.ofMinutes(1))
                    .task(
                        context -> {
                          started.countDown();
                          awaitIgnoringInterrupts(release);
                          return Outcome.success();
                        })
                    .build())
            .component(component("starved").build())
            .parallelism(1)
            .timeout(Duration.ofMinutes(5))
            .build();
    try (Orchestrator orchestrator = orchestrator(pipeline, clock, store)) {
      Instant start = clock.instant();
      CompletableFuture<RunReport> run = inBackground(orchestrator::runOnce);
      await(started, "the stubborn task to start");
      awaitTimer(clock, start.plus(Duration.ofMinutes(1)));

      clock.advance(Duration.ofMinutes(5)); // its timeout, then the run's: the slot never frees
      RunReport report = await(run);

      assertThat(report.status("stubborn")).isEqualTo(Status.TIMED_OUT);
      assertThat(report.result("starved").orElseThrow().reason().toString())
          .isEqualTo(
              "RUN_TIMED_OUT: not started: the run's timeout of 5m passed first; it was ready,"
                  + " waiting for a worker slot, all held by \"stubborn\" (attempt 1 of run "
                  + report.runId()
                  + ", stopped but its task has not returned)");
    } finally {
      release.countDown();
    }
  }

  private static void awaitIgnoringInterrupts(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException ignored) {
        // deliberately ignored
      }
    }
  }
}

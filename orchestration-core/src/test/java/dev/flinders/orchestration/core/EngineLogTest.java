package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.core.testing.ManualRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The engine's log lines about a component are tagged with it and read as people write. */
class EngineLogTest {
  /** Keeps each event with the MDC of its thread when it was logged (read lazily otherwise). */
  private final ListAppender<ILoggingEvent> events =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
          event.prepareForDeferredProcessing();
          super.append(event);
        }
      };

  private final Logger engine = (Logger) LoggerFactory.getLogger("dev.flinders.orchestration");

  private ch.qos.logback.classic.Level level;

  @BeforeEach
  void listen() {
    level = engine.getLevel();
    engine.setLevel(ch.qos.logback.classic.Level.INFO);
    engine.setAdditive(false); // keep the console quiet
    events.start();
    engine.addAppender(events);
  }

  @AfterEach
  void stopListening() {
    engine.detachAppender(events);
    engine.setAdditive(true);
    engine.setLevel(level);
  }

  @Test
  void aRetryLine_carriesTheComponentsTags_andADurationForPeople_andRestoresTheThreadsTags() {
    AtomicInteger calls = new AtomicInteger();
    Pipeline pipeline =
        Pipeline.builder("feeds")
            .component(
                Component.builder("trams")
                    .task(
                        context -> {
                          if (calls.incrementAndGet() == 1) {
                            throw new IOException("connection reset");
                          }
                          return Outcome.success();
                        })
                    .retry(
                        RetryPolicy.builder()
                            .maxAttempts(2)
                            .initialDelay(Duration.ofSeconds(90))
                            .jitter(0)
                            .build())
                    .build())
            .build();
    MDC.put("flinders.component", "the caller's own");
    try (ManualRunner runner = ManualRunner.builder(pipeline).build()) {
      String runId = runner.runDue().runId();

      ILoggingEvent retry =
          events.list.stream()
              .filter(event -> event.getFormattedMessage().contains("retrying"))
              .findFirst()
              .orElseThrow();
      assertThat(retry.getFormattedMessage())
          .isEqualTo(
              "trams attempt 1 of 2 failed (IOException: connection reset); retrying in 1m30s");
      assertThat(retry.getMDCPropertyMap())
          .containsAllEntriesOf(
              Map.of(
                  "flinders.pipeline", "feeds",
                  "flinders.run", runId,
                  "flinders.component", "trams",
                  "flinders.attempt", "1"));
      ILoggingEvent ended =
          events.list.stream()
              .filter(event -> event.getFormattedMessage().startsWith("run " + runId))
              .findFirst()
              .orElseThrow();
      assertThat(ended.getFormattedMessage()).matches("run .* of feeds ended SUCCEEDED in .*s");
      assertThat(ended.getFormattedMessage()).doesNotContain("PT");
      assertThat(MDC.get("flinders.component"))
          .as("the tasks ran on this thread, which gets its own tags back")
          .isEqualTo("the caller's own");
    } finally {
      MDC.remove("flinders.component");
    }
  }
}

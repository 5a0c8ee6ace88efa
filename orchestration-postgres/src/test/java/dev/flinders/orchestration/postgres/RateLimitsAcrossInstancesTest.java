package dev.flinders.orchestration.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.core.testing.NoDelayServerSockets;
import dev.flinders.orchestration.quota.QuotaPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * A provider's rate limit holds for the fleet: three instances (each its own store and connection
 * pool) on one database, each running a pipeline that calls the same provider, in simulated time.
 */
class RateLimitsAcrossInstancesTest {
  private static final Instant START = Instant.parse("2026-11-24T19:00:00Z");

  @Test
  void instancesSharingTheDatabase_shareARateLimitsWindow() throws Exception {
    String prefix = EmbeddedDatabase.freshPrefix();
    QuotaPolicy threePerMinute =
        QuotaPolicy.builder("ptv").rateLimit(3, Duration.ofMinutes(1)).build();
    List<List<Instant>> sent = new ArrayList<>();
    try (MockWebServer server = new MockWebServer()) {
      server.setServerSocketFactory(new NoDelayServerSockets());
      for (int i = 0; i < 9; i++) {
        server.enqueue(new MockResponse.Builder().body("ok").build());
      }
      server.start();
      String url = server.url("/departures").toString();

      for (int instance = 0; instance < 3; instance++) {
        List<Instant> sentAt = new ArrayList<>();
        sent.add(sentAt);
        Pipeline pipeline =
            Pipeline.builder("departures-" + instance)
                .component(
                    Component.builder("departures")
                        .quota("ptv")
                        .timeout(Duration.ofMinutes(10))
                        .task(
                            context -> {
                              for (int call = 0; call < 3; call++) {
                                context.http().get(url).text();
                                sentAt.add(context.clock().instant());
                              }
                              return Outcome.success();
                            })
                        .build())
                .build();
        try (HikariDataSource pool = EmbeddedDatabase.pool(EmbeddedDatabase.jdbcUrl(), 3);
            PostgresStateStore store =
                PostgresStateStore.builder(pool)
                    .tablePrefix(prefix)
                    // the heartbeat runs on simulated time, which jumps a minute to a permit
                    .leaseDuration(Duration.ofHours(1))
                    .build();
            ManualRunner runner =
                ManualRunner.builder(pipeline)
                    .startingAt(START)
                    .stateStore(store)
                    .configure(orchestrator -> orchestrator.quota(threePerMinute))
                    .build()) {
          assertThat(runner.runDue().status("departures")).isEqualTo(Status.SUCCEEDED);
        }
      }
    }

    // each instance's clock starts at START: the second and third wait for the window the first
    // filled, as one instance's later calls would
    assertThat(sent.get(0)).containsOnly(START);
    assertThat(sent.get(1)).containsOnly(START.plus(Duration.ofMinutes(1)));
    assertThat(sent.get(2)).containsOnly(START.plus(Duration.ofMinutes(2)));
  }
}

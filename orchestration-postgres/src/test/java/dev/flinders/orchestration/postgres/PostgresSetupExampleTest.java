package dev.flinders.orchestration.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.core.Orchestrator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The set-up example of docs/postgres.md, against the embedded PostgreSQL. */
class PostgresSetupExampleTest {
  @Test
  void theDocsExample_runsAPipelineOnTheSharedStore() {
    Pipeline pipeline =
        Pipeline.builder("dashboards")
            .component(Component.builder("patronage").task(context -> Outcome.records(222)).build())
            .build();

    // as in docs/postgres.md
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(EmbeddedDatabase.jdbcUrl());
    config.setUsername("postgres");
    config.setMaximumPoolSize(6); // parallelism + 2, see Sizing

    try (HikariDataSource dataSource = new HikariDataSource(config);
        PostgresStateStore store =
            PostgresStateStore.builder(dataSource)
                .schema("flinders")
                .leaseDuration(Duration.ofSeconds(30))
                .build();
        Orchestrator orchestrator = Orchestrator.builder(pipeline).stateStore(store).build()) {
      RunReport report = orchestrator.runOnce();

      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(store.runs("dashboards", 10)).containsExactly(report);
      assertThat(store.component("dashboards", "patronage").orElseThrow().lastRunId())
          .isEqualTo(report.runId());
      assertThat(store.fencingToken("dashboards")).isEmpty(); // released after the run
      assertThat(PostgresStateStore.schemaScript("flinders", "flinders_", 1))
          .contains("CREATE TABLE flinders.flinders_leases (");
    }
  }
}

package dev.flinders.orchestration.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.state.JsonFileStateStore;
import dev.flinders.orchestration.postgres.PostgresStateStore;
import dev.flinders.orchestration.spi.StateStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With a DataSource, the state goes to PostgreSQL (one embedded server for the class). */
class PostgresStoreTest {
  private static EmbeddedPostgres server;
  @TempDir Path data;

  @BeforeAll
  static void startDatabase() throws Exception {
    server = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    server.close();
  }

  private ApplicationContextRunner runner() {
    DataSource dataSource = server.getPostgresDatabase();
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FlindersAutoConfiguration.class))
        .withBean(DataSource.class, () -> dataSource)
        .withBean(dev.flinders.orchestration.Component.class, () -> Runs.component("gtfs"))
        .withPropertyValues(
            "flinders.state.directory=" + data.resolve("state"), "flinders.start-on-startup=false");
  }

  @Test
  void aDataSource_meansThePostgresStore_withTheConfiguredTables() {
    runner()
        .withPropertyValues(
            "flinders.state.postgres.table-prefix=dashboard_", "flinders.pipeline.name=pg")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              StateStore store = context.getBean(StateStore.class);
              assertThat(store).isInstanceOf(PostgresStateStore.class);
              assertThat(((PostgresStateStore) store).tablePrefix()).isEqualTo("dashboard_");
              assertThat(context.getBean(Orchestrator.class).runOnce().status())
                  .isEqualTo(RunStatus.SUCCEEDED);
              try (Connection connection = server.getPostgresDatabase().getConnection();
                  ResultSet rows =
                      connection
                          .createStatement()
                          .executeQuery(
                              "select count(*) from dashboard_runs where pipeline = 'pg'")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
              }
            });
  }

  @Test
  void storeJson_keepsJsonFiles_evenWithADataSource() {
    runner()
        .withPropertyValues("flinders.state.store=json")
        .run(
            context ->
                assertThat(context.getBean(StateStore.class))
                    .isInstanceOf(JsonFileStateStore.class));
  }

  @Test
  void badTableSettings_areNamedByProperty() {
    runner()
        .withPropertyValues(
            "flinders.state.postgres.table-prefix=Bad-Prefix",
            "flinders.state.postgres.lease-duration=100ms")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("flinders.state.postgres.table-prefix: ")
                    .hasMessageContaining(
                        "flinders.state.postgres.lease-duration: leaseDuration must be at least"
                            + " 1s"));
  }
}

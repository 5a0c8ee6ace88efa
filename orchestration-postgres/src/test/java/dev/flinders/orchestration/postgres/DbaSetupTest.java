package dev.flinders.orchestration.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flinders.orchestration.spi.PipelineLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The DBA set-up of docs/postgres.md ("Created by a DBA"), run as written: the application's user,
 * given only what the document grants, can use the store with {@code migrate(false)}.
 */
class DbaSetupTest {
  private static final String SCHEMA = "dba_made";
  private static final String ROLE = "flinders";

  /** Where the document puts a script: "-- the tables of V1__state_store.sql, then:". */
  private static final Pattern SCRIPT =
      Pattern.compile("-- the \\w+ of V(\\d+)__\\S+\\.sql, then:");

  @Test
  void theDocumentsGrants_areEnoughForTheApplication() throws Exception {
    // given: the DBA's statements of the document, with the scripts they name, run as postgres
    asPostgres("CREATE SCHEMA " + SCHEMA, dbaStatements());

    // when: the application connects as its own user
    try (HikariDataSource app = asApplication();
        PostgresStateStore store =
            PostgresStateStore.builder(app).schema(SCHEMA).migrate(false).build()) {
      PipelineLock lock = store.lock("p", "instance a");
      store.saveComponent("p", dev.flinders.orchestration.spi.ComponentRecord.empty("gtfs"));
      var added = store.addToCounter("quota", "ptv", "2026-11-25", 1, 10);
      lock.close();

      // then
      assertThat(store.component("p", "gtfs")).isPresent();
      assertThat(added.added()).isTrue();
    }
  }

  @Test
  void aUserWhoMayCreateTablesInAnExistingSchema_butNotSchemas_letsTheStoreMigrate()
      throws Exception {
    // given: a schema the application's user owns, in a database where it may not create schemas
    asPostgres("CREATE SCHEMA app_owned AUTHORIZATION " + ROLE);

    // when
    try (HikariDataSource app = asApplication();
        PostgresStateStore store = PostgresStateStore.builder(app).schema("app_owned").build()) {
      store.saveComponent("p", dev.flinders.orchestration.spi.ComponentRecord.empty("gtfs"));

      // then
      assertThat(store.component("p", "gtfs")).isPresent();
    }
  }

  /** Runs {@code statements} as the superuser, once the application's role exists. */
  private static void asPostgres(String... statements) throws Exception {
    try (Connection connection = EmbeddedDatabase.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + ROLE
              + "') THEN CREATE ROLE "
              + ROLE
              + " LOGIN PASSWORD 'app'; END IF; END $$");
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** A pool of connections as the application's own user. */
  private static HikariDataSource asApplication() {
    HikariConfig config = new HikariConfig();
    // not EmbeddedDatabase.jdbcUrl(), whose user=postgres would override the user below
    config.setJdbcUrl(
        "jdbc:postgresql://localhost:" + EmbeddedDatabase.server().getPort() + "/postgres");
    config.setUsername(ROLE);
    config.setPassword("app");
    config.setMaximumPoolSize(2);
    return new HikariDataSource(config);
  }

  /** The SQL block of "Created by a DBA", each script it names put in its place. */
  private static String dbaStatements() throws Exception {
    String doc = Files.readString(Path.of("../docs/postgres.md"), StandardCharsets.UTF_8);
    int section = doc.indexOf("**Created by a DBA.**");
    int start = doc.indexOf("```sql\n", section) + "```sql\n".length();
    String sql = doc.substring(start, doc.indexOf("```", start));
    Matcher script = SCRIPT.matcher(sql);
    StringBuilder filled = new StringBuilder();
    while (script.find()) {
      int version = Integer.parseInt(script.group(1));
      script.appendReplacement(
          filled,
          Matcher.quoteReplacement(
              PostgresStateStore.schemaScript("flinders", "flinders_", version)));
    }
    sql = script.appendTail(filled).toString();
    // the document's schema is "flinders"; another test uses that one
    return sql.replace("flinders.", SCHEMA + ".")
        .replace("SCHEMA flinders ", "SCHEMA " + SCHEMA + " ");
  }
}

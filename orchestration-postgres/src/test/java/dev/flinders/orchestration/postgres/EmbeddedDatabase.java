package dev.flinders.orchestration.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One real PostgreSQL for all the tests of this JVM (started on first use, in about 4 s, stopped
 * when the JVM exits), and a fresh table prefix for each store a test opens, so tests never see
 * each other's rows.
 */
final class EmbeddedDatabase {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static EmbeddedPostgres server;
  private static HikariDataSource pool;

  private EmbeddedDatabase() {}

  /** The server, started on first use. */
  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL: " + e, e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException e) {
                      // the JVM is ending: the server's directory is temporary
                    }
                  }));
    }
    return server;
  }

  /** The JDBC URL of the server's {@code postgres} database, user {@code postgres}. */
  static String jdbcUrl() {
    return server().getJdbcUrl("postgres", "postgres");
  }

  /** A pool of connections to the server, shared by the tests. */
  static synchronized DataSource dataSource() {
    if (pool == null) {
      pool = pool(jdbcUrl(), 16);
    }
    return pool;
  }

  /** A new pool of {@code size} connections to {@code jdbcUrl}; the caller closes it. */
  static HikariDataSource pool(String jdbcUrl, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername("postgres");
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setPoolName("flinders-test");
    return new HikariDataSource(config);
  }

  /** A table prefix no other store of this JVM uses. */
  static String freshPrefix() {
    return "t" + PREFIXES.incrementAndGet() + "_";
  }
}

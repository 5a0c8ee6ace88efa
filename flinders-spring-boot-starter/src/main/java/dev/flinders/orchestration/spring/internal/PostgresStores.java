package dev.flinders.orchestration.spring.internal;

import dev.flinders.orchestration.postgres.PostgresStateStore;
import dev.flinders.orchestration.spi.StateStore;
import dev.flinders.orchestration.spring.FlindersProperties;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL store of the properties. A class of its own so that nothing loads {@code
 * PostgresStateStore} unless orchestration-postgres is on the classpath.
 */
public final class PostgresStores {
  private PostgresStores() {}

  /** A builder with the properties set, or null (with the problems recorded) if they are bad. */
  static @Nullable Object builder(
      DataSource dataSource, FlindersProperties.Postgres properties, FlindersSettings settings) {
    PostgresStateStore.Builder builder =
        PostgresStateStore.builder(dataSource).migrate(properties.isMigrate());
    boolean ok =
        settings.attempt(
                "flinders.state.postgres.schema",
                () -> builder.schema(properties.getSchema()),
                "use lower-case letters, digits and _")
            != null;
    ok &=
        settings.attempt(
                "flinders.state.postgres.table-prefix",
                () -> builder.tablePrefix(properties.getTablePrefix()),
                "use lower-case letters, digits and _, e.g. flinders_")
            != null;
    ok &=
        settings.attempt(
                "flinders.state.postgres.lease-duration",
                () -> builder.leaseDuration(properties.getLeaseDuration()),
                "e.g. 30s")
            != null;
    ok &=
        settings.attempt(
                "flinders.state.postgres.history-limit",
                () -> builder.historyLimit(properties.getHistoryLimit()),
                "e.g. 1000")
            != null;
    return ok ? builder : null;
  }

  /** Builds the store: creates or checks its tables. */
  public static StateStore build(Object builder) {
    return ((PostgresStateStore.Builder) builder).build();
  }
}

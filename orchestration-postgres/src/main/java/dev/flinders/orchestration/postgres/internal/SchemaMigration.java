package dev.flinders.orchestration.postgres.internal;

import dev.flinders.orchestration.StateStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or upgrades the store's tables with versioned SQL scripts ({@code V1__state_store.sql},
 * …), each applied once, in order, and recorded in the {@code schema_version} table, all in one
 * transaction under an advisory lock, so that instances starting together apply each script once
 * and a failed upgrade leaves the previous schema. Plain SQL rather than a migration library: five
 * tables and a few scripts do not earn a dependency of 600 kB (see docs/postgres.md).
 */
public final class SchemaMigration {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigration.class);

  /** The scripts, version i + 1 at index i. */
  private static final List<String> SCRIPTS =
      List.of(
          "V1__state_store.sql",
          "V2__json_columns.sql",
          "V3__lease_token_sequence.sql",
          "V4__run_id_collation.sql",
          "V5__shared_records.sql");

  /** The high half of the advisory lock's key: "Flin" in ASCII. */
  private static final long LOCK_KEY_HIGH = 0x466c696eL << 32;

  /**
   * The high half of the advisory lock on creating a schema: "Fsch". Stores of one schema with
   * different prefixes take it, so that they do not create the schema at once (even {@code CREATE
   * SCHEMA IF NOT EXISTS} fails on a concurrent creation).
   */
  private static final long SCHEMA_LOCK_KEY_HIGH = 0x46736368L << 32;

  private final String schema;
  private final String prefix;

  public SchemaMigration(String schema, String prefix) {
    this.schema = schema;
    this.prefix = prefix;
  }

  /** The newest schema version this code knows. */
  public static int latestVersion() {
    return SCRIPTS.size();
  }

  /** The SQL of a version's script with the schema and prefix filled in, for DBAs. */
  public String script(int version) {
    String name = SCRIPTS.get(version - 1);
    try (InputStream in =
        SchemaMigration.class.getResourceAsStream("/dev/flinders/orchestration/postgres/" + name)) {
      if (in == null) {
        throw new IllegalStateException("migration script " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${schema}", schema)
          .replace("${prefix}", prefix);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration script " + name + ": " + e, e);
    }
  }

  /** Brings the schema to {@link #latestVersion()}, or checks it is there. */
  public void apply(Connection connection, boolean migrate) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      if (migrate) {
        // stores with other prefixes may be creating the same schema: their locks below differ.
        // Checked first because CREATE SCHEMA IF NOT EXISTS needs the right to create schemas in
        // the database even when the schema exists; IF NOT EXISTS for creators other than Flinders.
        lock(connection, SCHEMA_LOCK_KEY_HIGH | (schema.hashCode() & 0xffffffffL));
        if (!exists(connection, "SELECT 1 FROM pg_namespace WHERE nspname = ?", schema)) {
          try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
          }
        }
      }
      lock(connection, LOCK_KEY_HIGH | ((schema + "." + prefix).hashCode() & 0xffffffffL));
      int current = currentVersion(connection, migrate);
      if (current > latestVersion()) {
        throw new StateStoreException(
            atVersion(current)
                + ", newer than this Flinders knows ("
                + latestVersion()
                + "): another instance was upgraded first; upgrade this one too",
            null);
      }
      if (current < latestVersion() && !migrate) {
        throw new StateStoreException(
            atVersion(current)
                + ", this Flinders needs "
                + latestVersion()
                + ": apply the scripts of docs/postgres.md up to version "
                + latestVersion()
                + ", or let the store migrate (PostgresStateStore.Builder.migrate(true))",
            null);
      }
      for (int version = current + 1; version <= latestVersion(); version++) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(script(version));
        }
        try (PreparedStatement record =
            connection.prepareStatement(
                "INSERT INTO " + versionTable() + " (version, description) VALUES (?, ?)")) {
          record.setInt(1, version);
          record.setString(2, SCRIPTS.get(version - 1));
          record.executeUpdate();
        }
        LOG.info("Flinders tables in schema {} migrated to version {}", schema, version);
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** Takes a transaction-scoped advisory lock; always the schema's before the tables'. */
  private static void lock(Connection connection, long key) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, key);
      lock.execute();
    }
  }

  private int currentVersion(Connection connection, boolean migrate) throws SQLException {
    if (migrate) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS "
                + versionTable()
                + " (version integer PRIMARY KEY, description text NOT NULL,"
                + " applied_at timestamptz NOT NULL DEFAULT now())");
      }
    } else if (!exists(
        connection,
        "SELECT 1 FROM pg_tables WHERE schemaname = ? AND tablename = ?",
        schema,
        prefix + "schema_version")) {
      return 0;
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT coalesce(max(version), 0) FROM " + versionTable())) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private String atVersion(int version) {
    return "the Flinders tables in schema "
        + schema
        + " (prefix "
        + prefix
        + ") are at version "
        + version;
  }

  private String versionTable() {
    return schema + "." + prefix + "schema_version";
  }

  private static boolean exists(Connection connection, String query, String... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }
}

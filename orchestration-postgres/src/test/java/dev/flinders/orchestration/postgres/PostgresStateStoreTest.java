package dev.flinders.orchestration.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.LeaseLostException;
import dev.flinders.orchestration.PipelineLockedException;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.StateStoreException;
import dev.flinders.orchestration.core.StateStoreContract;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.spi.ComponentRecord;
import dev.flinders.orchestration.spi.PipelineLock;
import dev.flinders.orchestration.spi.StateStore;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresStateStoreTest extends StateStoreContract {
  private static final Duration LEASE = Duration.ofSeconds(10);

  /** The schema version of the scripts in this build. */
  private static final int LATEST = 5;

  private final ManualClock clock = ManualClock.at(T0);
  private String prefix;

  @Override
  protected StateStore open(int historyLimit) {
    prefix = EmbeddedDatabase.freshPrefix();
    return reopen(historyLimit);
  }

  @Override
  protected StateStore reopen(int historyLimit) {
    return store(historyLimit);
  }

  /** Another store on the same tables, as another instance of the host would open. */
  private PostgresStateStore store(int historyLimit) {
    return PostgresStateStore.builder(EmbeddedDatabase.dataSource())
        .tablePrefix(prefix)
        .historyLimit(historyLimit)
        .leaseDuration(LEASE)
        .clock(clock)
        .build();
  }

  @Test
  void anExpiredLease_isTakenOver_withAGreaterToken_andTheOldHolderIsFenced() {
    PipelineLock first = store.lock("p", "instance a");
    try (PostgresStateStore other = store(5)) {
      assertThatThrownBy(() -> other.lock("p", "instance b"))
          .isInstanceOf(PipelineLockedException.class)
          .hasMessageContaining("(instance a)");

      // a renewed lease lasts a lease duration from the renewal
      clock.advance(LEASE.minusSeconds(1));
      first.renew();
      clock.advance(Duration.ofSeconds(2));
      assertThatThrownBy(() -> other.lock("p", "instance b"))
          .isInstanceOf(PipelineLockedException.class);

      clock.advance(LEASE);
      PipelineLock second = other.lock("p", "instance b");

      assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
      assertThat(second.lease()).contains(LEASE);
      assertThat(other.fencingToken("p")).hasValue(second.fencingToken());
      assertThatThrownBy(first::renew)
          .isInstanceOf(LeaseLostException.class)
          .hasMessageContaining(
              "the lease of pipeline \"p\" with fencing token "
                  + first.fencingToken()
                  + " was lost, so renewing the lease was refused");
      RunReport late = run("p", 1, RunStatus.SUCCEEDED);
      assertThatThrownBy(() -> store.saveRun(late))
          .isInstanceOf(LeaseLostException.class)
          .hasMessageContaining("so saving run " + late.runId() + " of pipeline \"p\" was refused");
      assertThatThrownBy(() -> store.saveComponent("p", ComponentRecord.empty("gtfs")))
          .isInstanceOf(LeaseLostException.class)
          .hasMessageContaining("saving the record of component \"gtfs\" of pipeline \"p\"");
      assertThat(store.runs("p", 10)).isEmpty();
      assertThat(store.component("p", "gtfs")).isEmpty();

      // the new holder writes; the old one closing its lost lease releases nothing
      other.saveRun(late);
      first.close();
      assertThatThrownBy(() -> store.lock("p", "instance a"))
          .isInstanceOf(PipelineLockedException.class)
          .hasMessageContaining("(instance b)");
      assertThat(store.runs("p", 10)).containsExactly(late);
      second.close();
    }
    PipelineLock third = store.lock("p", "instance a");
    assertThat(third.fencingToken()).isGreaterThan(first.fencingToken() + 1);
    third.close();
  }

  @Test
  void fencingTokens_neverRepeat_evenWhenTheLeaseRowIsDeleted() throws Exception {
    // given: a lease taken and released, then its row deleted (a clean-up, a restore)
    PipelineLock first = store.lock("p", "instance a");
    long token = first.fencingToken();
    first.close();
    try (Connection connection = EmbeddedDatabase.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM " + prefix + "leases");
    }

    // when
    PipelineLock next = store.lock("p", "instance b");

    // then: a holder still writing with the old token is never mistaken for the new one
    assertThat(next.fencingToken()).isGreaterThan(token);
    next.close();
  }

  @Test
  void failedWrites_sayWhatCouldNotBeDone_inPlainEnglish() throws Exception {
    // given: a lease held, then the tables gone from under the store
    PipelineLock lock = store.lock("p", "instance a");
    try (Connection connection = EmbeddedDatabase.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE " + prefix + "runs, " + prefix + "components");
      statement.execute("DROP TABLE " + prefix + "leases");
    }

    // when, then
    assertThatThrownBy(() -> store.saveRun(run("p", 1, RunStatus.SUCCEEDED)))
        .isInstanceOf(StateStoreException.class)
        .hasMessageStartingWith(
            "cannot save run "
                + run("p", 1, RunStatus.SUCCEEDED).runId()
                + " of pipeline \"p\" in");
    assertThatThrownBy(() -> store.saveComponent("p", ComponentRecord.empty("gtfs")))
        .hasMessageStartingWith(
            "cannot save the record of component \"gtfs\" of pipeline \"p\" in");
    assertThatThrownBy(lock::renew)
        .hasMessageStartingWith("cannot renew the lease of pipeline \"p\" in");
    lock.close(); // logs that it cannot release the lease, which then expires
  }

  @Test
  void writesOfAPipelineWhoseLeaseIsNotHeld_areNotFenced() {
    PipelineLock lock = store.lock("p", "instance a");
    try (PostgresStateStore other = store(5)) {
      other.saveComponent("q", ComponentRecord.empty("gtfs"));
      assertThat(store.component("q", "gtfs")).isPresent();
    }
    lock.close();
  }

  @Test
  void theTables_areCreatedOnce_whenInstancesStartTogether() throws Exception {
    java.util.List<java.util.concurrent.Future<PostgresStateStore>> starting =
        new java.util.ArrayList<>();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    String shared = EmbeddedDatabase.freshPrefix();
    try {
      for (int i = 0; i < 4; i++) {
        starting.add(
            pool.submit(
                () ->
                    PostgresStateStore.builder(EmbeddedDatabase.dataSource())
                        .schema("concurrent_start")
                        .tablePrefix(shared)
                        .build()));
      }
      for (var store : starting) {
        store.get().close();
      }
    } finally {
      pool.shutdownNow();
    }
    try (Connection connection = EmbeddedDatabase.dataSource().getConnection();
        Statement statement = connection.createStatement();
        var rows =
            statement.executeQuery(
                "SELECT max(version), count(*) FROM concurrent_start."
                    + shared
                    + "schema_version")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(LATEST);
      assertThat(rows.getInt(2)).as("one row per version").isEqualTo(LATEST);
    }
  }

  @Test
  void aVersion1Schema_isUpgraded_keepingItsRows_whichThenTakeANulCharacter() throws Exception {
    // given: the tables of version 1, as a DBA or an older Flinders made them, with a run in them
    String old = EmbeddedDatabase.freshPrefix();
    RunReport before = run("p", 1, RunStatus.SUCCEEDED);
    try (Connection connection = EmbeddedDatabase.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(PostgresStateStore.schemaScript("public", old, 1));
      statement.execute(
          "CREATE TABLE "
              + old
              + "schema_version (version integer PRIMARY KEY, description text NOT NULL,"
              + " applied_at timestamptz NOT NULL DEFAULT now())");
      statement.execute(
          "INSERT INTO " + old + "schema_version VALUES (1, 'V1__state_store.sql', now())");
      try (var insert =
          connection.prepareStatement(
              "INSERT INTO "
                  + old
                  + "runs (pipeline, run_id, status, report) VALUES ('p', ?, ?, CAST(? AS jsonb))")) {
        insert.setString(1, before.runId());
        insert.setString(2, before.status().name());
        insert.setString(3, dev.flinders.orchestration.core.state.RecordJson.write(before));
        insert.executeUpdate();
      }
    }

    // when: a store of this version starts on them, and saves a record with a NUL in it
    try (PostgresStateStore upgraded =
        PostgresStateStore.builder(EmbeddedDatabase.dataSource()).tablePrefix(old).build()) {
      ComponentRecord nul = new ComponentRecord("gtfs", "run-1", null, T0, Map.of("k", "\u0000"));
      upgraded.saveComponent("p", nul);

      // then
      assertThat(upgraded.runs("p", 10)).containsExactly(before);
      assertThat(upgraded.component("p", "gtfs")).contains(nul);
    }
    // and an instance of version 1 still running (a rolling upgrade) can still write its jsonb
    try (Connection connection = EmbeddedDatabase.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO "
              + old
              + "components (pipeline, component, record, saved_at)"
              + " SELECT 'p', 'other', CAST('{\"component\": \"other\"}' AS jsonb), now()");
    }
  }

  @Test
  void runIds_sortCharacterByCharacter_evenInADatabaseWithALinguisticCollation() throws Exception {
    // given: version-1 tables made in a database whose default collation is linguistic (en-US,
    // where "run-a" comes before "run-B"), as on many installations
    String made = EmbeddedDatabase.freshPrefix();
    try (Connection connection = EmbeddedDatabase.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          PostgresStateStore.schemaScript("public", made, 1)
              .replace("run_id    text", "run_id    text COLLATE \"en-US-x-icu\""));
      statement.execute(
          "CREATE TABLE "
              + made
              + "schema_version (version integer PRIMARY KEY, description text NOT NULL,"
              + " applied_at timestamptz NOT NULL DEFAULT now())");
      statement.execute(
          "INSERT INTO " + made + "schema_version VALUES (1, 'V1__state_store.sql', now())");
    }
    try (PostgresStateStore upgraded =
        PostgresStateStore.builder(EmbeddedDatabase.dataSource())
            .tablePrefix(made)
            .historyLimit(2)
            .build()) {
      RunReport template = run("p", 1, RunStatus.SUCCEEDED);
      // when
      for (String id : java.util.List.of("run-a", "run-B", "run-c")) {
        upgraded.saveRun(
            new RunReport(
                "p",
                id,
                template.status(),
                template.startedAt(),
                template.endedAt(),
                false,
                template.results()));
      }

      // then: as String.compareTo orders them, and the history limit drops the least
      assertThat(upgraded.runs("p", 10))
          .extracting(RunReport::runId)
          .containsExactly("run-c", "run-a");
      assertThat(upgraded.latestRunId("p")).contains("run-c");
    }
  }

  @Test
  void storesWithDifferentPrefixes_startingTogether_createTheirNewSchemaOnce() throws Exception {
    // given: several rounds of 4 stores, each with its own prefix, starting at once on a new schema
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 5; round++) {
        String schema = "new_schema_" + EmbeddedDatabase.freshPrefix() + round;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(4);
        java.util.List<java.util.concurrent.Future<PostgresStateStore>> starting =
            new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
          String ownPrefix = EmbeddedDatabase.freshPrefix();
          starting.add(
              pool.submit(
                  () -> {
                    together.await();
                    return PostgresStateStore.builder(EmbeddedDatabase.dataSource())
                        .schema(schema)
                        .tablePrefix(ownPrefix)
                        .build();
                  }));
        }

        // then: every one of them starts
        for (var store : starting) {
          store.get().close();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void withoutMigration_missingTables_areReportedWithTheFix() {
    assertThatThrownBy(
            () ->
                PostgresStateStore.builder(EmbeddedDatabase.dataSource())
                    .tablePrefix(EmbeddedDatabase.freshPrefix())
                    .migrate(false)
                    .build())
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining(
            "are at version 0, this Flinders needs " + LATEST + ": apply the scripts of")
        .hasMessageContaining("PostgresStateStore.Builder.migrate(true)");
  }

  @Test
  void aNewerSchema_isRefused_askingToUpgradeThisInstance() throws Exception {
    try (Connection connection = EmbeddedDatabase.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO "
              + prefix
              + "schema_version (version, description) VALUES ("
              + (LATEST + 1)
              + ", 'future')");
    }
    assertThatThrownBy(() -> store(5))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining(
            "are at version "
                + (LATEST + 1)
                + ", newer than this Flinders knows ("
                + LATEST
                + "): another instance was upgraded first; upgrade this one too");
  }

  @Test
  void badNames_areRefusedAtOnce() {
    var builder = PostgresStateStore.builder(EmbeddedDatabase.dataSource());
    assertThatThrownBy(() -> builder.schema("Robert'); DROP TABLE students;--"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("schema must be a lower-case SQL name");
    assertThatThrownBy(() -> builder.tablePrefix("1x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was \"1x\"");
    assertThatThrownBy(() -> builder.leaseDuration(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leaseDuration must be at least 1s, was 10ms");
  }

  @Test
  void anUnreachableDatabase_isReportedWithoutThePassword() {
    try (var pool = new com.zaxxer.hikari.HikariDataSource()) {
      pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/flinders?connectTimeout=1");
      pool.setUsername("flinders");
      pool.setPassword("s3cret-pw");
      pool.setConnectionTimeout(250);
      assertThatThrownBy(() -> PostgresStateStore.builder(pool).build())
          .isInstanceOf(StateStoreException.class)
          .hasMessageStartingWith("cannot create or upgrade the tables in the Flinders tables")
          .hasMessageContaining("check that the database is reachable")
          .hasMessageNotContaining("s3cret-pw");
    }
  }
}

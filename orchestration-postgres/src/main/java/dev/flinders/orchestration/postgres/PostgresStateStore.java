package dev.flinders.orchestration.postgres;

import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.LeaseLostException;
import dev.flinders.orchestration.PipelineLockedException;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.StateStoreException;
import dev.flinders.orchestration.core.state.RecordJson;
import dev.flinders.orchestration.postgres.internal.SchemaMigration;
import dev.flinders.orchestration.spi.ComponentRecord;
import dev.flinders.orchestration.spi.Counter;
import dev.flinders.orchestration.spi.PipelineLock;
import dev.flinders.orchestration.spi.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps history, component records, quota counters and pipeline locks in PostgreSQL, so that
 * several instances of a host share them: one row per run, per component, per counter and per
 * pipeline lease, in four tables (see docs/postgres.md for the schema).
 *
 * <pre>{@code
 * PostgresStateStore store = PostgresStateStore.builder(dataSource).build(); // creates the tables
 * Orchestrator orchestrator = Orchestrator.builder(pipeline).stateStore(store).build();
 * }</pre>
 *
 * <p>A pipeline's lock is a <em>lease</em>: held until closed or until it expires unrenewed (the
 * engine renews it every third of {@link Builder#leaseDuration(Duration) its duration} while a run
 * goes on), then taken over by another instance with a greater fencing token. While this store
 * holds a lease, its writes of that pipeline's runs and components are conditional on the token:
 * once another instance took the lease over they are refused with a {@link LeaseLostException}, so
 * a paused old holder cannot overwrite what the new one records. Counters are updated in one atomic
 * SQL statement each: a daily quota holds for the whole fleet.
 *
 * <p>Times of leases come from the store's clock (the system's by default): the instances' clocks
 * must agree to well within the lease duration (NTP does). Every operation takes a connection from
 * the host's {@link DataSource} (pool it: HikariCP) and returns it; the store never closes the data
 * source. Thread-safe.
 */
public final class PostgresStateStore implements StateStore {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresStateStore.class);

  /** Runs kept per pipeline by a store that sets no history limit. */
  public static final int DEFAULT_HISTORY_LIMIT = 1000;

  /** The lease duration of a store that sets none. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,39}");
  private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,19}|");

  /** A released lease expires at this time, so that the next caller takes it at once. */
  private static final OffsetDateTime RELEASED =
      OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private final DataSource dataSource;
  private final String schema;
  private final String prefix;
  private final int historyLimit;
  private final Duration leaseDuration;
  private final Clock clock;
  private final Sql sql;
  private final Map<String, Lease> held = new ConcurrentHashMap<>();

  private PostgresStateStore(Builder builder) {
    this.dataSource = builder.dataSource;
    this.schema = builder.schema;
    this.prefix = builder.tablePrefix;
    this.historyLimit = builder.historyLimit;
    this.leaseDuration = builder.leaseDuration;
    this.clock = builder.clock;
    this.sql = new Sql(schema + "." + prefix);
  }

  /** Starts a store on {@code dataSource}, a pool of connections to the shared database. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /** The schema holding the tables. */
  public String schema() {
    return schema;
  }

  /** The prefix of the tables' names. */
  public String tablePrefix() {
    return prefix;
  }

  /** Runs kept per pipeline. */
  public int historyLimit() {
    return historyLimit;
  }

  /** How long a lease lasts unrenewed. */
  public Duration leaseDuration() {
    return leaseDuration;
  }

  /**
   * The fencing token of the lease this store holds on {@code pipeline}, if it holds one: a task
   * that writes to another system (or to this database) can store it beside its writes, or make
   * them conditional on it, to refuse a holder that lost the lease (see docs/postgres.md).
   */
  public OptionalLong fencingToken(String pipeline) {
    Lease lease = held.get(pipeline);
    return lease == null ? OptionalLong.empty() : OptionalLong.of(lease.token);
  }

  /**
   * The SQL that creates the tables of schema version {@code version} with this store's schema and
   * prefix, for a DBA who creates them by hand (see {@link Builder#migrate(boolean)}).
   */
  public static String schemaScript(String schema, String tablePrefix, int version) {
    checkIdentifiers(schema, tablePrefix);
    if (version < 1 || version > SchemaMigration.latestVersion()) {
      throw new IllegalArgumentException(
          "version must be from 1 to " + SchemaMigration.latestVersion() + ", was " + version);
    }
    return new SchemaMigration(schema, tablePrefix).script(version);
  }

  @Override
  public PipelineLock lock(String pipeline, String owner) {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(owner, "owner");
    for (int attempt = 0; attempt < 3; attempt++) {
      Instant now = clock.instant();
      OptionalLong token =
          query(
              "take the lease of pipeline \"" + pipeline + "\"",
              sql.takeLease,
              rows -> rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty(),
              pipeline,
              owner,
              utc(now),
              utc(now.plus(leaseDuration)));
      if (token.isPresent()) {
        Lease lease = new Lease(pipeline, token.getAsLong());
        held.put(pipeline, lease);
        LOG.debug("took the lease of {} with token {}", pipeline, token.getAsLong());
        return lease;
      }
      Optional<String> holder =
          query(
              "read the lease of pipeline \"" + pipeline + "\"",
              sql.leaseOwner,
              rows -> rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty(),
              pipeline);
      if (holder.isPresent()) {
        throw new PipelineLockedException(pipeline, holder.get());
      }
      // the row was deleted between the two statements (by hand): take it again
    }
    throw new StateStoreException(
        "cannot take the lease of pipeline \""
            + pipeline
            + "\" in table "
            + sql.leases
            + ": its row keeps disappearing; stop whatever deletes rows of that table",
        null);
  }

  @Override
  public void saveRun(RunReport run) {
    String pipeline = run.pipeline();
    String what = "run " + run.runId() + " of pipeline \"" + pipeline + "\"";
    Lease lease = held.get(pipeline);
    int saved =
        update(
            "save " + what,
            lease == null ? sql.saveRun : sql.saveRunFenced,
            fenced(lease, pipeline, run.runId(), run.status().name(), RecordJson.write(run)));
    if (saved == 0 && lease != null) {
      throw new LeaseLostException(pipeline, lease.token, "saving " + what);
    }
    update(
        "delete the runs of pipeline \"" + pipeline + "\" beyond the history limit",
        sql.trimRuns,
        pipeline,
        pipeline,
        historyLimit - 1);
  }

  @Override
  public Optional<RunReport> run(String pipeline, String runId) {
    return query(
        "read run " + runId + " of pipeline \"" + pipeline + "\"",
        sql.run,
        rows ->
            rows.next()
                ? Optional.of(readRun(pipeline, runId, rows.getString(1)))
                : Optional.<RunReport>empty(),
        pipeline,
        runId);
  }

  /** Runs newest first; a row that is not a readable run is skipped, logged. */
  @Override
  public List<RunReport> runs(String pipeline, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    return readRuns(pipeline, sql.runsNewestFirst, limit);
  }

  /** Reads only the rows whose status column says {@code RUNNING}. */
  @Override
  public List<RunReport> unfinishedRuns(String pipeline, int lookback) {
    return readRuns(pipeline, sql.unfinishedRuns, lookback);
  }

  @Override
  public Optional<String> latestRunId(String pipeline) {
    return query(
        "read the latest run id of pipeline \"" + pipeline + "\"",
        sql.latestRunId,
        rows -> Optional.ofNullable(rows.next() ? rows.getString(1) : null),
        pipeline);
  }

  private List<RunReport> readRuns(String pipeline, String query, int limit) {
    return query(
        "read the runs of pipeline \"" + pipeline + "\"",
        query,
        rows -> {
          List<RunReport> runs = new ArrayList<>();
          while (rows.next()) {
            try {
              runs.add(readRun(pipeline, rows.getString(1), rows.getString(2)));
            } catch (StateStoreException e) {
              LOG.warn("skipping a run record of the history: {}", e.getMessage());
            }
          }
          return runs;
        },
        pipeline,
        limit);
  }

  private RunReport readRun(String pipeline, String runId, String json) {
    String where = "(" + pipeline + ", " + runId + ") of table " + sql.runs;
    RunReport run = RecordJson.readRun(json, where);
    if (!run.pipeline().equals(pipeline) || !run.runId().equals(runId)) {
      throw new StateStoreException(
          "run record "
              + where
              + " holds run "
              + run.runId()
              + " of pipeline \""
              + run.pipeline()
              + "\", not the run its key says: it was copied or edited by hand; delete the row",
          null);
    }
    return run;
  }

  @Override
  public Optional<ComponentRecord> component(String pipeline, String component) {
    return query(
        "read the record of component \"" + component + "\" of pipeline \"" + pipeline + "\"",
        sql.component,
        rows ->
            rows.next()
                ? Optional.of(readComponent(pipeline, component, rows.getString(1)))
                : Optional.<ComponentRecord>empty(),
        pipeline,
        component);
  }

  /** One query for the pipeline's records, the rows of components not named left out. */
  @Override
  public Map<String, ComponentRecord> components(String pipeline, Collection<String> names) {
    Set<String> named = new HashSet<>(names);
    return query(
        "read the component records of pipeline \"" + pipeline + "\"",
        sql.components,
        rows -> {
          Map<String, ComponentRecord> records = new HashMap<>();
          while (rows.next()) {
            String component = rows.getString(1);
            if (named.contains(component)) {
              records.put(component, readComponent(pipeline, component, rows.getString(2)));
            }
          }
          return records;
        },
        pipeline);
  }

  private ComponentRecord readComponent(String pipeline, String component, String json) {
    String where = "(" + pipeline + ", " + component + ") of table " + sql.componentTable;
    ComponentRecord record = RecordJson.readComponent(json, where);
    if (!record.component().equals(component)) {
      throw new StateStoreException(
          "component record "
              + where
              + " is the record of component \""
              + record.component()
              + "\": it was copied or edited by hand; delete the row (the component then runs as"
              + " if for the first time) or restore it from a backup",
          null);
    }
    return record;
  }

  @Override
  public void saveComponent(String pipeline, ComponentRecord record) {
    String what =
        "the record of component \"" + record.component() + "\" of pipeline \"" + pipeline + "\"";
    Lease lease = held.get(pipeline);
    int saved =
        update(
            "save " + what,
            lease == null ? sql.saveComponent : sql.saveComponentFenced,
            fenced(lease, pipeline, record.component(), RecordJson.write(record)));
    if (saved == 0 && lease != null) {
      throw new LeaseLostException(pipeline, lease.token, "saving " + what);
    }
  }

  @Override
  public Optional<Counter> counter(String scope, String name) {
    return query(
        "read counter " + scope + "/" + name,
        sql.counter,
        rows ->
            rows.next()
                ? Optional.of(new Counter(rows.getString(1), rows.getLong(2)))
                : Optional.<Counter>empty(),
        scope,
        name);
  }

  /**
   * One statement: inserts the counter, or adds to it (restarting it in a new window), only where
   * the result stays within the ceiling; PostgreSQL's row lock on the counter makes concurrent
   * updates from any number of instances queue, each seeing the value the previous one left.
   */
  @Override
  public CounterUpdate addToCounter(
      String scope, String name, String window, long delta, long ceiling) {
    Objects.requireNonNull(window, "window");
    // the largest value the counter may have before the delta, without overflowing
    long limit =
        delta >= 0
            ? ceiling - delta
            : (ceiling > Long.MAX_VALUE + delta ? Long.MAX_VALUE : ceiling - delta);
    Optional<Counter> added =
        query(
            "add to counter " + scope + "/" + name,
            sql.addToCounter,
            rows ->
                rows.next()
                    ? Optional.of(new Counter(rows.getString(1), rows.getLong(2)))
                    : Optional.<Counter>empty(),
            scope,
            name,
            window,
            delta,
            limit,
            limit);
    if (added.isPresent()) {
      return new CounterUpdate(true, added.get());
    }
    Counter current =
        counter(scope, name)
            .filter(counter -> counter.window().equals(window))
            .orElse(new Counter(window, 0));
    return new CounterUpdate(false, current);
  }

  /**
   * In one transaction: the record's row is created (its value null) if missing, locked with {@code
   * SELECT … FOR UPDATE}, and written; another instance's update of the same record waits for the
   * commit. The text must not hold the character U+0000, which a {@code text} column refuses (the
   * engine's rate-limit windows never do).
   */
  @Override
  public String updateShared(
      String scope, String name, java.util.function.UnaryOperator<String> update) {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        try (PreparedStatement insert = prepare(connection, sql.insertShared, scope, name)) {
          insert.executeUpdate();
        }
        String current;
        try (PreparedStatement select = prepare(connection, sql.lockShared, scope, name);
            ResultSet rows = select.executeQuery()) {
          rows.next();
          current = rows.getString(1);
        }
        String updated =
            Objects.requireNonNull(
                update.apply(current),
                "the update of shared record " + scope + "/" + name + " returned null");
        if (!updated.equals(current)) {
          try (PreparedStatement write =
              prepare(connection, sql.writeShared, updated, scope, name)) {
            write.executeUpdate();
          }
        }
        connection.commit();
        return updated;
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback); // the first failure is the one to report
        }
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw failure("update shared record " + scope + "/" + name, e);
    }
  }

  /** Releases the leases this store holds; the data source stays open (it is the host's). */
  @Override
  public void close() {
    for (Lease lease : List.copyOf(held.values())) {
      lease.close();
    }
  }

  @Override
  public String toString() {
    return "PostgresStateStore["
        + schema
        + "."
        + prefix
        + "*, historyLimit="
        + historyLimit
        + ", lease="
        + Durations.format(leaseDuration)
        + "]";
  }

  private static Object[] fenced(@Nullable Lease lease, Object... parameters) {
    if (lease == null) {
      return parameters;
    }
    Object[] all = java.util.Arrays.copyOf(parameters, parameters.length + 2);
    all[parameters.length] = lease.pipeline;
    all[parameters.length + 1] = lease.token;
    return all;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  /** Reads the rows of one query. */
  @FunctionalInterface
  private interface Rows<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private <T> T query(String what, String query, Rows<T> reader, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, query, parameters);
        ResultSet rows = statement.executeQuery()) {
      T result = reader.read(rows);
      commitIfManual(connection);
      return result;
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private int update(String what, String update, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, update, parameters)) {
      int count = statement.executeUpdate();
      commitIfManual(connection);
      return count;
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement;
    } catch (SQLException e) {
      statement.close();
      throw e;
    }
  }

  /** A data source that hands out connections without auto-commit gets its commit here. */
  private static void commitIfManual(Connection connection) throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }

  private StateStoreException failure(String what, SQLException e) {
    return new StateStoreException(
        "cannot "
            + what
            + " in the Flinders tables "
            + schema
            + "."
            + prefix
            + "*: "
            + e.getMessage()
            + " (SQL state "
            + e.getSQLState()
            + "); check that the database is reachable and that the store's user may read and"
            + " write those tables",
        e);
  }

  private static void checkIdentifiers(String schema, String tablePrefix) {
    if (!SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "schema must be a lower-case SQL name of letters, digits and _ (at most 40), was \""
              + schema
              + "\"");
    }
    if (!PREFIX.matcher(tablePrefix).matches()) {
      throw new IllegalArgumentException(
          "tablePrefix must be empty or lower-case letters, digits and _ not starting with a"
              + " digit (at most 20), was \""
              + tablePrefix
              + "\"");
    }
  }

  /** A lease this store holds. */
  private final class Lease implements PipelineLock {
    private final String pipeline;
    private final long token;

    /** Set when closed: a renewal still under way on the heartbeat thread must not retake it. */
    private boolean released;

    Lease(String pipeline, long token) {
      this.pipeline = pipeline;
      this.token = token;
    }

    @Override
    public String pipeline() {
      return pipeline;
    }

    @Override
    public Optional<Duration> lease() {
      return Optional.of(leaseDuration);
    }

    @Override
    public long fencingToken() {
      return token;
    }

    /**
     * Extends the lease to a lease duration from now, if it is still this holder's.
     *
     * @throws LeaseLostException if another instance took it over
     */
    @Override
    public synchronized void renew() {
      if (released) {
        return;
      }
      int renewed =
          update(
              "renew the lease of pipeline \"" + pipeline + "\"",
              sql.renewLease,
              utc(clock.instant().plus(leaseDuration)),
              pipeline,
              token);
      if (renewed == 0) {
        throw new LeaseLostException(pipeline, token, "renewing the lease");
      }
    }

    /** Lets the lease go at once; a store that cannot reach the database lets it expire. */
    @Override
    public synchronized void close() {
      if (released) {
        return;
      }
      released = true;
      held.remove(pipeline, this);
      try {
        update(
            "release the lease of pipeline \"" + pipeline + "\"",
            sql.releaseLease,
            RELEASED,
            pipeline,
            token);
      } catch (StateStoreException e) {
        LOG.warn(
            "{}; the lease expires by itself within {}",
            e.getMessage(),
            Durations.format(leaseDuration));
      }
    }
  }

  /** The statements, on the tables of one schema and prefix. */
  private static final class Sql {
    final String runs;
    final String componentTable;
    final String components;
    final String leases;
    final String saveRun;
    final String saveRunFenced;
    final String trimRuns;
    final String run;
    final String runsNewestFirst;
    final String unfinishedRuns;
    final String latestRunId;
    final String component;
    final String saveComponent;
    final String saveComponentFenced;
    final String counter;
    final String addToCounter;
    final String takeLease;
    final String leaseOwner;
    final String renewLease;
    final String releaseLease;
    final String insertShared;
    final String lockShared;
    final String writeShared;

    Sql(String tables) {
      runs = tables + "runs";
      componentTable = tables + "components";
      leases = tables + "leases";
      String counters = tables + "counters";
      // a fenced write takes a share lock on the lease row: a takeover waits for it to commit,
      // and a write that comes after a takeover finds the token changed and writes nothing
      String fence =
          " WHERE EXISTS (SELECT 1 FROM " + leases + " WHERE pipeline = ? AND token = ? FOR SHARE)";
      String runInsert =
          "INSERT INTO "
              + runs
              + " (pipeline, run_id, status, report, saved_at)"
              + " SELECT ?, ?, ?, CAST(? AS json), now()";
      String runConflict =
          " ON CONFLICT (pipeline, run_id) DO UPDATE SET status = EXCLUDED.status,"
              + " report = EXCLUDED.report, saved_at = EXCLUDED.saved_at";
      saveRun = runInsert + runConflict;
      saveRunFenced = runInsert + fence + runConflict;
      trimRuns =
          "DELETE FROM "
              + runs
              + " WHERE pipeline = ? AND run_id < (SELECT run_id FROM "
              + runs
              + " WHERE pipeline = ? ORDER BY run_id DESC OFFSET ? LIMIT 1)";
      run = "SELECT report FROM " + runs + " WHERE pipeline = ? AND run_id = ?";
      runsNewestFirst =
          "SELECT run_id, report FROM " + runs + " WHERE pipeline = ? ORDER BY run_id DESC LIMIT ?";
      unfinishedRuns =
          "SELECT run_id, report FROM (SELECT run_id, status, report FROM "
              + runs
              + " WHERE pipeline = ? ORDER BY run_id DESC LIMIT ?) newest"
              + " WHERE status = 'RUNNING' ORDER BY run_id DESC";
      latestRunId = "SELECT max(run_id) FROM " + runs + " WHERE pipeline = ?";
      component = "SELECT record FROM " + componentTable + " WHERE pipeline = ? AND component = ?";
      components = "SELECT component, record FROM " + componentTable + " WHERE pipeline = ?";
      String componentInsert =
          "INSERT INTO "
              + componentTable
              + " (pipeline, component, record, saved_at) SELECT ?, ?, CAST(? AS json), now()";
      String componentConflict =
          " ON CONFLICT (pipeline, component) DO UPDATE SET record = EXCLUDED.record,"
              + " saved_at = EXCLUDED.saved_at";
      saveComponent = componentInsert + componentConflict;
      saveComponentFenced = componentInsert + fence + componentConflict;
      counter = "SELECT time_window, value FROM " + counters + " WHERE scope = ? AND name = ?";
      // parameters: scope, name, window, delta, limit (insert), limit (update)
      addToCounter =
          "INSERT INTO "
              + counters
              + " AS c (scope, name, time_window, value)"
              + " SELECT ?, ?, ?, CAST(? AS bigint) WHERE 0 <= CAST(? AS bigint)"
              + " ON CONFLICT (scope, name) DO UPDATE SET time_window = EXCLUDED.time_window,"
              + " value = CASE WHEN c.time_window = EXCLUDED.time_window"
              + " THEN c.value + EXCLUDED.value ELSE EXCLUDED.value END"
              + " WHERE CASE WHEN c.time_window = EXCLUDED.time_window THEN c.value ELSE 0 END"
              + " <= CAST(? AS bigint)"
              + " RETURNING time_window, value";
      // parameters: pipeline, owner, now, expires
      takeLease =
          "INSERT INTO "
              + leases
              + " AS l (pipeline, owner, token, acquired_at, expires_at)"
              + " VALUES (?, ?, nextval('"
              + tables
              + "lease_tokens'), ?, ?)"
              + " ON CONFLICT (pipeline) DO UPDATE SET owner = EXCLUDED.owner,"
              + " token = EXCLUDED.token, acquired_at = EXCLUDED.acquired_at,"
              + " expires_at = EXCLUDED.expires_at"
              + " WHERE l.expires_at <= EXCLUDED.acquired_at"
              + " RETURNING token";
      leaseOwner = "SELECT owner FROM " + leases + " WHERE pipeline = ?";
      renewLease = "UPDATE " + leases + " SET expires_at = ? WHERE pipeline = ? AND token = ?";
      releaseLease = renewLease;
      String shared = tables + "shared";
      insertShared =
          "INSERT INTO "
              + shared
              + " (scope, name) VALUES (?, ?) ON CONFLICT (scope, name) DO NOTHING";
      lockShared = "SELECT value FROM " + shared + " WHERE scope = ? AND name = ? FOR UPDATE";
      writeShared =
          "UPDATE " + shared + " SET value = ?, updated_at = now() WHERE scope = ? AND name = ?";
    }
  }

  /**
   * Configures a {@link PostgresStateStore}. Each setter checks its argument at once; {@link
   * #build()} creates or upgrades the tables.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private String schema = "public";
    private String tablePrefix = "flinders_";
    private int historyLimit = DEFAULT_HISTORY_LIMIT;
    private Duration leaseDuration = DEFAULT_LEASE;
    private Clock clock = Clock.systemUTC();
    private boolean migrate = true;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /** The schema of the tables, created if missing when migrating. Default {@code public}. */
    public Builder schema(String schema) {
      checkIdentifiers(Objects.requireNonNull(schema, "schema"), tablePrefix);
      this.schema = schema;
      return this;
    }

    /**
     * The prefix of the tables' names, so that several stores (e.g. a test and a live one) can
     * share a schema. Default {@code flinders_}: tables {@code flinders_runs}, {@code
     * flinders_components}, {@code flinders_counters}, {@code flinders_leases}, {@code
     * flinders_schema_version}.
     */
    public Builder tablePrefix(String tablePrefix) {
      checkIdentifiers(schema, Objects.requireNonNull(tablePrefix, "tablePrefix"));
      this.tablePrefix = tablePrefix;
      return this;
    }

    /** How many runs to keep per pipeline; older ones are deleted. Default 1,000. */
    public Builder historyLimit(int historyLimit) {
      if (historyLimit < 1) {
        throw new IllegalArgumentException("historyLimit must be at least 1, was " + historyLimit);
      }
      this.historyLimit = historyLimit;
      return this;
    }

    /**
     * How long a pipeline's lease lasts unrenewed: after a holder dies, another instance takes the
     * pipeline over within this time plus one tick. The engine renews it every third of this time.
     * At least one second; default 30 seconds.
     */
    public Builder leaseDuration(Duration leaseDuration) {
      Objects.requireNonNull(leaseDuration, "leaseDuration");
      if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException(
            "leaseDuration must be at least 1s, was " + Durations.format(leaseDuration));
      }
      this.leaseDuration = leaseDuration;
      return this;
    }

    /** The clock of lease times; tests pass a manual one. Default: the system's. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Whether {@link #build()} creates and upgrades the tables (default) or only checks that a DBA
     * did, for a user without the right to create tables.
     */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * Creates or upgrades the tables (or checks them, see {@link #migrate(boolean)}) and returns
     * the store.
     *
     * @throws StateStoreException if the database cannot be reached or the tables are not at the
     *     version this Flinders needs
     */
    public PostgresStateStore build() {
      PostgresStateStore store = new PostgresStateStore(this);
      try (Connection connection = dataSource.getConnection()) {
        new SchemaMigration(schema, tablePrefix).apply(connection, migrate);
      } catch (SQLException e) {
        throw store.failure(migrate ? "create or upgrade the tables" : "check the tables", e);
      }
      return store;
    }
  }
}

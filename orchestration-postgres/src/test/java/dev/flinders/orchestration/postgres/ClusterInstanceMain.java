package dev.flinders.orchestration.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.core.Orchestrator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * One instance of a host for {@link ClusterTest}: a pipeline of four components in a chain, each
 * due every second, ticking {@code start(...)} on a shared PostgreSQL store until its standard
 * input closes. Each execution writes a row (component, n, instance) where n is the execution's
 * number, kept in the component's state: a row written twice for one n is a component run twice for
 * one due time. That write is fenced by the lease's token, as a task writing to the same database
 * should do; a refused write is recorded in a table of its own.
 *
 * <p>Arguments: JDBC URL, table prefix, lease, tick and work time in milliseconds.
 */
public final class ClusterInstanceMain {
  static final String PIPELINE = "cluster";
  static final Duration DUE_EVERY = Duration.ofSeconds(1);

  private final HikariDataSource pool;
  private final PostgresStateStore store;
  private final String prefix;
  private final String instance;
  private final Duration work;

  private ClusterInstanceMain(
      HikariDataSource pool, PostgresStateStore store, String prefix, Duration work) {
    this.pool = pool;
    this.store = store;
    this.prefix = prefix;
    this.instance = "pid " + ProcessHandle.current().pid();
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    String prefix = args[1];
    Duration lease = Duration.ofMillis(Long.parseLong(args[2]));
    Duration tick = Duration.ofMillis(Long.parseLong(args[3]));
    Duration work = Duration.ofMillis(Long.parseLong(args[4]));
    try (HikariDataSource pool = EmbeddedDatabase.pool(args[0], 4);
        PostgresStateStore store =
            PostgresStateStore.builder(pool).tablePrefix(prefix).leaseDuration(lease).build()) {
      ClusterInstanceMain main = new ClusterInstanceMain(pool, store, prefix, work);
      try (Orchestrator orchestrator =
          Orchestrator.builder(main.pipeline()).stateStore(store).build()) {
        orchestrator.start(tick);
        System.out.println("started " + main.instance);
        while (System.in.read() >= 0) {
          // runs in the background until the test closes standard input
        }
      }
    }
  }

  /** Tables the test creates for the instances' rows. */
  static String[] tables(String prefix) {
    String columns = "(component text, n bigint, instance text, token bigint, at timestamptz";
    return new String[] {
      "CREATE TABLE " + prefix + "started " + columns + " DEFAULT clock_timestamp())",
      "CREATE TABLE " + prefix + "executions " + columns + " DEFAULT clock_timestamp())",
      "CREATE TABLE " + prefix + "refused " + columns + " DEFAULT clock_timestamp())"
    };
  }

  private Pipeline pipeline() {
    Pipeline.Builder pipeline = Pipeline.builder(PIPELINE).parallelism(1);
    String previous = null;
    for (String name : new String[] {"a", "b", "c", "d"}) {
      Component.Builder component =
          Component.builder(name).task(this::execute).schedule(Schedule.every(DUE_EVERY));
      if (previous != null) {
        component.dependsOn(previous);
      }
      pipeline.component(component.build());
      previous = name;
    }
    return pipeline.build();
  }

  private Outcome execute(ComponentContext context) throws Exception {
    String component = context.componentName();
    long n = context.state().get("n").map(Long::parseLong).orElse(0L);
    long token = store.fencingToken(PIPELINE).orElse(-1);
    insert(
        "INSERT INTO " + prefix + "started (component, n, instance, token)", component, n, token);
    Thread.sleep(work.toMillis()); // the work itself: a cancelled run interrupts it
    boolean accepted =
        insert(
            "INSERT INTO "
                + prefix
                + "executions (component, n, instance, token) SELECT ?, ?, ?, ? WHERE EXISTS"
                + " (SELECT 1 FROM "
                + prefix
                + "leases WHERE pipeline = '"
                + PIPELINE
                + "' AND token = ? FOR SHARE)",
            component,
            n,
            token,
            token);
    if (!accepted) {
      insert(
          "INSERT INTO " + prefix + "refused (component, n, instance, token)", component, n, token);
      throw new IllegalStateException("the lease with token " + token + " was lost: write refused");
    }
    context.state().put("n", Long.toString(n + 1));
    return Outcome.success();
  }

  /**
   * Inserts (component, n, instance, token, extra parameters...) and says whether a row went in.
   */
  private boolean insert(String insert, String component, long n, long token, Object... extra)
      throws SQLException {
    String sql = insert.contains("SELECT") ? insert : insert + " VALUES (?, ?, ?, ?)";
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, component);
      statement.setLong(2, n);
      statement.setString(3, instance);
      statement.setLong(4, token);
      for (int i = 0; i < extra.length; i++) {
        statement.setObject(5 + i, extra[i]);
      }
      return statement.executeUpdate() == 1;
    }
  }
}

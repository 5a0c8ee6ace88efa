package dev.flinders.orchestration.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Three child JVMs share one PostgreSQL, each ticking {@code start(...)} on the same pipeline; the
 * lease holder is killed with kill -9 in the middle of a component, then the next holder is paused
 * (SIGSTOP) past its lease and resumed. Every execution is a row (component, n, instance), where n
 * numbers the component's due times: no n twice, none missing, the takeovers within lease + one
 * tick, and the paused holder's late write refused.
 */
class ClusterTest {
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Duration TICK = Duration.ofMillis(250);
  private static final Duration WORK = Duration.ofMillis(150);

  /** Room for the child JVMs and the database to be scheduled on two busy cores. */
  private static final Duration MARGIN = Duration.ofMillis(750);

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Pattern PID = Pattern.compile("pid (\\d+)");

  private final String prefix = EmbeddedDatabase.freshPrefix();
  private final List<Process> instances = new ArrayList<>();

  @Test
  void eachDueComponentRunsOnce_acrossInstances_throughAKillAndAPause() throws Exception {
    // given: the tables, then three instances
    try (PostgresStateStore store =
        PostgresStateStore.builder(EmbeddedDatabase.dataSource()).tablePrefix(prefix).build()) {
      for (String table : ClusterInstanceMain.tables(prefix)) {
        execute(table);
      }
      List<Long> cutOff = new ArrayList<>(); // the holders killed and paused mid-component
      try {
        for (int i = 0; i < 3; i++) {
          instances.add(startInstance(i));
        }
        awaitExecutions("each component done twice", 2);

        // when: the holder is killed while a component of its run works
        long killed = awaitHolderInTheMiddleOf("c");
        cutOff.add(killed);
        Instant killedAt = Instant.now();
        process(killed).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Lease second = awaitLeaseAfter(killed);
        int afterKill = executions().size();
        awaitExecutions("each component done after the kill", executionsPerComponent() + 1);

        // and the next holder is paused past its lease while a component works
        long paused = awaitHolderInTheMiddleOf("b");
        cutOff.add(paused);
        Instant pausedAt = Instant.now();
        signal("STOP", paused);
        Lease third = awaitLeaseAfter(paused);
        signal("CONT", paused);
        await("the paused holder's late write is refused", () -> count("refused") > 0);
        awaitExecutions("each component done after the pause", executionsPerComponent() + 1);

        // then
        Duration killTakeover = Duration.between(killedAt, second.acquiredAt);
        Duration pauseTakeover = Duration.between(pausedAt, third.acquiredAt);
        System.out.printf(
            "takeover after kill -9: %d ms, after SIGSTOP: %d ms (lease %d ms, tick %d ms);"
                + " %d executions, %d after the kill%n",
            killTakeover.toMillis(),
            pauseTakeover.toMillis(),
            LEASE.toMillis(),
            TICK.toMillis(),
            executions().size(),
            executions().size() - afterKill);
        assertThat(killTakeover).isLessThanOrEqualTo(LEASE.plus(TICK).plus(MARGIN));
        assertThat(pauseTakeover).isLessThanOrEqualTo(LEASE.plus(TICK).plus(MARGIN));
        assertThat(third.token).isGreaterThan(second.token);
        assertThat(refused())
            .as("refused late writes")
            .allSatisfy(row -> assertThat(row).startsWith("pid " + paused + " "));
      } finally {
        for (Process instance : instances) {
          instance.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }

      // no component ran twice for one due time, and none was lost
      Map<String, List<Long>> numbers = new HashMap<>();
      for (String[] row : executions()) {
        numbers.computeIfAbsent(row[0], c -> new ArrayList<>()).add(Long.parseLong(row[1]));
      }
      assertThat(numbers).containsOnlyKeys("a", "b", "c", "d");
      numbers.forEach(
          (component, ns) -> {
            List<Long> expected = new ArrayList<>();
            for (long n = 0; n < ns.size(); n++) {
              expected.add(n);
            }
            assertThat(ns).as("executions of %s by due time", component).isEqualTo(expected);
          });

      // no due time was started twice but the two in flight at the kill and at the pause, which the
      // next holder ran again: a holder that lost its lease started nothing more
      Map<String, List<String>> starts = new HashMap<>();
      for (String[] row :
          query("SELECT component, n, instance FROM " + prefix + "started ORDER BY at")) {
        starts.computeIfAbsent(row[0] + " " + row[1], c -> new ArrayList<>()).add(row[2]);
      }
      Map<String, List<String>> startedTwice = new HashMap<>(starts);
      startedTwice.values().removeIf(by -> by.size() == 1);
      assertThat(startedTwice).as("due times started more than once").hasSizeLessThanOrEqualTo(2);
      String firstBy = "pid (" + cutOff.get(0) + "|" + cutOff.get(1) + ")";
      startedTwice.forEach(
          (dueTime, by) -> {
            assertThat(by).as("starts of %s", dueTime).hasSize(2);
            assertThat(by.get(0)).as("first start of %s", dueTime).matches(firstBy);
          });

      // the killed holder's run is marked abandoned, with its finished components intact
      List<RunReport> abandoned =
          store.runs(ClusterInstanceMain.PIPELINE, 1000).stream()
              .filter(run -> run.status() == RunStatus.ABANDONED)
              .toList();
      assertThat(abandoned).hasSizeGreaterThanOrEqualTo(2);
      assertThat(abandoned)
          .anySatisfy(
              run ->
                  assertThat(run.results())
                      .filteredOn(result -> result.status() == Status.SUCCEEDED)
                      .extracting(ComponentResult::component)
                      .contains("a", "b"));
    }
  }

  private Process startInstance(int i) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File log = Path.of("target", "cluster-" + prefix + i + ".log").toFile();
    return new ProcessBuilder(
            java,
            "-Xmx128m",
            "-XX:TieredStopAtLevel=1",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.log.dev.flinders.orchestration.core.internal.BackgroundTicker=debug",
            "-cp",
            System.getProperty("java.class.path"),
            ClusterInstanceMain.class.getName(),
            EmbeddedDatabase.jdbcUrl(),
            prefix,
            Long.toString(LEASE.toMillis()),
            Long.toString(TICK.toMillis()),
            Long.toString(WORK.toMillis()))
        .redirectErrorStream(true)
        .redirectOutput(log)
        .start();
  }

  private Process process(long pid) {
    return instances.stream()
        .filter(p -> p.pid() == pid)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no instance has pid " + pid));
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
        .as("kill -%s %d", signal, pid)
        .isTrue();
  }

  /** The lease holder's pid once it has started {@code component} and not yet finished it. */
  private long awaitHolderInTheMiddleOf(String component) {
    long[] holder = new long[1];
    await(
        "the holder working on " + component,
        () -> {
          Lease lease = lease();
          String[] started =
              query(
                      "SELECT component, n, instance FROM "
                          + prefix
                          + "started s WHERE NOT EXISTS (SELECT 1 FROM "
                          + prefix
                          + "executions e WHERE e.component = s.component AND e.n = s.n)"
                          + " ORDER BY at DESC LIMIT 1")
                  .stream()
                  .findFirst()
                  .orElse(null);
          if (lease == null
              || started == null
              || !started[0].equals(component)
              || !started[2].equals("pid " + lease.pid)) {
            return false;
          }
          holder[0] = lease.pid;
          return true;
        });
    return holder[0];
  }

  private Lease awaitLeaseAfter(long pid) {
    Lease[] taken = new Lease[1];
    await(
        "another instance taking the lease from pid " + pid,
        () -> {
          Lease lease = lease();
          taken[0] = lease;
          return lease != null && lease.pid != pid;
        });
    return taken[0];
  }

  private record Lease(long pid, long token, Instant acquiredAt) {}

  private Lease lease() {
    List<String[]> rows =
        query(
            "SELECT owner, token, to_char(acquired_at AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM "
                + prefix
                + "leases WHERE pipeline = '"
                + ClusterInstanceMain.PIPELINE
                + "'");
    if (rows.isEmpty()) {
      return null;
    }
    Matcher pid = PID.matcher(rows.get(0)[0]);
    assertThat(pid.find()).as("lease owner %s", rows.get(0)[0]).isTrue();
    return new Lease(
        Long.parseLong(pid.group(1)),
        Long.parseLong(rows.get(0)[1]),
        Instant.parse(rows.get(0)[2]));
  }

  private int executionsPerComponent() {
    return query(
            "SELECT min(c) FROM (SELECT count(*) c FROM "
                + prefix
                + "executions GROUP BY component) x")
        .stream()
        .map(row -> row[0] == null ? 0 : Integer.parseInt(row[0]))
        .findFirst()
        .orElse(0);
  }

  /** Waits until every component has at least {@code count} executions. */
  private void awaitExecutions(String what, int count) {
    await(
        what,
        () ->
            query(
                        "SELECT count(*) FROM "
                            + prefix
                            + "executions GROUP BY component HAVING count(*) >= "
                            + count)
                    .size()
                == 4);
  }

  private List<String[]> executions() {
    return query("SELECT component, n FROM " + prefix + "executions ORDER BY component, n");
  }

  private List<String> refused() {
    return query("SELECT instance, component, n FROM " + prefix + "refused").stream()
        .map(row -> String.join(" ", row))
        .toList();
  }

  private int count(String table) {
    return Integer.parseInt(query("SELECT count(*) FROM " + prefix + table).get(0)[0]);
  }

  /** Polls observable state every 20 ms until it holds, for at most {@link #PATIENCE}. */
  private void await(String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "waited " + PATIENCE.toSeconds() + " s for " + what + "; see target/cluster-*.log");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = EmbeddedDatabase.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<String[]> query(String sql) {
    try (Connection connection = EmbeddedDatabase.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      List<String[]> result = new ArrayList<>();
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        String[] row = new String[columns];
        for (int i = 0; i < columns; i++) {
          row[i] = rows.getString(i + 1);
        }
        result.add(row);
      }
      return result;
    } catch (SQLException e) {
      throw new AssertionError("query failed: " + sql + ": " + e, e);
    }
  }
}

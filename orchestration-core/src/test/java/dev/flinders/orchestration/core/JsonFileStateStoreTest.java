package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.PipelineLockedException;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.StateStoreException;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.state.JsonFileStateStore;
import dev.flinders.orchestration.spi.Counter;
import dev.flinders.orchestration.spi.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileStateStoreTest extends StateStoreContract {
  @TempDir Path directory;

  @Override
  protected StateStore open(int historyLimit) {
    return JsonFileStateStore.open(directory, historyLimit);
  }

  @Override
  protected StateStore reopen(int historyLimit) {
    return JsonFileStateStore.open(directory, historyLimit);
  }

  @Test
  void records_areOneJsonFileEach_andWritesLeaveNoTemporaryFiles() throws Exception {
    store.saveRun(run("p", 1, RunStatus.SUCCEEDED));
    store.saveComponent("p", dev.flinders.orchestration.spi.ComponentRecord.empty("gtfs"));

    assertThat(files())
        .containsExactlyInAnyOrder(
            "p/runs/20261124T190001.000Z-001.json", "p/components/gtfs.json");
    assertThat(Files.readString(directory.resolve("p/runs/20261124T190001.000Z-001.json")))
        .contains("\"startedAt\" : \"2026-11-24T19:00:01Z\"", "\"duration\" : \"PT1.5S\"");
  }

  @Test
  void aCounterNamedWithASlash_isAFileInASubdirectory_lockedBesideIt() {
    // the alert incidents' counters are named "component <pipeline>/<component>"
    assertThat(store.addToCounter("alerts/p", "component p/gtfs", "open", 1, Long.MAX_VALUE))
        .isEqualTo(new StateStore.CounterUpdate(true, new Counter("open", 1)));

    assertThat(store.counter("alerts/p", "component p/gtfs")).contains(new Counter("open", 1));
    assertThat(directory.resolve("_counters/alerts/p/component p/gtfs.json")).exists();
    assertThat(directory.resolve("_counters/alerts/p/component p/gtfs.lock")).exists();
  }

  @Test
  void temporaryFilesLeftByACrash_areIgnored_andRemovedWhenThePipelineIsNextLocked()
      throws Exception {
    store.saveRun(run("p", 1, RunStatus.SUCCEEDED));
    Path torn = directory.resolve("p/runs/.20261124T190002.000Z-001.json.1234.tmp");
    Files.writeString(torn, "{\"pipeline\": \"p\", \"runId\": ");

    assertThat(store.runs("p", 10)).hasSize(1);
    store.lock("p", "pid 1").close();

    assertThat(torn).doesNotExist();
  }

  @Test
  void aCorruptRecord_isReportedWithItsPath_andWhatToDo() throws Exception {
    Files.createDirectories(directory.resolve("p/components"));
    Files.writeString(directory.resolve("p/components/gtfs.json"), "{not json");

    assertThatThrownBy(() -> store.component("p", "gtfs"))
        .isInstanceOf(StateStoreException.class)
        .hasMessageStartingWith(
            "state record "
                + directory.resolve("p/components/gtfs.json")
                + " is not a valid ComponentRecord (")
        .hasMessageEndingWith(
            "); it was not written by this store: restore it from a backup or delete it");
  }

  @Test
  void aComponentRecordHoldingNull_orAnotherComponentsRecord_orANumberForATime_failsNamingIt()
      throws Exception {
    Path components = Files.createDirectories(directory.resolve("p/components"));
    Files.writeString(components.resolve("gtfs.json"), "null");
    assertThatThrownBy(() -> store.component("p", "gtfs"))
        .isInstanceOf(StateStoreException.class)
        .hasMessage(
            "state record "
                + components.resolve("gtfs.json")
                + " holds null, not a ComponentRecord; it was not written by this store: restore"
                + " it from a backup or delete it");

    store.saveComponent("p", dev.flinders.orchestration.spi.ComponentRecord.empty("patronage"));
    Files.copy(
        components.resolve("patronage.json"),
        components.resolve("gtfs.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> store.component("p", "gtfs"))
        .hasMessage(
            "component record "
                + components.resolve("gtfs.json")
                + " is the record of component \"patronage\", not \"gtfs\": it was copied or"
                + " renamed; delete it (the component then runs as if for the first time) or"
                + " restore it from a backup");

    Files.writeString(
        components.resolve("gtfs.json"),
        "{\"component\": \"gtfs\", \"lastSucceededAt\": 1764000000, \"state\": {},"
            + " \"unchangedProbes\": 0}");
    assertThatThrownBy(() -> store.component("p", "gtfs"))
        .hasMessageContaining(
            "is not a valid ComponentRecord (an instant must be ISO-8601 text such as"
                + " \"2026-11-25T06:00:00Z\", not 1764000000");
  }

  @Test
  void aRecordWithoutItsStateOrAnOutcomeWithoutOutputs_readsAsEmpty() throws Exception {
    Path components = Files.createDirectories(directory.resolve("p/components"));
    Files.writeString(
        components.resolve("gtfs.json"),
        "{\"component\": \"gtfs\", \"unchangedProbes\": 0, \"lastResult\": {\"component\":"
            + " \"gtfs\", \"status\": \"SUCCEEDED\", \"reason\": {\"code\": \"DUE\", \"message\":"
            + " \"due\"}, \"attempts\": 1, \"duration\": \"PT1S\", \"outcome\": {\"records\":"
            + " 3}}}");

    dev.flinders.orchestration.spi.ComponentRecord record =
        store.component("p", "gtfs").orElseThrow();

    assertThat(record.state()).isEmpty();
    assertThat(record.lastResult().outcome().outputs()).isEmpty();
    assertThat(record.lastResult().outcome().metrics()).isEmpty();
    assertThat(record.lastResult().outcome().records()).isEqualTo(3);
  }

  @Test
  void runFilesThatAreTruncatedStrayOrCopies_areSkippedByTheHistory_andRunsGoOn() throws Exception {
    store.saveRun(run("p", 1, RunStatus.SUCCEEDED));
    Path runs = directory.resolve("p/runs");
    Files.writeString(runs.resolve("20261124T190009.000Z-001.json"), "{\"pipeline\": \"p\", \"ru");
    Files.writeString(runs.resolve("notes.json"), "{\"my\": \"notes\"}");
    Files.copy(
        runs.resolve("20261124T190001.000Z-001.json"),
        runs.resolve("20261124T190005.000Z-001.json"));

    assertThat(store.runs("p", 10))
        .extracting(RunReport::runId)
        .containsExactly("20261124T190001.000Z-001");

    // and an orchestrator on this store still runs, with ids after the newest file's
    dev.flinders.orchestration.Pipeline pipeline =
        dev.flinders.orchestration.Pipeline.builder("p")
            .component(Fixtures.component("gtfs").build())
            .build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline).timeSource(Fixtures.clock()).stateStore(store).build()) {
      RunReport report = orchestrator.runOnce();
      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(report.runId()).isEqualTo("20261124T190009.000Z-002"); // after the newest file
    }
  }

  @Test
  void historyIsBoundedByBytesToo_keepingTheNewestRunWhateverItsSize() throws Exception {
    StateStore small = JsonFileStateStore.open(directory.resolve("small"), 1000, 3_000);
    for (int i = 1; i <= 10; i++) {
      small.saveRun(run("p", i, RunStatus.SUCCEEDED));
    }
    long each = Files.size(directory.resolve("small/p/runs/20261124T190010.000Z-001.json"));

    List<RunReport> kept = small.runs("p", 100);
    assertThat(kept).hasSize((int) (3_000 / each));
    assertThat(kept.get(0).runId()).isEqualTo("20261124T190010.000Z-001");

    assertThatThrownBy(() -> JsonFileStateStore.open(directory.resolve("none"), 1000, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("historyBytes must be positive, was 0");
    StateStore tiny = JsonFileStateStore.open(directory.resolve("tiny"), 1000, 1);
    tiny.saveRun(run("p", 1, RunStatus.SUCCEEDED));
    tiny.saveRun(run("p", 2, RunStatus.SUCCEEDED));
    assertThat(tiny.runs("p", 100))
        .extracting(RunReport::runId)
        .containsExactly("20261124T190002.000Z-001");
  }

  @Test
  void unfinishedRuns_readEachRunOnlyAsFarAsItsStatus() throws Exception {
    store.saveRun(run("p", 1, RunStatus.RUNNING));
    store.saveRun(run("p", 2, RunStatus.SUCCEEDED));
    // a finished run whose file is cut after its status is never read further
    Path runs = directory.resolve("p/runs");
    String finished = Files.readString(runs.resolve("20261124T190002.000Z-001.json"));
    Files.writeString(
        runs.resolve("20261124T190002.000Z-001.json"),
        finished.substring(0, finished.indexOf("\"status\"") + 40));

    assertThat(store.unfinishedRuns("p", 20))
        .extracting(RunReport::runId)
        .containsExactly("20261124T190001.000Z-001");
    assertThat(store.latestRunId("p")).contains("20261124T190002.000Z-001");
  }

  @Test
  void anotherProcessHoldingTheLock_getsItsPidNamed_andReleasingItLetsUsRun() throws Exception {
    try (ChildProcess child = ChildProcess.start(LockHolderMain.class, directory.toString(), "p")) {
      child.awaitLine("locked");

      assertThatThrownBy(() -> store.lock("p", "pid 1 on the parent"))
          .isInstanceOf(PipelineLockedException.class)
          .hasMessageContaining(
              "pipeline \"p\" is already running elsewhere (pid " + child.pid() + " on the child)");

      child.release();
      assertThat(child.waitFor()).isZero();
      store.lock("p", "pid 1 on the parent").close();
    }
  }

  @Test
  void aProcessKilledMidRun_releasesTheLock_andItsRunIsMarkedAbandoned() throws Exception {
    try (ChildProcess child = ChildProcess.start(CrashingRunMain.class, directory.toString())) {
      child.awaitLine("slow started");
      child.kill();
    }
    store.close();

    try (Orchestrator orchestrator =
        Orchestrator.builder(CrashingRunMain.pipeline(false)).stateDirectory(directory).build()) {
      RunReport next = orchestrator.runOnce();

      assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
      List<RunReport> history = orchestrator.history(10);
      assertThat(history).hasSize(2);
      RunReport crashed = history.get(1);
      assertThat(crashed.status()).isEqualTo(RunStatus.ABANDONED);
      assertThat(crashed.endedAt()).isNull();
      assertThat(crashed.results())
          .extracting(ComponentResult::component, ComponentResult::status)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("fast", Status.SUCCEEDED));
    }
    store = open(5);
  }

  private List<String> files() throws Exception {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile)
          .map(path -> directory.relativize(path).toString().replace('\\', '/'))
          .filter(name -> !name.endsWith("pipeline.lock"))
          .toList();
    }
  }

  @Test
  void twoStoresOnOneDirectory_shareCountersExactly() throws Exception {
    try (JsonFileStateStore other = JsonFileStateStore.open(directory)) {
      Thread second =
          new Thread(
              () -> {
                for (int i = 0; i < 50; i++) {
                  other.addToCounter("quota", "ptv", "day", 1, 1_000);
                }
              });
      second.start();
      for (int i = 0; i < 50; i++) {
        store.addToCounter("quota", "ptv", "day", 1, 1_000);
      }
      second.join();

      assertThat(store.counter("quota", "ptv").orElseThrow().value()).isEqualTo(100);
    }
  }
}

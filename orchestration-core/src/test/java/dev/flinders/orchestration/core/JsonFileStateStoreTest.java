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
                + " is not valid JSON for ComponentRecord (")
        .hasMessageEndingWith(
            "); it was not written by this store: restore it from a backup or delete it");
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

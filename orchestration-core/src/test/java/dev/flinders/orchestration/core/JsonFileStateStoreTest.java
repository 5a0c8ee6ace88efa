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
import dev.flinders.orchestration.spi.ComponentRecord;
import dev.flinders.orchestration.spi.Counter;
import dev.flinders.orchestration.spi.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
  void runsAreAFileEach_componentRecordsALineEachOfTheJournal_andNoTemporaryFilesAreLeft()
      throws Exception {
    store.saveRun(run("p", 1, RunStatus.SUCCEEDED));
    store.saveComponent("p", ComponentRecord.empty("gtfs"));
    store.saveComponent("p", JournalWriterMain.record("gtfs", 7));

    assertThat(files())
        .containsExactlyInAnyOrder("p/runs/20261124T190001.000Z-001.json", "p/components.jsonl");
    assertThat(Files.readString(directory.resolve("p/runs/20261124T190001.000Z-001.json")))
        .contains("\"startedAt\" : \"2026-11-24T19:00:01Z\"", "\"duration\" : \"PT1.5S\"");
    assertThat(Files.readAllLines(directory.resolve("p/components.jsonl")))
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).startsWith("{\"component\":\"gtfs\","))
        .last()
        .asString()
        .contains("\"state\":{\"n\":\"7\"}");
    assertThat(store.component("p", "gtfs").orElseThrow().state()).containsEntry("n", "7");
  }

  @Test
  void theJournal_isCompactedByTheLockHolder_onceItHoldsFourTimesItsComponentsAndSomeLines()
      throws Exception {
    Path journal = directory.resolve("p/components.jsonl");
    for (int n = 1; n <= 264; n++) {
      store.saveComponent("p", JournalWriterMain.record("c" + n % 2, n));
    }
    store.lock("p", "pid 1").close();
    assertThat(Files.readAllLines(journal)).hasSize(264); // not over 4 * 2 + 256

    for (int n = 265; n <= 301; n++) {
      store.saveComponent("p", JournalWriterMain.record("c" + n % 2, n));
    }
    try (StateStore reader = JsonFileStateStore.open(directory)) {
      assertThat(reader.component("p", "c1").orElseThrow().state()).containsEntry("n", "301");
      store.lock("p", "pid 1").close();

      assertThat(Files.readAllLines(journal)).hasSize(2);
      assertThat(reader.component("p", "c0").orElseThrow().state()).containsEntry("n", "300");
      store.saveComponent("p", JournalWriterMain.record("c0", 302));
      assertThat(reader.component("p", "c0").orElseThrow().state()).containsEntry("n", "302");
      assertThat(reader.component("p", "c1").orElseThrow().state()).containsEntry("n", "301");
    }
    assertThat(files()).containsExactly("p/components.jsonl");
  }

  @Test
  void aLineCutShortByACrash_isIgnored_andCutOffWhenThePipelineIsNextLocked() throws Exception {
    store.saveComponent("p", JournalWriterMain.record("gtfs", 1));
    Path journal = directory.resolve("p/components.jsonl");
    Files.writeString(journal, "{\"component\":\"gtfs\",\"sta", StandardOpenOption.APPEND);

    try (StateStore other = JsonFileStateStore.open(directory)) {
      assertThat(other.component("p", "gtfs").orElseThrow().state()).containsEntry("n", "1");
      other.lock("p", "pid 2").close();
      other.saveComponent("p", JournalWriterMain.record("gtfs", 2));
    }

    assertThat(Files.readAllLines(journal)).hasSize(2);
    assertThat(store.component("p", "gtfs").orElseThrow().state()).containsEntry("n", "2");
  }

  @Test
  void aProcessKilledWhileSaving_losesNoRecordWhoseSaveReturned() throws Exception {
    for (JsonFileStateStore.Durability durability : JsonFileStateStore.Durability.values()) {
      Path folder = Files.createDirectories(directory.resolve(durability.name()));
      try (ChildProcess child =
          ChildProcess.start(JournalWriterMain.class, folder.toString(), durability.name())) {
        child.awaitLine("saved 500");
        child.kill();
      }

      try (JsonFileStateStore after = JsonFileStateStore.open(folder)) {
        for (int k = 0; k < 5; k++) {
          long acknowledged = 500 - Math.floorMod(500 - k, 5); // the last n <= 500 saved in c<k>
          long n = Long.parseLong(after.component("p", "c" + k).orElseThrow().state().get("n"));
          assertThat(n).as("c%d with %s", k, durability).isGreaterThanOrEqualTo(acknowledged);
        }
        after.lock("p", "pid 3").close(); // cuts off a line the kill may have cut short
        after.saveComponent("p", JournalWriterMain.record("c0", 0));
        assertThat(after.component("p", "c0").orElseThrow().state()).containsEntry("n", "0");
      }
    }
  }

  @Test
  void recordsInTheOlderOneFilePerComponentLayout_areRead_andMovedIntoTheJournalOnLock()
      throws Exception {
    Path components = Files.createDirectories(directory.resolve("p/components"));
    Files.writeString(
        components.resolve("gtfs.json"),
        "{\n  \"component\" : \"gtfs\",\n  \"state\" : { \"cursor\" : \"42\" },\n"
            + "  \"unchangedProbes\" : 2\n}");
    Files.writeString(components.resolve(".gtfs.json.1a2b.tmp"), "{\"compo");
    Files.writeString(
        components.resolve("patronage.json"),
        "{\"component\": \"patronage\", \"unchangedProbes\": 0}");

    assertThat(store.component("p", "gtfs").orElseThrow().state()).containsEntry("cursor", "42");
    assertThat(store.components("p", List.of("gtfs", "patronage", "other")))
        .containsOnlyKeys("gtfs", "patronage");
    store.saveComponent("p", JournalWriterMain.record("patronage", 5)); // newer than its file

    store.lock("p", "pid 1").close();

    assertThat(components).doesNotExist();
    assertThat(files()).containsExactly("p/components.jsonl");
    try (StateStore reopened = JsonFileStateStore.open(directory)) {
      ComponentRecord gtfs = reopened.component("p", "gtfs").orElseThrow();
      assertThat(gtfs.state()).containsEntry("cursor", "42");
      assertThat(gtfs.unchangedProbes()).isEqualTo(2);
      assertThat(reopened.component("p", "patronage").orElseThrow().state())
          .containsEntry("n", "5");
    }
  }

  /**
   * Two stores on one directory, as two processes, take turns holding the pipeline's lock and
   * saving records while holding it, as the engine does; either reads at any time, and either is
   * reopened. Enough saves to a few components that the journal is compacted several times.
   */
  @Test
  void randomTurnsOfTwoStores_withCompactionsAndReopens_readBackTheLastSaveOfEachComponent()
      throws Exception {
    java.util.Random random = new java.util.Random(20261202);
    int compactions = 0;
    for (int trial = 0; trial < 6; trial++) {
      int currentTrial = trial;
      Path folder = Files.createDirectories(directory.resolve("trial-" + trial));
      Path journal = folder.resolve("p/components.jsonl");
      java.util.Map<String, Long> model = new java.util.HashMap<>();
      JsonFileStateStore[] stores = {
        JsonFileStateStore.open(folder), JsonFileStateStore.open(folder)
      };
      java.util.function.IntConsumer readsBack =
          which -> {
            java.util.Map<String, ComponentRecord> read =
                stores[which].components(
                    "p", java.util.stream.IntStream.range(0, 4).mapToObj(i -> "c" + i).toList());
            assertThat(read).hasSize(model.size());
            model.forEach(
                (component, saved) ->
                    assertThat(read.get(component).state())
                        .as("trial %d, save %d, %s", currentTrial, saved, component)
                        .containsEntry("n", Long.toString(saved)));
          };
      try {
        long n = 0;
        for (int turn = 0; turn < 30; turn++) {
          int which = random.nextInt(2);
          if (random.nextInt(8) == 0) {
            stores[which].close();
            stores[which] = JsonFileStateStore.open(folder);
          }
          long linesBefore = Files.exists(journal) ? Files.readAllLines(journal).size() : 0;
          try (var lock = stores[which].lock("p", "pid " + which)) {
            if (Files.exists(journal) && Files.readAllLines(journal).size() < linesBefore) {
              compactions++;
            }
            for (int save = random.nextInt(60); save > 0; save--) {
              String component = "c" + random.nextInt(1 + random.nextInt(4));
              stores[which].saveComponent("p", JournalWriterMain.record(component, ++n));
              model.put(component, n);
              if (random.nextInt(10) == 0) {
                readsBack.accept(random.nextInt(2));
              }
            }
          }
          readsBack.accept(random.nextInt(2));
        }
      } finally {
        stores[0].close();
        stores[1].close();
      }
      try (JsonFileStateStore reopened = JsonFileStateStore.open(folder)) {
        stores[0] = reopened;
        readsBack.accept(0);
      }
    }
    assertThat(compactions).as("compactions seen").isGreaterThanOrEqualTo(6);
  }

  @Test
  void temporaryFilesOfCountersAndSharedRecords_areSweptWhenAStoreOpens_onceAnHourOld()
      throws Exception {
    store.addToCounter("alerts/p", "component p/gtfs", "open", 1, Long.MAX_VALUE);
    Path dead = directory.resolve("_counters/alerts/p/component p/.gtfs.json.1a2b.tmp");
    Path writing = directory.resolve("_counters/alerts/p/component p/.gtfs.json.3c4d.tmp");
    Path deadShared =
        Files.createDirectories(directory.resolve("_shared/rate")).resolve(".ptv.txt.5e6f.tmp");
    for (Path file : List.of(dead, writing, deadShared)) {
      Files.writeString(file, "{");
    }
    for (Path file : List.of(dead, deadShared)) {
      Files.setLastModifiedTime(
          file,
          java.nio.file.attribute.FileTime.from(
              java.time.Instant.now().minus(java.time.Duration.ofMinutes(61))));
    }

    JsonFileStateStore.open(directory).close();

    assertThat(dead).doesNotExist();
    assertThat(deadShared).doesNotExist();
    assertThat(writing).as("another process may be writing it").exists();
    assertThat(store.counter("alerts/p", "component p/gtfs")).contains(new Counter("open", 1));
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
  void aCorruptLineOfTheJournal_isReportedWithItsPathAndLine_andWhatToDo() throws Exception {
    store.saveComponent("p", JournalWriterMain.record("gtfs", 1));
    Path journal = directory.resolve("p/components.jsonl");
    Files.writeString(journal, "{not json\n", StandardOpenOption.APPEND);
    Files.writeString(
        journal, "{\"component\":\"gtfs\",\"unchangedProbes\":0}\n", StandardOpenOption.APPEND);

    assertThatThrownBy(() -> store.component("p", "gtfs"))
        .isInstanceOf(StateStoreException.class)
        .hasMessageStartingWith(
            "component record at line 2 of " + journal + " is not a valid ComponentRecord (")
        .hasMessageEndingWith(
            "); it was not written by this store: restore the file from a backup, or delete that"
                + " line (its component then reads the record of an earlier line, or runs as if"
                + " for the first time)");

    Files.write(journal, List.of("null"));
    assertThatThrownBy(() -> JsonFileStateStore.open(directory).component("p", "gtfs"))
        .hasMessageStartingWith(
            "component record at line 1 of "
                + journal
                + " is not a valid ComponentRecord (it holds null, not a ComponentRecord)");

    Files.write(
        journal,
        List.of(
            "{\"component\": \"gtfs\", \"lastSucceededAt\": 1764000000, \"state\": {},"
                + " \"unchangedProbes\": 0}"));
    assertThatThrownBy(() -> JsonFileStateStore.open(directory).component("p", "gtfs"))
        .hasMessageContaining(
            "is not a valid ComponentRecord (an instant must be ISO-8601 text such as"
                + " \"2026-11-25T06:00:00Z\", not 1764000000");
  }

  @Test
  void aCorruptRecordInTheOlderLayout_isReportedWithItsPath_andWhatToDo() throws Exception {
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
  void anOlderComponentFileHoldingNull_orAnotherComponentsRecord_orANumberForATime_failsNamingIt()
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

    Files.writeString(
        components.resolve("gtfs.json"), "{\"component\": \"patronage\", \"unchangedProbes\": 0}");
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

  /**
   * A long-lived process keeps its store open; the journal is deleted by hand between two runs (to
   * start the pipeline afresh). The next run's saves must reach a new journal, not the deleted file
   * the store still had open.
   */
  @Test
  void aJournalDeletedBetweenRuns_getsTheNextRunsSaves_notTheDeletedFile() throws Exception {
    Path journal = directory.resolve("p/components.jsonl");
    try (var lock = store.lock("p", "pid 1")) {
      store.saveComponent("p", JournalWriterMain.record("gtfs", 1));
    }
    Files.delete(journal);

    try (var lock = store.lock("p", "pid 1")) {
      assertThat(store.component("p", "gtfs")).isEmpty();
      store.saveComponent("p", JournalWriterMain.record("gtfs", 2));
    }

    assertThat(journal).exists();
    try (StateStore other = JsonFileStateStore.open(directory)) {
      assertThat(other.component("p", "gtfs").orElseThrow().state()).containsEntry("n", "2");
    }
  }

  /**
   * The engine saves from worker threads and stops attempts and runs by interrupting threads. A
   * save or force on an interrupted thread must not close the journal that every thread of the
   * store appends to: later saves and the run's record (which forces the journal) go on.
   */
  @Test
  void aSaveOnAnInterruptedThread_leavesTheJournalToOtherSaves_andTheRunsRecord() throws Exception {
    try (var lock = store.lock("p", "pid 1")) {
      store.saveComponent("p", JournalWriterMain.record("a", 1));
      Thread.currentThread().interrupt();
      try {
        store.saveComponent("p", JournalWriterMain.record("b", 1));
      } finally {
        assertThat(Thread.interrupted()).as("the interrupt is kept for its thread").isTrue();
      }
      store.saveComponent("p", JournalWriterMain.record("c", 1));
      store.saveRun(run("p", 1, RunStatus.SUCCEEDED));
    }

    try (StateStore other = JsonFileStateStore.open(directory)) {
      assertThat(other.components("p", List.of("a", "b", "c"))).containsOnlyKeys("a", "b", "c");
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

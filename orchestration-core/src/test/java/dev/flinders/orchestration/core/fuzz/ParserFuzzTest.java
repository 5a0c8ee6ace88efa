package dev.flinders.orchestration.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ConfigurationException;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.StateStoreException;
import dev.flinders.orchestration.core.config.OrchestrationConfig;
import dev.flinders.orchestration.core.csv.CsvFormatException;
import dev.flinders.orchestration.core.csv.CsvReader;
import dev.flinders.orchestration.core.state.JsonFileStateStore;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz tests of everything in the engine that parses outside input: CSV (with a schema and read as
 * text), the configuration file, and the JSON state files. Each input must parse, or be refused
 * with the parser's documented exception, whose message names the source; anything else (a bare
 * {@code NullPointerException}, an {@code IndexOutOfBoundsException}, a Jackson exception leaking
 * through) is a bug.
 *
 * <p>In {@code mvn verify} these run as regression tests over the committed inputs under {@code
 * src/test/resources/dev/flinders/orchestration/core/fuzz/ParserFuzzTestInputs/<method>/}. To fuzz
 * one for real (docs/testing.md): {@code JAZZER_FUZZ=1 mvn test -pl orchestration-core -am
 * -Dtest=ParserFuzzTest#csvWithASchema -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ParserFuzzTest {
  private static final DatasetSchema STOP_TIMES =
      DatasetSchema.builder()
          .required("trip_id", ColumnType.STRING)
          .required("stop_sequence", ColumnType.INT)
          .optional("arrival_time", ColumnType.STRING)
          .optional("shape_dist_traveled", ColumnType.DOUBLE)
          .build();

  private static final Pipeline PIPELINE =
      Pipeline.builder("p")
          .component(Component.builder("gtfs").task(context -> Outcome.success()).build())
          .component(
              Component.builder("patronage")
                  .task(context -> Outcome.success())
                  .dependsOn("gtfs")
                  .build())
          .build();

  @FuzzTest(maxDuration = "5m")
  void csvWithASchema(byte[] input) {
    try (CsvReader reader =
        CsvReader.open(new ByteArrayInputStream(input), "fuzz.csv", STOP_TIMES)) {
      for (List<String> record = reader.nextRecord();
          record != null;
          record = reader.nextRecord()) {
        assertThat(reader.toSchemaOrder(record)).hasSize(STOP_TIMES.size());
      }
    } catch (CsvFormatException refused) {
      assertThat(refused.getMessage()).contains("fuzz.csv");
    }
  }

  @FuzzTest(maxDuration = "5m")
  void csvAsText(byte[] input) {
    try (CsvReader reader = CsvReader.openAsText(new ByteArrayInputStream(input), "fuzz.csv")) {
      int columns = reader.schema().size();
      for (List<String> record = reader.nextRecord();
          record != null;
          record = reader.nextRecord()) {
        assertThat(reader.toSchemaOrder(record)).hasSize(columns);
      }
    } catch (CsvFormatException refused) {
      assertThat(refused.getMessage()).contains("fuzz.csv");
    }
  }

  @FuzzTest(maxDuration = "5m")
  void configurationFile(byte[] input) throws IOException {
    Path file = Files.createTempFile(scratch(), "orchestration", ".json");
    Files.write(file, input);
    try {
      OrchestrationConfig.read(file).applyTo(PIPELINE);
    } catch (ConfigurationException refused) {
      assertThat(refused.getMessage()).contains(file.toString());
    } finally {
      Files.delete(file);
    }
  }

  @FuzzTest(maxDuration = "5m")
  void stateFiles(byte[] input) throws IOException {
    Path directory = Files.createTempDirectory(scratch(), "state");
    try {
      Path components = Files.createDirectories(directory.resolve("p/components"));
      Path runs = Files.createDirectories(directory.resolve("p/runs"));
      Files.write(components.resolve("gtfs.json"), input); // as versions before the journal
      Files.write(directory.resolve("p/components.jsonl"), input);
      Files.write(runs.resolve("20261124T190000.000Z-001.json"), input);
      JsonFileStateStore store = JsonFileStateStore.open(directory);
      try {
        store.component("p", "gtfs");
      } catch (StateStoreException refused) {
        assertThat(refused.getMessage()).containsAnyOf("gtfs.json", "components.jsonl");
      }
      try {
        store.lock("p", "fuzz").close(); // cuts a torn line, moves gtfs.json into the journal
        store.component("p", "gtfs");
      } catch (StateStoreException refused) {
        assertThat(refused.getMessage()).containsAnyOf("gtfs.json", "components.jsonl");
      }
      // the history skips what it cannot read: these never fail on a bad file
      store.runs("p", 10);
      store.unfinishedRuns("p", 20);
      assertThat(store.latestRunId("p")).contains("20261124T190000.000Z-001");
    } finally {
      deleteTree(directory);
    }
  }

  private static Path scratch;

  private static synchronized Path scratch() throws IOException {
    if (scratch == null) {
      scratch = Files.createTempDirectory("flinders-fuzz");
      scratch.toFile().deleteOnExit();
    }
    return scratch;
  }

  private static void deleteTree(Path directory) throws IOException {
    try (var files = Files.walk(directory)) {
      files
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}

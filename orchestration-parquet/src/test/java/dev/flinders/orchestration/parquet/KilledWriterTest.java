package dev.flinders.orchestration.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.spi.DatasetVersion;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed with SIGKILL mid-write leaves no partial dataset file, and the next run works.
 */
class KilledWriterTest {
  @TempDir Path directory;

  @Test
  void aWriterKilledMidWrite_leavesOnlyTheCommittedVersions_andTheNextWriteSucceeds()
      throws Exception {
    ParquetDatasetSink sink =
        ParquetDatasetSink.builder(directory).zone(ParquetDatasetSinkTest.MELBOURNE).build();
    ParquetDatasetSinkTest.write(sink, "stops", ParquetDatasetSinkTest.NOV_25);
    byte[] committed = Files.readAllBytes(directory.resolve("stops_20261125.parquet"));

    Process child = ChildJvm.start(KilledWriterMain.class, directory.toString());
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.equals("WRITING"));
      assertThat(line).as("the child started writing").isEqualTo("WRITING");
      assertThat(temporaryFiles())
          .singleElement()
          .satisfies(file -> assertThat(Files.size(file)).isPositive());
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
      child.waitFor(20, TimeUnit.SECONDS);
    }

    ParquetDatasetSink.builder(directory).build(); // as at the next start
    assertThat(temporaryFiles()).as("the killed writer's file is swept at start").isEmpty();
    assertThat(sink.versions("stops"))
        .extracting(DatasetVersion::version)
        .containsExactly("20261125");
    assertThat(Files.readAllBytes(directory.resolve("stops_20261125.parquet")))
        .isEqualTo(committed);
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(
              files
                  .map(file -> file.getFileName().toString())
                  .filter(name -> name.endsWith(".parquet")))
          .containsExactly("stops_20261125.parquet");
    }

    ParquetDatasetSinkTest.write(sink, "stops", ParquetDatasetSinkTest.NOV_25.plusSeconds(86_400));

    assertThat(sink.versions("stops"))
        .extracting(DatasetVersion::version)
        .containsExactly("20261126", "20261125");
    assertThat(temporaryFiles()).isEmpty();
  }

  private List<Path> temporaryFiles() throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".tmp")).toList();
    }
  }
}

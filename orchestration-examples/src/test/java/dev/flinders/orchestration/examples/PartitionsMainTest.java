package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionsMainTest {
  @TempDir Path data;

  @Test
  void aRepublishedMode_replacesItsPartitionOnly() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    Map<String, String> changes =
        PartitionsMain.run(data, new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(changes)
        .containsExactly(Map.entry("mode=2", "kept"), Map.entry("mode=3", "replaced"));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("  mode=3   144 rows\n")
        .contains("  mode=3   288 rows  replaced")
        .contains("  mode=2   175 rows  kept");
    assertThat(data.resolve("curated/gtfs_trips/mode=3/gtfs_trips.parquet")).exists();
  }
}

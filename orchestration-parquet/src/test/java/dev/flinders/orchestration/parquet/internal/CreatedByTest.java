package dev.flinders.orchestration.parquet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import dev.flinders.orchestration.spi.DatasetOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stamping a footer changes created_by and nothing else. */
class CreatedByTest {
  @TempDir Path directory;

  @Test
  void theValue_hasTheParquetJavaBuild_whenItsVersionIsKnown() {
    assertThat(CreatedBy.of("1.2.3", "1.18.1"))
        .isEqualTo("flinders version 1.2.3 (build parquet-java 1.18.1)");
    assertThat(CreatedBy.of("1.2.3", null)).isEqualTo("flinders version 1.2.3");
  }

  @Test
  void restampingAFileWithItsOwnCreatedBy_givesTheSameBytes() throws Exception {
    byte[] file = Files.readAllBytes(write());

    assertThat(CreatedBy.stamped(file, file.length, CreatedBy.VALUE)).isEqualTo(file);
  }

  @Test
  void stampingAnotherValue_changesOnlyCreatedBy() throws Exception {
    Path file = write();
    Path other = directory.resolve("other.parquet");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(other, CreatedBy.stamped(bytes, bytes.length, "someone version 9.9.9"));

    try (ParquetFileReader original = ParquetFileReader.open(new LocalInputFile(file));
        ParquetFileReader stamped = ParquetFileReader.open(new LocalInputFile(other))) {
      assertThat(stamped.getFileMetaData().getCreatedBy()).isEqualTo("someone version 9.9.9");
      assertThat(stamped.getFileMetaData().getSchema())
          .isEqualTo(original.getFileMetaData().getSchema());
      assertThat(stamped.getFileMetaData().getKeyValueMetaData())
          .isEqualTo(original.getFileMetaData().getKeyValueMetaData());
      assertThat(stamped.getFooter().getBlocks().toString())
          .isEqualTo(original.getFooter().getBlocks().toString());
    }
  }

  @Test
  void bytesThatDoNotEndInAFooter_areRefused() {
    byte[] notParquet = "a CSV file, not Parquet".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> CreatedBy.stamped(notParquet, notParquet.length, "x version 1"))
        .hasMessage("the file does not end in a Parquet footer");
    byte[] tooLong = {'P', 'A', 'R', '1', 100, 0, 0, 0, 'P', 'A', 'R', '1'};
    assertThatThrownBy(() -> CreatedBy.stamped(tooLong, tooLong.length, "x version 1"))
        .hasMessage("the footer length 100 does not fit the file");
  }

  private Path write() {
    DatasetSchema schema =
        DatasetSchema.builder()
            .required("id", ColumnType.INT)
            .optional("name", ColumnType.STRING)
            .build();
    ParquetDatasetSink sink = ParquetDatasetSink.builder(directory).rowGroupBytes(1 << 16).build();
    try (DatasetOutput output = sink.open("stops", schema, Instant.EPOCH)) {
      for (int i = 0; i < 20_000; i++) {
        output.write(new Object[] {i, i % 7 == 0 ? null : "stop " + i});
      }
      return Path.of(output.commit().location());
    }
  }
}

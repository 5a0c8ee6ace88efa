package dev.flinders.orchestration.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.spi.DatasetOutput;
import dev.flinders.orchestration.spi.DatasetVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetDatasetSinkTest {
  static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");
  static final Instant NOV_25 = Instant.parse("2026-11-24T19:00:00Z"); // 06:00 in Melbourne
  static final DatasetSchema STOPS =
      DatasetSchema.builder()
          .required("Stop_ID", ColumnType.INT)
          .required("Stop_name", ColumnType.STRING)
          .optional("Stop_lat", ColumnType.DOUBLE)
          .optional("Pax_annual", ColumnType.LONG)
          .optional("Accessible", ColumnType.BOOLEAN)
          .optional("Opened", ColumnType.DATE)
          .optional("Updated", ColumnType.TIMESTAMP)
          .build();

  @TempDir Path directory;

  private ParquetDatasetSink sink() {
    return ParquetDatasetSink.builder(directory).zone(MELBOURNE).keep(2).build();
  }

  static Object[] stop(int id, String name) {
    return new Object[] {
      id,
      name,
      -37.8183,
      1_234_567_890_123L,
      true,
      LocalDate.of(1854, 9, 12),
      Instant.parse("2026-11-20T06:00:00.123456Z")
    };
  }

  private List<String> files() throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theParquetSchema_isWhatTheSinkWrites_forToolsUsingParquetJavaDirectly() throws Exception {
    String expected =
        """
        message row {
          required int32 Stop_ID;
          required binary Stop_name (STRING);
          optional double Stop_lat;
          optional int64 Pax_annual;
          optional boolean Accessible;
          optional int32 Opened (DATE);
          optional int64 Updated (TIMESTAMP(MICROS,true));
        }
        """;
    assertThat(ParquetDatasetSink.parquetSchema(STOPS).toString())
        .isEqualToIgnoringWhitespace(expected);

    DatasetOutput output = sink().open("stops", STOPS, NOV_25);
    output.write(stop(1, "Flinders Street"));
    DatasetVersion version = output.commit();
    try (org.apache.parquet.hadoop.ParquetFileReader file =
        org.apache.parquet.hadoop.ParquetFileReader.open(
            new org.apache.parquet.io.LocalInputFile(Path.of(version.location())))) {
      assertThat(file.getFooter().getFileMetaData().getSchema())
          .isEqualTo(ParquetDatasetSink.parquetSchema(STOPS));
    }
  }

  @Test
  void rowsOfEveryType_readBackEqual_withTheSchema() throws Exception {
    ParquetDatasetSink sink = sink();
    Object[] withNulls = {2, "Southern Cross — Spencer St", null, null, null, null, null};
    try (DatasetOutput output = sink.open("stops", STOPS, NOV_25)) {
      output.write(stop(1, "Flinders Street"));
      output.write(withNulls);
      assertThat(output.rows()).isEqualTo(2);
      DatasetVersion version = output.commit();
      assertThat(version)
          .isEqualTo(
              new DatasetVersion(
                  "stops", "20261125", directory.resolve("stops_20261125.parquet").toString()));
    }

    try (ParquetDatasetReader reader = sink.readLatest("stops").orElseThrow()) {
      assertThat(reader.schema()).isEqualTo(STOPS);
      List<Object[]> rows = reader.readAll();
      assertThat(rows).hasSize(2);
      assertThat(rows.get(0)).containsExactly(stop(1, "Flinders Street"));
      assertThat(rows.get(1)).containsExactly(withNulls);
    }
    assertThat(files()).containsExactly("stops_20261125.parquet");
  }

  @Test
  void nothingIsVisibleBeforeTheCommit_andAnUncommittedVersionLeavesThePreviousOneAlone()
      throws Exception {
    ParquetDatasetSink sink = sink();
    try (DatasetOutput first = sink.open("stops", STOPS, NOV_25)) {
      first.write(stop(1, "Flinders Street"));
      first.commit();
    }
    Instant nextDay = NOV_25.plusSeconds(86_400);

    try (DatasetOutput failed = sink.open("stops", STOPS, nextDay)) {
      for (int i = 0; i < 1000; i++) {
        failed.write(stop(i, "stop " + i));
      }
      assertThat(sink.versions("stops"))
          .extracting(DatasetVersion::version)
          .containsExactly("20261125");
      assertThat(files()).hasSize(2).anyMatch(name -> name.startsWith(".stops_20261126.parquet."));
    } // closed without commit, as when the component fails

    assertThat(files()).containsExactly("stops_20261125.parquet");
    try (ParquetDatasetReader reader = sink.readLatest("stops").orElseThrow()) {
      assertThat(reader.readAll()).hasSize(1);
    }
  }

  @Test
  void aRerunOnTheSameDay_replacesThatDaysFile() throws Exception {
    ParquetDatasetSink sink = sink();
    for (String name : List.of("first run", "second run")) {
      try (DatasetOutput output = sink.open("stops", STOPS, NOV_25)) {
        output.write(stop(1, name));
        output.commit();
      }
    }

    assertThat(files()).containsExactly("stops_20261125.parquet");
    try (ParquetDatasetReader reader = sink.readLatest("stops").orElseThrow()) {
      assertThat(reader.readAll().get(0)[1]).isEqualTo("second run");
    }
  }

  @Test
  void retention_keepsTheNewestVersions_ofThatDatasetOnly() throws Exception {
    ParquetDatasetSink sink = sink();
    write(sink, "routes", NOV_25);
    for (int day = 0; day < 4; day++) {
      write(sink, "stops", NOV_25.plusSeconds(86_400L * day));
    }

    assertThat(sink.versions("stops"))
        .extracting(DatasetVersion::version)
        .containsExactly("20261128", "20261127");
    assertThat(files())
        .containsExactly(
            "routes_20261125.parquet", "stops_20261127.parquet", "stops_20261128.parquet");
  }

  @Test
  void aTimePattern_allowsSeveralVersionsADay() throws Exception {
    ParquetDatasetSink sink =
        ParquetDatasetSink.builder(directory)
            .zone(MELBOURNE)
            .filePattern("{dataset}_{date}T{time}.parquet")
            .build();
    write(sink, "vehicle_positions", NOV_25);
    write(sink, "vehicle_positions", NOV_25.plusSeconds(30));

    assertThat(sink.versions("vehicle_positions"))
        .extracting(DatasetVersion::version)
        .containsExactly("20261125060030", "20261125060000");
  }

  @Test
  void leftoverTemporaryFiles_ofDeadProcesses_areSweptWhenASinkIsBuilt_thoseOfLiveOnesKept()
      throws Exception {
    Process exited = new ProcessBuilder("true").start();
    exited.waitFor();
    Path ofADeadProcess =
        directory.resolve(".stops_20261125.parquet." + exited.pid() + "-5eed.tmp");
    Files.writeString(ofADeadProcess, "half a file from a killed process");
    Path olderName = directory.resolve(".routes_20261125.parquet.5eed.tmp");
    Files.writeString(olderName, "half a file, named before names carried the pid");
    long live = ProcessHandle.current().parent().orElseThrow().pid();
    Path ofALiveProcess = directory.resolve(".trips_20261125.parquet." + live + "-5eed.tmp");
    Files.writeString(ofALiveProcess, "being written by another process");
    Path notOurs = directory.resolve(".notes.txt.tmp");
    Files.writeString(notOurs, "someone else's");

    sink();

    assertThat(ofADeadProcess).doesNotExist();
    assertThat(olderName).doesNotExist();
    assertThat(ofALiveProcess).exists();
    assertThat(notOurs).exists();
  }

  @Test
  void badInput_isRefusedWithWhatAndWhere() {
    ParquetDatasetSink sink = sink();
    try (DatasetOutput output = sink.open("stops", STOPS, NOV_25)) {
      Object[] wrongType = stop(1, "x");
      wrongType[2] = "-37.8";
      assertThatThrownBy(() -> output.write(wrongType))
          .hasMessage("column Stop_lat holds DOUBLE (Double) values, not String");
      Object[] missing = stop(1, "x");
      missing[1] = null;
      assertThatThrownBy(() -> output.write(missing))
          .hasMessage("column Stop_name is required but null");
      assertThatThrownBy(() -> output.write(new Object[] {1}))
          .hasMessage("a row has 1 values; the schema has 7 columns");
    }
    assertThatThrownBy(() -> sink.open("Stops!", STOPS, NOV_25))
        .hasMessageStartingWith("dataset name \"Stops!\" is not valid");
    assertThatThrownBy(
            () ->
                ParquetDatasetSink.builder(directory)
                    .compression(org.apache.parquet.hadoop.metadata.CompressionCodecName.LZO))
        .hasMessage(
            "compression LZO is not supported here: use ZSTD, SNAPPY, GZIP, LZ4_RAW or"
                + " UNCOMPRESSED");
    assertThatThrownBy(() -> ParquetDatasetSink.builder(directory).zstdLevel(23))
        .hasMessage("zstdLevel must be 1 to 22, was 23");
    assertThatThrownBy(() -> ParquetDatasetSink.builder(directory).keep(0))
        .hasMessage("keep must be at least 1, was 0");
    assertThatThrownBy(() -> ParquetDatasetSink.builder(directory).dictionaryPageBytes(10))
        .hasMessage("dictionaryPageBytes must be at least 1 KiB, was 10");
    assertThatThrownBy(() -> ParquetDatasetSink.builder(directory).filePattern("{dataset}.parquet"))
        .hasMessageStartingWith("file pattern \"{dataset}.parquet\" is not valid");
  }

  @Test
  void theZstdLevel_reachesTheCompressor() throws Exception {
    long fast = sizeAtLevel(1);
    long small = sizeAtLevel(19);

    assertThat(small).isLessThan(fast); // the same rows, compressed harder
  }

  private long sizeAtLevel(int level) throws Exception {
    ParquetDatasetSink sink =
        ParquetDatasetSink.builder(directory.resolve("level" + level)).zstdLevel(level).build();
    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    try (DatasetOutput output = sink.open("stops", STOPS, Instant.parse("2026-11-25T00:00:00Z"))) {
      for (int i = 0; i < 50_000; i++) {
        output.write(stop(i, "Stop " + random.nextInt(5_000) + " Road/" + (i % 97) + " Street"));
      }
      java.nio.file.Path file = java.nio.file.Path.of(output.commit().location());
      return java.nio.file.Files.size(file);
    }
  }

  static void write(ParquetDatasetSink sink, String dataset, Instant at) {
    try (DatasetOutput output = sink.open(dataset, STOPS, at)) {
      output.write(stop(1, "Flinders Street"));
      output.commit();
    }
  }
}

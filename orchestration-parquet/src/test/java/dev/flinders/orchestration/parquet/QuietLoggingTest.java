package dev.flinders.orchestration.parquet;

import static dev.flinders.orchestration.parquet.ParquetDatasetSinkTest.STOPS;
import static dev.flinders.orchestration.parquet.ParquetDatasetSinkTest.stop;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.flinders.orchestration.spi.DatasetOutput;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Writing and reading a dataset logs nothing at INFO from parquet-java or Hadoop, with their
 * loggers at INFO as many applications leave them; parquet-java's own record reader, read the same
 * way, does (so this test would see such lines).
 */
class QuietLoggingTest {
  private static final List<String> LIBRARIES = List.of("org.apache.parquet", "org.apache.hadoop");

  @TempDir Path directory;

  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final Level[] levels = new Level[LIBRARIES.size()];

  @BeforeEach
  void listenAtInfo() {
    events.start();
    root.addAppender(events);
    for (int i = 0; i < levels.length; i++) {
      Logger library = (Logger) LoggerFactory.getLogger(LIBRARIES.get(i));
      levels[i] = library.getLevel();
      library.setLevel(Level.INFO);
    }
  }

  @AfterEach
  void restore() {
    root.detachAppender(events);
    for (int i = 0; i < levels.length; i++) {
      ((Logger) LoggerFactory.getLogger(LIBRARIES.get(i))).setLevel(levels[i]);
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"ZSTD", "SNAPPY", "GZIP", "LZ4_RAW", "UNCOMPRESSED"})
  void writingAndReadingBack_logsNothingFromParquetJavaOrHadoop(CompressionCodecName codec) {
    // given
    ParquetDatasetSink sink =
        ParquetDatasetSink.builder(directory).compression(codec).rowGroupBytes(1 << 16).build();

    // when
    try (DatasetOutput output = sink.open("stops", STOPS, Instant.EPOCH)) {
      for (int i = 0; i < 5_000; i++) {
        output.write(stop(i, "stop " + i));
      }
      output.commit();
    }
    List<Object[]> rows;
    try (ParquetDatasetReader reader = sink.readLatest("stops").orElseThrow()) {
      rows = reader.readAll();
    }

    // then
    assertThat(rows).hasSize(5_000);
    assertThat(libraryLines()).isEmpty();
  }

  @Test
  void parquetJavasRecordReader_logsAtInfo_whichIsWhatTheReaderAvoids() throws Exception {
    ParquetDatasetSink sink = ParquetDatasetSink.builder(directory).build();
    try (DatasetOutput output = sink.open("stops", STOPS, Instant.EPOCH)) {
      output.write(stop(1, "Flinders Street"));
      output.commit();
    }
    InputFile file = new LocalInputFile(Path.of(sink.versions("stops").get(0).location()));

    try (ParquetReader<Group> reader = new GroupReader(file).build()) {
      assertThat(reader.read()).isNotNull();
    }

    assertThat(libraryLines())
        .anyMatch(line -> line.contains("RecordReader initialized will read a total of 1 records"));
  }

  /** What parquet-java and Hadoop logged at INFO or above, as "LEVEL logger - message". */
  private List<String> libraryLines() {
    return events.list.stream()
        .filter(event -> event.getLevel().isGreaterOrEqual(Level.INFO))
        .filter(event -> LIBRARIES.stream().anyMatch(event.getLoggerName()::startsWith))
        .map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage())
        .toList();
  }

  private static final class GroupReader extends ParquetReader.Builder<Group> {
    GroupReader(InputFile file) {
      super(file, new PlainParquetConfiguration());
    }

    @Override
    protected ReadSupport<Group> getReadSupport() {
      return new GroupReadSupport();
    }
  }
}

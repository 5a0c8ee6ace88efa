package dev.flinders.orchestration.benchmarks;

import dev.flinders.orchestration.core.csv.CsvReader;
import dev.flinders.orchestration.dataset.Column;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import dev.flinders.orchestration.spi.DatasetOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parquet encoding alone, on typed GTFS {@code stop_times} rows already in memory: the sink's
 * column-by-column encoder ({@link ParquetDatasetSink}: rows checked on the caller's thread,
 * encoded on its own) against parquet-java's record-at-a-time path ({@link ParquetWriter} with a
 * {@link WriteSupport} writing each row to its record consumer, which is what the sink did before),
 * with the same options: ZSTD level 1, 1 MiB pages, 64 KiB dictionaries, no page checksums or size
 * statistics. Scores are nanoseconds per row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ParquetEncodingBenchmark.ROWS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ParquetEncodingBenchmark {
  static final int ROWS = 200_000;

  private final DatasetSchema schema = CsvToParquetComparison.STOP_TIMES;
  List<Object[]> rows;
  Path directory;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    directory = Files.createTempDirectory("flinders-parquet-encoding");
    Path csv = directory.resolve("stop_times.txt");
    CsvToParquetComparison.generate(csv, ROWS);
    rows = new ArrayList<>(ROWS);
    try (InputStream in = Files.newInputStream(csv);
        CsvReader reader = CsvReader.open(in, csv.toString(), schema)) {
      for (List<String> record = reader.nextRecord();
          record != null;
          record = reader.nextRecord()) {
        String[] texts = reader.toSchemaOrder(record);
        Object[] row = new Object[texts.length];
        for (int i = 0; i < row.length; i++) {
          row[i] = schema.column(i).type().parse(texts[i]);
        }
        rows.add(row);
      }
    }
    Files.delete(csv);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (var files = Files.walk(directory)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  @Benchmark
  public long flindersSink() throws IOException {
    ParquetDatasetSink sink = ParquetDatasetSink.builder(directory.resolve("sink")).keep(1).build();
    try (DatasetOutput output = sink.open("stop_times", schema, Instant.EPOCH)) {
      for (Object[] row : rows) {
        output.write(row);
      }
      return Files.size(Path.of(output.commit().location()));
    }
  }

  @Benchmark
  public long parquetJavaRecordWriter() throws IOException {
    Path file = directory.resolve("record-writer.parquet");
    try (ParquetWriter<Object[]> writer =
        new Builder(new LocalOutputFile(file), schema)
            .withConf(new PlainParquetConfiguration())
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withCompressionCodec(CompressionCodecName.ZSTD)
            .withPageSize(1 << 20)
            .withDictionaryPageSize(64 << 10)
            .withDictionaryEncoding(true)
            .withSizeStatisticsEnabled(false)
            .withPageWriteChecksumEnabled(false)
            .config("parquet.compression.codec.zstd.level", "1")
            .build()) {
      for (Object[] row : rows) {
        writer.write(row);
      }
    }
    return Files.size(file);
  }

  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final DatasetSchema schema;

    Builder(OutputFile file, DatasetSchema schema) {
      super(file);
      this.schema = schema;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(Configuration configuration) {
      return new RowWriteSupport(schema);
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration configuration) {
      return new RowWriteSupport(schema);
    }
  }

  /** Each row's values straight to parquet-java's record consumer (the sink's former path). */
  private static final class RowWriteSupport extends WriteSupport<Object[]> {
    private final List<Column> columns;
    private final MessageType message;
    private RecordConsumer consumer;

    RowWriteSupport(DatasetSchema schema) {
      this.columns = schema.columns();
      this.message = ParquetDatasetSink.parquetSchema(schema);
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(message, Map.of());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(message, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
      consumer.startMessage();
      for (int i = 0; i < row.length; i++) {
        Object value = row[i];
        if (value == null) {
          continue;
        }
        String name = columns.get(i).name();
        consumer.startField(name, i);
        ColumnType type = columns.get(i).type();
        switch (type) {
          case STRING ->
              consumer.addBinary(
                  Binary.fromConstantByteArray(((String) value).getBytes(StandardCharsets.UTF_8)));
          case INT -> consumer.addInteger((Integer) value);
          case LONG -> consumer.addLong((Long) value);
          case DOUBLE -> consumer.addDouble((Double) value);
          case BOOLEAN -> consumer.addBoolean((Boolean) value);
          case DATE -> consumer.addInteger(Math.toIntExact(((LocalDate) value).toEpochDay()));
          case TIMESTAMP ->
              consumer.addLong(ChronoUnit.MICROS.between(Instant.EPOCH, (Instant) value));
        }
        consumer.endField(name, i);
      }
      consumer.endMessage();
    }
  }
}

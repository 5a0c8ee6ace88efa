package dev.flinders.orchestration.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.dataset.Column;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.parquet.internal.Schemas;
import dev.flinders.orchestration.spi.DatasetOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The column-by-column encoder against references: random rows of every type (nulls in runs, at
 * random and everywhere; pooled and unique values; NaN, signed zeros, extremes, text beyond the
 * Basic Multilingual Plane) read back equal through parquet-java's reader, every row group's
 * statistics equal parquet-java's own for the same values, and DuckDB reads the same counts and
 * sums. Small pages, row groups and dictionaries make the fallbacks happen: many pages, many row
 * groups, dictionaries given up within a chunk.
 */
class ColumnarEncodingTest {
  @TempDir Path directory;

  private enum Nulls {
    NONE,
    ALL,
    RANDOM,
    RUNS
  }

  @ParameterizedTest(name = "seed {0}, {1} rows, {2}, pages {3}, row groups {4}, dictionary {5}")
  @CsvSource({
    "1, 25000, ZSTD, 1048576, 33554432, 65536",
    "2, 20000, UNCOMPRESSED, 1024, 65536, 1024",
    "3, 12000, SNAPPY, 4096, 262144, 4096",
    "4, 3, ZSTD, 1024, 65536, 1024",
    "5, 0, ZSTD, 1048576, 33554432, 65536",
    "6, 8000, GZIP, 4096, 262144, 4096",
    "7, 8000, LZ4_RAW, 4096, 262144, 4096",
  })
  void randomRows_readBackEqual_withParquetJavasStatistics_andDuckDbAgrees(
      long seed,
      int rows,
      CompressionCodecName codec,
      int pageBytes,
      long rowGroupBytes,
      int dictionaryBytes)
      throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    DatasetSchema schema = schema();
    Nulls[] nulls = new Nulls[schema.size()];
    for (int i = 0; i < nulls.length; i++) {
      nulls[i] =
          schema.column(i).nullable()
              ? Nulls.values()[random.nextInt(Nulls.values().length)]
              : Nulls.NONE;
    }
    List<Object[]> expected = new ArrayList<>();
    ParquetDatasetSink sink =
        ParquetDatasetSink.builder(directory)
            .compression(codec)
            .pageBytes(pageBytes)
            .rowGroupBytes(rowGroupBytes)
            .dictionaryPageBytes(dictionaryBytes)
            .build();
    Path file;
    try (DatasetOutput output = sink.open("random", schema, Instant.EPOCH)) {
      for (int r = 0; r < rows; r++) {
        Object[] row = new Object[schema.size()];
        for (int i = 0; i < row.length; i++) {
          boolean isNull =
              switch (nulls[i]) {
                case NONE -> false;
                case ALL -> true;
                case RANDOM -> random.nextInt(3) == 0;
                case RUNS -> r / 37 % 3 == 0;
              };
          row[i] = isNull ? null : value(schema.column(i), r, random);
        }
        output.write(row);
        expected.add(row);
      }
      file = Path.of(output.commit().location());
    }

    String why = "seed " + seed + ", nulls " + java.util.Arrays.toString(nulls);
    try (ParquetDatasetReader reader = ParquetDatasetReader.open(file)) {
      List<Object[]> actual = reader.readAll();
      assertThat(actual).as(why).hasSize(rows);
      for (int r = 0; r < rows; r++) {
        assertThat(actual.get(r))
            .as("%s, row %d", why, r)
            .containsExactly(readBack(expected.get(r)));
      }
    }
    ParquetMetadata footer;
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      footer = reader.getFooter();
    }
    int first = 0;
    Set<Encoding> encodings = EnumSet.noneOf(Encoding.class);
    boolean mixedChunk = false;
    for (BlockMetaData block : footer.getBlocks()) {
      for (int i = 0; i < schema.size(); i++) {
        ColumnChunkMetaData chunk = block.getColumns().get(i);
        assertThat(chunk.getValueCount()).isEqualTo(block.getRowCount());
        assertThat(statistics(chunk.getStatistics()))
            .as("%s, statistics of %s in rows %d+", why, schema.column(i).name(), first)
            .isEqualTo(statistics(reference(chunk.getPrimitiveType(), expected, i, first, block)));
        encodings.addAll(chunk.getEncodings());
        mixedChunk |=
            chunk.getEncodings().contains(Encoding.PLAIN_DICTIONARY)
                && chunk.getEncodings().contains(Encoding.PLAIN);
      }
      first += (int) block.getRowCount();
    }
    assertThat(first).isEqualTo(rows);
    if (seed == 2) { // the small settings: many row groups, dictionaries given up within a chunk
      assertThat(footer.getBlocks()).hasSizeGreaterThan(3);
      assertThat(mixedChunk).as("a chunk with dictionary and plain pages").isTrue();
    }
    if (rows > 10) {
      assertThat(encodings).contains(Encoding.PLAIN_DICTIONARY, Encoding.PLAIN, Encoding.RLE);
    }

    duckDbAgrees(file, schema, expected);
  }

  /**
   * Each type four times: required with few distinct values, optional pooled, optional unique, and
   * optional with ever more distinct values (its dictionary passes the first page's test, then
   * overflows within the chunk).
   */
  private static DatasetSchema schema() {
    DatasetSchema.Builder builder = DatasetSchema.builder();
    for (ColumnType type : ColumnType.values()) {
      String name = type.name().toLowerCase(java.util.Locale.ROOT);
      builder.required(name + "_pool", type);
      builder.optional(name + "_opt_pool", type);
      builder.optional(name + "_unique", type);
      builder.optional(name + "_growing", type);
    }
    return builder.build();
  }

  private static final String[] TEXT = {
    "", "Flinders Street", "Southern Cross", "Ærø", "é", "日本語", "🚆 Metro", "\u0000nul", "z", "ẞ"
  };

  private static Object value(Column column, int row, SplittableRandom random) {
    if (column.name().endsWith("growing")) {
      int n = random.nextInt(1 + row / 4);
      return switch (column.type()) {
        case STRING -> "g" + n;
        case INT -> n;
        case LONG -> (long) n;
        case DOUBLE -> n * 0.5;
        case BOOLEAN -> n % 2 == 0;
        case DATE -> LocalDate.ofEpochDay(n);
        case TIMESTAMP -> Instant.ofEpochSecond(n);
      };
    }
    boolean pooled = column.name().contains("pool");
    int pick = pooled ? random.nextInt(TEXT.length) : random.nextInt();
    return switch (column.type()) {
      case STRING ->
          pooled
              ? TEXT[pick]
              : TEXT[Math.floorMod(pick, TEXT.length)] + pick + "x".repeat(random.nextInt(80));
      case INT ->
          pooled ? pick - 5 : (int) extreme(random, pick, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case LONG ->
          pooled
              ? (long) pick << 40
              : extreme(random, random.nextLong(), Long.MIN_VALUE, Long.MAX_VALUE);
      case DOUBLE -> {
        double[] special = {Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY, 1e308, -37.8};
        yield pooled
            ? special[pick % special.length]
            : random.nextInt(50) == 0 ? Double.NaN : random.nextDouble(-1e6, 1e6);
      }
      case BOOLEAN -> random.nextBoolean();
      case DATE -> LocalDate.ofEpochDay(pooled ? pick * 1000L : random.nextInt(-200_000, 200_000));
      case TIMESTAMP ->
          Instant.ofEpochSecond(
              pooled ? pick * 86_400L : random.nextLong(-4_000_000_000L, 4_000_000_000L),
              random.nextInt(1_000_000_000));
    };
  }

  private static long extreme(SplittableRandom random, long value, long min, long max) {
    int which = random.nextInt(100);
    return which == 0 ? min : which == 1 ? max : value;
  }

  /** A row as it reads back: time stamps are kept to the microsecond. */
  private static Object[] readBack(Object[] row) {
    Object[] copy = row.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] instanceof Instant instant) {
        copy[i] = instant.truncatedTo(ChronoUnit.MICROS);
      }
    }
    return copy;
  }

  /** parquet-java's statistics of column {@code i} over the block's rows, value by value. */
  private static Statistics<?> reference(
      PrimitiveType type, List<Object[]> rows, int i, int first, BlockMetaData block) {
    Statistics<?> statistics = Statistics.createStats(type);
    for (int r = first; r < first + block.getRowCount(); r++) {
      Object value = rows.get(r)[i];
      if (value == null) {
        statistics.incrementNumNulls();
      } else if (value instanceof String text) {
        statistics.updateStats(Binary.fromString(text));
      } else if (value instanceof Integer number) {
        statistics.updateStats((int) number);
      } else if (value instanceof Long number) {
        statistics.updateStats((long) number);
      } else if (value instanceof Double number) {
        statistics.updateStats((double) number);
      } else if (value instanceof Boolean flag) {
        statistics.updateStats((boolean) flag);
      } else if (value instanceof LocalDate date) {
        statistics.updateStats((int) date.toEpochDay());
      } else if (value instanceof Instant instant) {
        statistics.updateStats(Schemas.micros(instant));
      }
    }
    return statistics;
  }

  private static String statistics(Statistics<?> statistics) {
    return statistics.hasNonNullValue()
        ? "min "
            + hex(statistics.getMinBytes())
            + " max "
            + hex(statistics.getMaxBytes())
            + " nulls "
            + statistics.getNumNulls()
        : "no values, nulls " + statistics.getNumNulls();
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }

  private static void duckDbAgrees(Path file, DatasetSchema schema, List<Object[]> rows)
      throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      for (int i = 0; i < schema.size(); i++) {
        String name = schema.column(i).name();
        long present = 0;
        long checksum = 0;
        for (Object[] row : rows) {
          if (row[i] != null) {
            present++;
            checksum += checksum(row[i]);
          }
        }
        String sql =
            switch (schema.column(i).type()) {
              case STRING -> "sum(strlen(" + name + "))"; // bytes of UTF-8
              case INT, LONG -> "sum(" + name + "::HUGEINT % 1000003)::BIGINT";
              case BOOLEAN -> "sum(" + name + "::INT)";
              case DATE -> "sum(" + name + " - DATE '1970-01-01')";
              case TIMESTAMP -> "sum(epoch_us(" + name + ") % 1000003)::BIGINT";
              case DOUBLE -> "count(*) FILTER (WHERE isnan(" + name + "))";
            };
        try (ResultSet result =
            statement.executeQuery(
                "SELECT count(" + name + "), " + sql + " FROM read_parquet('" + file + "')")) {
          result.next();
          assertThat(result.getLong(1)).as("DuckDB's count of %s", name).isEqualTo(present);
          assertThat(result.getLong(2)).as("DuckDB's checksum of %s", name).isEqualTo(checksum);
        }
      }
    }
  }

  private static long checksum(Object value) {
    if (value instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8).length;
    } else if (value instanceof Integer number) {
      return number % 1000003;
    } else if (value instanceof Long number) {
      return number % 1000003;
    } else if (value instanceof Boolean flag) {
      return flag ? 1 : 0;
    } else if (value instanceof LocalDate date) {
      return date.toEpochDay();
    } else if (value instanceof Instant instant) {
      return Schemas.micros(instant) % 1000003;
    }
    return Double.isNaN((Double) value) ? 1 : 0;
  }
}

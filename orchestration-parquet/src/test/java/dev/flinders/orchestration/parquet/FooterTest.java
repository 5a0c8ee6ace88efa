package dev.flinders.orchestration.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.parquet.internal.CreatedBy;
import dev.flinders.orchestration.spi.DatasetOutput;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.CorruptStatistics;
import org.apache.parquet.VersionParser;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The footer's created_by names Flinders and its version, and readers still trust the min/max
 * statistics. Readers decide from created_by whether to: parquet-java's rule (CorruptStatistics,
 * for the older min/max fields) and Arrow's (ApplicationVersion, for all of them) distrust
 * parquet-mr before 1.8.0 (Arrow: string statistics before 1.10.0) and, parquet-java, any value it
 * cannot parse. parquet-java reads the statistics; DuckDB reads them and skips the row groups they
 * rule out.
 */
class FooterTest {
  private static final DatasetSchema STOPS =
      DatasetSchema.builder()
          .required("Stop_ID", ColumnType.INT)
          .required("Stop_name", ColumnType.STRING)
          .build();
  private static final int ROWS = 30_000;

  @TempDir Path directory;
  private Path file;

  /** Rows in order of id and of name, in many small row groups. */
  @BeforeEach
  void write() {
    ParquetDatasetSink sink = ParquetDatasetSink.builder(directory).rowGroupBytes(1 << 16).build();
    try (DatasetOutput output = sink.open("stops", STOPS, Instant.EPOCH)) {
      for (int i = 1; i <= ROWS; i++) {
        output.write(new Object[] {i, String.format("stop %05d", i)});
      }
      file = Path.of(output.commit().location());
    }
  }

  @Test
  void createdBy_namesFlindersAndItsVersion_andTheParquetJavaThatLaidOutTheFile() throws Exception {
    String createdBy = footer().getFileMetaData().getCreatedBy();

    assertThat(createdBy)
        .isEqualTo(CreatedBy.VALUE)
        .matches(
            "flinders version \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(build parquet-java 1\\.\\d+\\.\\d+\\)");
    VersionParser.ParsedVersion parsed = VersionParser.parse(createdBy);
    assertThat(parsed.application).isEqualTo("flinders");
    assertThat(parsed.hasSemanticVersion()).isTrue();
  }

  @Test
  void parquetJava_readsTheStatistics_andItsRuleTrustsOurCreatedBy_notUnparsableOrOldParquetMr()
      throws Exception {
    ParquetMetadata footer = footer();
    List<BlockMetaData> groups = footer.getBlocks();
    assertThat(groups).hasSizeGreaterThan(5);

    BlockMetaData first = groups.get(0);
    Statistics<?> ids = first.getColumns().get(0).getStatistics();
    Statistics<?> names = first.getColumns().get(1).getStatistics();
    assertThat(ids.hasNonNullValue()).isTrue();
    assertThat(ids.genericGetMin()).isEqualTo(1);
    assertThat(names.hasNonNullValue())
        .as("binary statistics, the ones created_by decides")
        .isTrue();
    assertThat(names.genericGetMin()).isEqualTo(Binary.fromString("stop 00001"));
    assertThat(names.genericGetMax())
        .isEqualTo(Binary.fromString(String.format("stop %05d", first.getRowCount())));

    String createdBy = footer.getFileMetaData().getCreatedBy();
    assertThat(CorruptStatistics.shouldIgnoreStatistics(createdBy, PrimitiveTypeName.BINARY))
        .isFalse();
    assertThat(CorruptStatistics.shouldIgnoreStatistics("flinders 0.1.0", PrimitiveTypeName.BINARY))
        .as("without the word version, created_by does not parse")
        .isTrue();
    assertThat(
            CorruptStatistics.shouldIgnoreStatistics(
                "parquet-mr version 0.1.0", PrimitiveTypeName.BINARY))
        .as("our version under parquet-mr's name would read as a writer before PARQUET-251")
        .isTrue();
  }

  @Test
  void duckDb_readsCreatedBy_andTheStatistics_andSkipsRowGroupsWithThem() throws Exception {
    String path = file.toString().replace("'", "''");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      assertThat(rows(statement, "SELECT created_by FROM parquet_file_metadata('" + path + "')"))
          .containsExactly(CreatedBy.VALUE);
      assertThat(rows(statement, "SELECT stats(Stop_ID) FROM read_parquet('" + path + "') LIMIT 1"))
          .singleElement()
          .asString()
          .endsWith("max=30000, min=1}");
      assertThat(
              rows(statement, "SELECT stats(Stop_name) FROM read_parquet('" + path + "') LIMIT 1"))
          .singleElement()
          .asString()
          .endsWith("max=stop 30000, min=stop 00001}");

      String plan =
          String.join(
              "\n",
              rows(
                  statement,
                  "EXPLAIN ANALYZE SELECT count(*) FROM read_parquet('"
                      + path
                      + "') WHERE Stop_name = 'stop 29995'"));
      int groups = footer().getBlocks().size();
      assertThat(plan).contains("Row Groups Scanned: 1 / " + groups);
    }
  }

  private ParquetMetadata footer() throws Exception {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      return reader.getFooter();
    }
  }

  /** The rows of a query's last column, as text. */
  private static List<String> rows(Statement statement, String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (ResultSet result = statement.executeQuery(sql)) {
      int last = result.getMetaData().getColumnCount();
      while (result.next()) {
        rows.add(result.getString(last));
      }
    }
    return rows;
  }
}

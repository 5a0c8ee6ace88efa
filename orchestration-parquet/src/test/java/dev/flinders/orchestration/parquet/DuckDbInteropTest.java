package dev.flinders.orchestration.parquet;

import static dev.flinders.orchestration.parquet.ParquetDatasetSinkTest.MELBOURNE;
import static dev.flinders.orchestration.parquet.ParquetDatasetSinkTest.NOV_25;
import static dev.flinders.orchestration.parquet.ParquetDatasetSinkTest.STOPS;
import static dev.flinders.orchestration.parquet.ParquetDatasetSinkTest.stop;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.dataset.Column;
import dev.flinders.orchestration.spi.DatasetOutput;
import dev.flinders.orchestration.spi.DatasetVersion;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The files are read by the tools dashboards use: DuckDB here, with the types we declare. */
class DuckDbInteropTest {
  @TempDir Path directory;

  @Test
  void duckDbReadsTheRowsTheTypesAndTheValues() throws Exception {
    ParquetDatasetSink sink = ParquetDatasetSink.builder(directory).zone(MELBOURNE).build();
    DatasetVersion version;
    try (DatasetOutput output = sink.open("stops", STOPS, NOV_25)) {
      for (int i = 1; i <= 5_000; i++) {
        output.write(
            i % 10 == 0
                ? new Object[] {i, "stop " + i, null, null, null, null, null}
                : stop(i, "stop " + i));
      }
      version = output.commit();
    }
    String file = version.location().replace("'", "''");

    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement statement = connection.createStatement();
          ResultSet count =
              statement.executeQuery(
                  "SELECT count(*), count(Stop_lat), sum(Stop_ID) FROM read_parquet('"
                      + file
                      + "')")) {
        count.next();
        assertThat(count.getLong(1)).isEqualTo(5_000);
        assertThat(count.getLong(2)).isEqualTo(4_500);
        assertThat(count.getLong(3)).isEqualTo(5_000L * 5_001 / 2);
      }
      Map<String, String> types = new LinkedHashMap<>();
      try (Statement statement = connection.createStatement();
          ResultSet describe =
              statement.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
        while (describe.next()) {
          types.put(describe.getString("column_name"), describe.getString("column_type"));
        }
      }
      assertThat(types)
          .containsExactly(
              Map.entry("Stop_ID", "INTEGER"),
              Map.entry("Stop_name", "VARCHAR"),
              Map.entry("Stop_lat", "DOUBLE"),
              Map.entry("Pax_annual", "BIGINT"),
              Map.entry("Accessible", "BOOLEAN"),
              Map.entry("Opened", "DATE"),
              Map.entry("Updated", "TIMESTAMP WITH TIME ZONE"));
      try (Statement statement = connection.createStatement();
          ResultSet sample =
              statement.executeQuery(
                  "SELECT Stop_name, Stop_lat, Pax_annual, Accessible, CAST(Opened AS VARCHAR),"
                      + " epoch_us(Updated) FROM read_parquet('"
                      + file
                      + "') WHERE Stop_ID = 7")) {
        assertThat(sample.next()).isTrue();
        assertThat(sample.getString(1)).isEqualTo("stop 7");
        assertThat(sample.getDouble(2)).isEqualTo(-37.8183);
        assertThat(sample.getLong(3)).isEqualTo(1_234_567_890_123L);
        assertThat(sample.getBoolean(4)).isTrue();
        assertThat(sample.getString(5)).isEqualTo("1854-09-12");
        assertThat(sample.getLong(6)).isEqualTo(1_795_154_400_123_456L);
      }
    }
  }

  /** The reader decodes what another writer encoded, with each codec it decompresses itself. */
  @ParameterizedTest
  @ValueSource(strings = {"zstd", "snappy", "gzip", "lz4_raw", "uncompressed"})
  void filesDuckDbWrote_readBack_withEveryCodec(String codec) throws Exception {
    Path file = directory.resolve("duckdb-" + codec + ".parquet");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute(
          "COPY (SELECT i::INTEGER AS Stop_ID, 'stop ' || i AS Stop_name,"
              + " CASE WHEN i % 10 = 0 THEN NULL ELSE -37.8183::DOUBLE END AS Stop_lat,"
              + " i::BIGINT * 1000000007 AS Pax_annual, i % 2 = 0 AS Accessible,"
              + " DATE '1854-09-12' + i::INTEGER AS Opened,"
              + " make_timestamptz(i::BIGINT * 1000000) AS Updated"
              + " FROM range(1, 3001) t(i)) TO '"
              + file
              + "' (FORMAT parquet, COMPRESSION '"
              + codec
              + "', ROW_GROUP_SIZE 1000)");
    }

    List<Object[]> rows;
    try (ParquetDatasetReader reader = ParquetDatasetReader.open(file)) {
      assertThat(reader.schema().columns())
          .extracting(Column::name)
          .containsExactly(
              "Stop_ID", "Stop_name", "Stop_lat", "Pax_annual", "Accessible", "Opened", "Updated");
      rows = reader.readAll();
    }

    assertThat(rows).hasSize(3_000);
    assertThat(rows.get(6))
        .containsExactly(
            7,
            "stop 7",
            -37.8183,
            7_000_000_049L,
            false,
            LocalDate.of(1854, 9, 19),
            Instant.ofEpochSecond(7));
    assertThat(rows.get(9)[2]).isNull();
  }
}

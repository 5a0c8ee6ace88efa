package dev.flinders.orchestration.parquet;

import static dev.flinders.orchestration.parquet.ParquetDatasetSinkTest.MELBOURNE;
import static dev.flinders.orchestration.parquet.ParquetDatasetSinkTest.NOV_25;
import static dev.flinders.orchestration.parquet.ParquetDatasetSinkTest.STOPS;
import static dev.flinders.orchestration.parquet.ParquetDatasetSinkTest.stop;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.spi.DatasetOutput;
import dev.flinders.orchestration.spi.DatasetVersion;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}

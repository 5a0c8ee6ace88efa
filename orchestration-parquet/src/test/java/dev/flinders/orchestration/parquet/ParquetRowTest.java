package dev.flinders.orchestration.parquet;

import static dev.flinders.orchestration.parquet.ParquetDatasetSinkTest.MELBOURNE;
import static dev.flinders.orchestration.parquet.ParquetDatasetSinkTest.NOV_25;
import static dev.flinders.orchestration.parquet.ParquetDatasetSinkTest.STOPS;
import static dev.flinders.orchestration.parquet.ParquetDatasetSinkTest.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.spi.DatasetOutput;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows read back by column name, typed, from files the sink wrote. */
class ParquetRowTest {
  @TempDir Path directory;
  private ParquetDatasetSink sink;

  /** Flinders Street with every value, then Southern Cross with only the required ones. */
  @BeforeEach
  void write() {
    sink = ParquetDatasetSink.builder(directory).zone(MELBOURNE).build();
    try (DatasetOutput output = sink.open("stops", STOPS, NOV_25)) {
      output.write(stop(1, "Flinders Street"));
      output.write(new Object[] {2, "Southern Cross", null, null, null, null, null});
      for (int i = 3; i <= 2_000; i++) {
        output.write(stop(i, "stop " + i));
      }
      output.commit();
    }
  }

  @Test
  void everyType_readsByName() {
    try (ParquetDatasetReader reader = sink.readLatest("stops").orElseThrow()) {
      ParquetRow row = reader.nextRow();

      assertThat(row).isNotNull();
      assertThat(row.schema()).isEqualTo(STOPS);
      assertThat(row.integer("Stop_ID")).isEqualTo(1);
      assertThat(row.string("Stop_name")).isEqualTo("Flinders Street");
      assertThat(row.doubleValue("Stop_lat")).isEqualTo(-37.8183);
      assertThat(row.longValue("Pax_annual")).isEqualTo(1_234_567_890_123L);
      assertThat(row.booleanValue("Accessible")).isTrue();
      assertThat(row.date("Opened")).isEqualTo(LocalDate.of(1854, 9, 12));
      assertThat(row.timestamp("Updated")).isEqualTo(Instant.parse("2026-11-20T06:00:00.123456Z"));
      assertThat(row.get("Stop_name")).isEqualTo("Flinders Street");
      assertThat(row.isNull("Stop_lat")).isFalse();
      assertThat(row)
          .hasToString(
              "{Stop_ID=1, Stop_name=Flinders Street, Stop_lat=-37.8183,"
                  + " Pax_annual=1234567890123, Accessible=true, Opened=1854-09-12,"
                  + " Updated=2026-11-20T06:00:00.123456Z}");
    }
  }

  @Test
  void missingValues_areNull_andATypedAccessorSaysHowToReadThem() {
    try (ParquetDatasetReader reader = sink.readLatest("stops").orElseThrow()) {
      reader.nextRow();
      ParquetRow southernCross = reader.nextRow();

      assertThat(southernCross.isNull("Stop_lat")).isTrue();
      assertThat(southernCross.get("Opened")).isNull();
      assertThatThrownBy(() -> southernCross.doubleValue("Stop_lat"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "column Stop_lat has no value in this row: check isNull(\"Stop_lat\") first, or read"
                  + " it with get(\"Stop_lat\")");
    }
  }

  @Test
  void anUnknownColumn_isRefused_listingTheColumns_andTheOneItMeantWhenOnlyTheCaseDiffers() {
    try (ParquetDatasetReader reader = sink.readLatest("stops").orElseThrow()) {
      ParquetRow row = reader.nextRow();

      assertThatThrownBy(() -> row.integer("stop_id"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "no column \"stop_id\"; did you mean \"Stop_ID\"? The columns are [Stop_ID,"
                  + " Stop_name, Stop_lat, Pax_annual, Accessible, Opened, Updated]");
      assertThatThrownBy(() -> row.get("Platform"))
          .hasMessage(
              "no column \"Platform\"; the columns are [Stop_ID, Stop_name, Stop_lat, Pax_annual,"
                  + " Accessible, Opened, Updated]");
    }
  }

  @Test
  void aColumnOfAnotherType_isRefused_namingTheAccessorForIt() {
    try (ParquetDatasetReader reader = sink.readLatest("stops").orElseThrow()) {
      ParquetRow row = reader.nextRow();

      assertThatThrownBy(() -> row.integer("Pax_annual"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "column Pax_annual holds LONG values, not INT: read it with"
                  + " longValue(\"Pax_annual\")");
      assertThatThrownBy(() -> row.string("Opened"))
          .hasMessage("column Opened holds DATE values, not STRING: read it with date(\"Opened\")");
    }
  }

  @Test
  void rowsByName_andByPosition_readTheSameFile_andMoveOneCursor() {
    List<Object[]> byPosition;
    try (ParquetDatasetReader reader = sink.readLatest("stops").orElseThrow()) {
      byPosition = reader.readAll();
    }

    try (ParquetDatasetReader reader = sink.readLatest("stops").orElseThrow()) {
      assertThat(reader.rows().limit(2).map(row -> row.string("Stop_name")))
          .containsExactly("Flinders Street", "Southern Cross");
      assertThat(reader.next()).containsExactly(byPosition.get(2));
      assertThat(reader.rows().mapToInt(row -> row.integer("Stop_ID")).sum())
          .isEqualTo(2_000 * 2_001 / 2 - 6);
      assertThat(reader.nextRow()).isNull();
      assertThat(reader.next()).isNull();
    }
  }

  @Test
  void rowsWithEqualValues_areEqual() {
    try (ParquetDatasetReader first = sink.readLatest("stops").orElseThrow();
        ParquetDatasetReader second = sink.readLatest("stops").orElseThrow()) {
      ParquetRow one = first.nextRow();
      ParquetRow same = second.nextRow();

      assertThat(one).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(first.nextRow());
    }
  }
}

package dev.flinders.orchestration.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnTypeTest {
  @Test
  void textConvertsToEachType_ignoringSurroundingSpace() {
    assertThat(ColumnType.STRING.parse(" Flinders St ")).isEqualTo(" Flinders St ");
    assertThat(ColumnType.INT.parse(" 1071 ")).isEqualTo(1071);
    assertThat(ColumnType.INT.parse("+3")).isEqualTo(3);
    assertThat(ColumnType.LONG.parse("20452000000")).isEqualTo(20_452_000_000L);
    assertThat(ColumnType.DOUBLE.parse("-37.8183")).isEqualTo(-37.8183);
    assertThat(ColumnType.BOOLEAN.parse("Yes")).isEqualTo(true);
    assertThat(ColumnType.BOOLEAN.parse("0")).isEqualTo(false);
    assertThat(ColumnType.DATE.parse("2026-11-25")).isEqualTo(LocalDate.of(2026, 11, 25));
    assertThat(ColumnType.DATE.parse("20261125")).isEqualTo(LocalDate.of(2026, 11, 25));
    assertThat(ColumnType.TIMESTAMP.parse("2026-11-25T06:00:00+11:00"))
        .isEqualTo(Instant.parse("2026-11-24T19:00:00Z"));
    assertThat(ColumnType.TIMESTAMP.parse("2026-11-20T06:00:00.123456"))
        .isEqualTo(Instant.parse("2026-11-20T06:00:00.123456Z"));
  }

  @Test
  void emptyTextIsMissing_exceptForStrings() {
    assertThat(ColumnType.INT.parse("  ")).isNull();
    assertThat(ColumnType.DATE.parse("")).isNull();
    assertThat(ColumnType.STRING.parse("")).isEqualTo("");
    assertThat(ColumnType.DOUBLE.parse(null)).isNull();
  }

  @Test
  void textThatDoesNotConvert_saysWhatAndToWhat() {
    assertThatThrownBy(() -> ColumnType.INT.parse("12a"))
        .isInstanceOf(ValueConversionException.class)
        .hasMessage("\"12a\" is not an INT");
    assertThatThrownBy(() -> ColumnType.INT.parse("3000000000"))
        .hasMessage("\"3000000000\" is not an INT");
    assertThatThrownBy(() -> ColumnType.BOOLEAN.parse("maybe"))
        .hasMessage("\"maybe\" is not a BOOLEAN");
    assertThatThrownBy(() -> ColumnType.DATE.parse("2026-02-30"))
        .hasMessage("\"2026-02-30\" is not a DATE");
    assertThatThrownBy(() -> ColumnType.TIMESTAMP.parse("yesterday"))
        .hasMessage("\"yesterday\" is not a TIMESTAMP");
    ValueConversionException e =
        (ValueConversionException) catchThrowable(() -> ColumnType.LONG.parse("x".repeat(100)));
    assertThat(e.getMessage()).hasSize("\"\" is not a LONG".length() + 60);
    assertThat(e.text()).hasSize(100);
    assertThat(e.type()).isEqualTo(ColumnType.LONG);
  }

  @Test
  void schemas_reportEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                DatasetSchema.builder()
                    .required("Stop_ID", ColumnType.INT)
                    .required("Stop_ID", ColumnType.INT)
                    .optional("Stop name", ColumnType.STRING)
                    .build())
        .hasMessage(
            "the dataset schema is not valid: column Stop_ID is declared more than once; column"
                + " name \"Stop name\" is not valid: use letters, digits and '_', not starting with"
                + " a digit, up to 128");
    assertThatThrownBy(() -> DatasetSchema.builder().build())
        .hasMessage("the dataset schema is not valid: it has no columns");
    DatasetSchema schema =
        DatasetSchema.builder()
            .required("Year", ColumnType.INT)
            .optional("Mode", ColumnType.STRING)
            .build();
    assertThat(schema.indexOf("Mode")).isEqualTo(1);
    assertThat(schema.indexOf("Nope")).isEqualTo(-1);
    assertThat(schema.toString()).isEqualTo("[Year INT NOT NULL, Mode STRING]");
  }

  @Test
  void columnName_turnsSourceNamesIntoColumnNames() {
    assertThat(DatasetSchema.columnName("Stop_ID")).isEqualTo("Stop_ID");
    assertThat(DatasetSchema.columnName("Month name")).isEqualTo("Month_name");
    assertThat(DatasetSchema.columnName(" Pax (daily) ")).isEqualTo("Pax_daily");
    assertThat(DatasetSchema.columnName("2024")).isEqualTo("_2024");
    assertThat(DatasetSchema.columnName("État")).isEqualTo("tat");
    assertThat(DatasetSchema.columnName("")).isEqualTo("_");
    assertThat(DatasetSchema.columnName("x".repeat(200))).hasSize(128);
    assertThat(
            DatasetSchema.builder()
                .optional(DatasetSchema.columnName("9 a-b"), ColumnType.INT)
                .build() // a valid column name: build() would refuse it otherwise
                .column(0)
                .name())
        .isEqualTo("_9_a_b");
  }

  @Test
  void fieldPositions_matchExactNamesFirst_thenColumnNames() {
    DatasetSchema schema =
        DatasetSchema.builder()
            .required("Year", ColumnType.INT)
            .optional("Month_name", ColumnType.STRING)
            .optional("Pax", ColumnType.INT)
            .build();

    assertThat(schema.fieldPositions(List.of("Month name", "Year", "Month_name", "Other")))
        .containsExactly(1, 2, -1);
    assertThat(schema.fieldPositions(List.of("Month name", "Year"))).containsExactly(1, 0, -1);
  }
}

package dev.flinders.orchestration.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetWriter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
  private static final DatasetSchema STATIONS =
      DatasetSchema.builder()
          .required("Stop_ID", ColumnType.INT)
          .required("Stop_name", ColumnType.STRING)
          .required("Fin_year", ColumnType.STRING)
          .optional("Pax_annual", ColumnType.INT)
          .optional("Platform_count", ColumnType.INT)
          .build();

  private static InputStream text(String csv) {
    return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
  }

  private static InputStream fixture() {
    return CsvReaderTest.class.getResourceAsStream(
        "/fixtures/datavic-patronage/annual_metropolitan_train_station_entries_fy_2024_2025.csv");
  }

  /** Records what a dataset writer is given. */
  private static final class Recording implements DatasetWriter {
    final List<String> calls = new ArrayList<>();

    @Override
    public void write(Object... values) {
      calls.add("write " + Arrays.toString(values));
    }

    @Override
    public void writeText(String... values) {
      calls.add("text " + Arrays.toString(values));
    }

    @Override
    public void reject(String reason, String... texts) {
      calls.add("reject " + reason + " " + Arrays.toString(texts));
    }

    @Override
    public void sourceColumns(List<String> columns) {
      calls.add("columns " + columns);
    }

    @Override
    public long rows() {
      return calls.size();
    }
  }

  @Test
  void theDataVicFile_withItsByteOrderMarkAndCrlf_mapsColumnsByName() {
    try (CsvReader reader = CsvReader.open(fixture(), "annual.csv", STATIONS)) {
      assertThat(reader.header()).startsWith("Fin_year", "Stop_ID", "Stop_name").hasSize(16);
      assertThat(reader.extraColumns()).startsWith("Stop_lat", "Stop_long").hasSize(12);
      assertThat(reader.missingColumns()).containsExactly("Platform_count");
      assertThat(reader.toSchemaOrder(reader.nextRecord()))
          .containsExactly("15351", "Sunbury", "FY24-25", "691050", null);
      int rest = 0;
      while (reader.nextRecord() != null) {
        rest++;
      }
      assertThat(rest + 1).isEqualTo(222);
      assertThat(reader.records()).isEqualTo(222);
    }
  }

  @Test
  void quotedFields_keepTheirCommasQuotesAndLineBreaks() {
    String csv =
        "Stop_name,Stop_ID,Fin_year\r\n"
            + "\"Flinders Street, City\",1071,FY24-25\r\n"
            + "\"Southern \"\"Cross\"\"\",1181,FY24-25\r\n"
            + "\"Two\nlines\",1,FY24-25\r\n"
            + ",,\r\n"
            + "\r\n";
    try (CsvReader reader = CsvReader.open(text(csv), "quoted.csv", STATIONS)) {
      assertThat(reader.toSchemaOrder(reader.nextRecord())[1]).isEqualTo("Flinders Street, City");
      assertThat(reader.toSchemaOrder(reader.nextRecord())[1]).isEqualTo("Southern \"Cross\"");
      assertThat(reader.toSchemaOrder(reader.nextRecord())[1]).isEqualTo("Two\nlines");
      assertThat(reader.nextRecord()).as("blank rows are skipped").isNull();
    }
  }

  @Test
  void aByteOrderMarkBeforeAQuotedHeader_asInGtfs_isSkipped() {
    String csv =
        "\uFEFF\"Stop_ID\",\"Stop_name\",\"Fin_year\"\r\n\"1071\",\"Flinders Street\",\"FY\"\r\n";
    try (CsvReader reader = CsvReader.open(text(csv), "gtfs.txt", STATIONS)) {
      assertThat(reader.header()).containsExactly("Stop_ID", "Stop_name", "Fin_year");
      assertThat(reader.toSchemaOrder(reader.nextRecord())).startsWith("1071", "Flinders Street");
    }
  }

  @Test
  void copyTo_givesTheHeaderThenEachRecord_andRejectsLinesOfTheWrongWidth() {
    String csv =
        "Fin_year,Stop_ID,Stop_name\n"
            + "FY24-25,1071,Flinders Street\n"
            + "FY24-25,1181,Southern Cross,extra\n"
            + "FY24-25,12a,Parliament\n";
    Recording writer = new Recording();
    try (CsvReader reader = CsvReader.open(text(csv), "wide.csv", STATIONS)) {
      assertThat(reader.copyTo(writer)).isEqualTo(3);
    }

    assertThat(writer.calls)
        .containsExactly(
            "columns [Fin_year, Stop_ID, Stop_name]",
            "text [1071, Flinders Street, FY24-25, null, null]",
            "reject line 3 has 4 fields; the header has 3 [1181, Southern Cross, FY24-25, null,"
                + " null]",
            "text [12a, Parliament, FY24-25, null, null]");
  }

  @Test
  void wideRecords_keepEveryField_andRecordsDoNotShareTheirLists() {
    DatasetSchema.Builder schema = DatasetSchema.builder();
    StringBuilder header = new StringBuilder();
    StringBuilder first = new StringBuilder();
    StringBuilder second = new StringBuilder();
    for (int i = 0; i < 40; i++) { // more fields than the reader's first buffer holds
      schema.optional("c" + i, ColumnType.STRING);
      header.append(i == 0 ? "" : ",").append("c").append(i);
      first.append(i == 0 ? "" : ",").append("a").append(i);
      second.append(i == 0 ? "" : ",").append("b").append(i);
    }
    String csv = header + "\n" + first + "\n" + second + "\n";
    Recording writer = new Recording();
    try (CsvReader reader = CsvReader.open(text(csv), "wide.csv", schema.build())) {
      List<String> a = reader.nextRecord();
      List<String> b = reader.nextRecord();
      assertThat(a).hasSize(40).startsWith("a0", "a1").endsWith("a39");
      assertThat(b).hasSize(40).startsWith("b0", "b1").endsWith("b39");
    }
    try (CsvReader reader = CsvReader.open(text(csv), "wide.csv", schema.build())) {
      assertThat(reader.copyTo(writer)).isEqualTo(2);
    }
    assertThat(writer.calls).hasSize(3);
    assertThat(writer.calls.get(2)).startsWith("text [b0, b1, b2").endsWith("b38, b39]");
  }

  @Test
  void badSources_areRefusedWithWhatIsWrongAndWhere() {
    assertThatThrownBy(() -> CsvReader.open(text(""), "empty.csv", STATIONS))
        .isInstanceOf(CsvFormatException.class)
        .hasMessage(
            "empty.csv is empty: expected a header with the columns [Stop_ID, Stop_name, Fin_year,"
                + " Pax_annual, Platform_count]");
    assertThatThrownBy(
            () -> CsvReader.open(text("Stop_ID,Stop_name\n1,x\n"), "short.csv", STATIONS))
        .hasMessage(
            "short.csv lacks the required columns [Fin_year]; its header has [Stop_ID, Stop_name]");
    assertThatThrownBy(
            () ->
                CsvReader.open(text("Stop_ID,Stop_ID,Stop_name,Fin_year\n"), "twice.csv", STATIONS))
        .hasMessage(
            "twice.csv: column Stop_ID appears twice in the header [Stop_ID, Stop_ID, Stop_name,"
                + " Fin_year]");
    try (CsvReader reader =
        CsvReader.open(
            text("Stop_ID,Stop_name,Fin_year\n1,ok,FY\n2,\"unclosed,FY\n"),
            "broken.csv",
            STATIONS)) {
      assertThat(reader.nextRecord()).isNotNull();
      assertThatThrownBy(reader::nextRecord)
          .isInstanceOf(CsvFormatException.class)
          .hasMessageStartingWith("broken.csv is not valid CSV at line ");
    }
    try (CsvReader headerOnly =
        CsvReader.open(text("Stop_ID,Stop_name,Fin_year\r\n"), "header.csv", STATIONS)) {
      assertThat(headerOnly.nextRecord()).isNull();
    }
  }

  @Test
  void headersThatAreNotColumnNames_matchByTheirColumnName() {
    DatasetSchema schema =
        DatasetSchema.builder()
            .required("Year", ColumnType.INT)
            .required("Month_name", ColumnType.STRING)
            .optional("Metropolitan_train", ColumnType.INT)
            .build();
    try (CsvReader reader =
        CsvReader.open(
            text("\uFEFFYear,Month name,Metropolitan train,Regional (coach)\r\n2025,Jun,1,2\r\n"),
            "by-mode.csv",
            schema)) {
      assertThat(reader.missingColumns()).isEmpty();
      assertThat(reader.extraColumns()).containsExactly("Regional (coach)");
      assertThat(reader.toSchemaOrder(reader.nextRecord())).containsExactly("2025", "Jun", "1");
    }
  }

  @Test
  void openAsText_takesItsColumnsFromTheHeader() {
    try (CsvReader reader =
        CsvReader.openAsText(
            text("\uFEFF\"Month name\",Year,2024,Month-name,\r\nJun,2025,x,y,z\r\n"), "any.csv")) {
      assertThat(reader.schema().columns())
          .extracting(column -> column.name() + ":" + column.type() + ":" + column.nullable())
          .containsExactly(
              "Month_name:STRING:true",
              "Year:STRING:true",
              "_2024:STRING:true",
              "Month_name_2:STRING:true",
              "_:STRING:true");
      assertThat(reader.toSchemaOrder(reader.nextRecord()))
          .containsExactly("Jun", "2025", "x", "y", "z");
    }
    assertThatThrownBy(() -> CsvReader.openAsText(text(""), "empty.csv"))
        .isInstanceOf(CsvFormatException.class)
        .hasMessage("empty.csv is empty: expected a header line");
  }
}

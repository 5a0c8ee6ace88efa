package dev.flinders.orchestration.core.csv;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.flinders.orchestration.dataset.Column;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads a CSV source for a dataset with Jackson CSV: UTF-8 with or without a byte-order mark, CRLF
 * or LF line ends, quoted fields (with commas, quotes and line breaks inside). The first line is
 * the header; columns are matched to the schema by name, in any order, first by the exact name and
 * then by {@link DatasetSchema#columnName} (so a header {@code Month name} fills a column {@code
 * Month_name}):
 *
 * <ul>
 *   <li>a required column missing from the header is an error at {@link #open} that lists what the
 *       header has; an optional one gets missing values;
 *   <li>header columns the schema does not have are ignored and listed by {@link #extraColumns()};
 *   <li>a line with more or fewer fields than the header is rejected into the quarantine by {@link
 *       #copyTo}; lines whose fields are all empty are skipped.
 * </ul>
 *
 * <p>Records stream: one is in memory at a time. Not thread-safe.
 */
public final class CsvReader implements AutoCloseable {
  private static final CsvMapper MAPPER =
      CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

  private final String source;
  private final DatasetSchema schema;
  private final CsvParser parser;
  private final List<String> header;
  private final int[] fieldOf;
  private final List<String> extraColumns = new ArrayList<>();
  private final List<String> missingColumns = new ArrayList<>();
  private long read;
  private final int @Nullable [] columnOf;
  private String[] lastFields = new String[0];
  private int fieldCount;
  private boolean blank;
  private long recordLine = 1;
  private boolean started;
  private long skipped;

  private CsvReader(
      InputStream in,
      String source,
      String expected,
      boolean positional,
      Function<List<String>, DatasetSchema> schemaOfHeader) {
    this.source = source;
    Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
    try {
      reader = withoutByteOrderMark(reader);
      this.parser = (CsvParser) MAPPER.getFactory().createParser(reader);
      if (!readRecord(new String[16], null)) {
        throw new CsvFormatException(source + " is empty: expected " + expected, null);
      }
      this.header = header(Arrays.asList(Arrays.copyOf(lastFields, fieldCount)));
    } catch (IOException | RuntimeException e) {
      closeQuietly(reader);
      throw e instanceof CsvFormatException csv ? csv : malformed(e);
    }
    Set<String> seen = new HashSet<>();
    for (String name : header) {
      if (!seen.add(name)) {
        closeQuietly(reader);
        throw new CsvFormatException(
            source + ": column " + name + " appears twice in the header " + header, null);
      }
    }
    try {
      this.schema = Objects.requireNonNull(schemaOfHeader.apply(header), "schema");
    } catch (RuntimeException e) {
      closeQuietly(reader);
      throw e;
    }
    // a schema made from this header matches it column by column
    this.fieldOf =
        positional ? IntStream.range(0, schema.size()).toArray() : schema.fieldPositions(header);
    int[] inverse = new int[header.size()];
    Arrays.fill(inverse, -1);
    boolean oneToOne = true;
    List<String> missingRequired = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      Column column = schema.column(i);
      if (fieldOf[i] < 0) {
        (column.nullable() ? missingColumns : missingRequired).add(column.name());
      } else {
        oneToOne &= inverse[fieldOf[i]] < 0;
        inverse[fieldOf[i]] = i;
      }
    }
    this.columnOf = oneToOne ? inverse : null;
    for (int i = 0; i < header.size(); i++) {
      if (inverse[i] < 0) {
        extraColumns.add(header.get(i));
      }
    }
    if (!missingRequired.isEmpty()) {
      closeQuietly(reader);
      throw new CsvFormatException(
          source + " lacks the required columns " + missingRequired + "; its header has " + header,
          null);
    }
  }

  /**
   * Opens a CSV source and reads its header.
   *
   * @param in the bytes, UTF-8; closed with the reader
   * @param source names the source in messages, e.g. a URL or file name
   * @throws CsvFormatException if it is empty, repeats a column, lacks a required one, or the
   *     header is not valid CSV
   */
  public static CsvReader open(InputStream in, String source, DatasetSchema schema) {
    Objects.requireNonNull(schema, "schema");
    return new CsvReader(
        Objects.requireNonNull(in, "in"),
        Objects.requireNonNull(source, "source"),
        "a header with the columns " + names(schema),
        false,
        h -> schema);
  }

  /**
   * Opens a CSV source whose columns are not known in advance: the schema is read from its header,
   * every column an optional {@link ColumnType#STRING} named by {@link DatasetSchema#columnName} (a
   * name taken twice gets {@code _2}, {@code _3}, … after it).
   *
   * @throws CsvFormatException as {@link #open(InputStream, String, DatasetSchema)}
   */
  public static CsvReader openAsText(InputStream in, String source) {
    return new CsvReader(
        Objects.requireNonNull(in, "in"),
        Objects.requireNonNull(source, "source"),
        "a header line",
        true,
        CsvReader::textSchema);
  }

  private static DatasetSchema textSchema(List<String> header) {
    DatasetSchema.Builder builder = DatasetSchema.builder();
    DatasetSchema.columnNames(header).forEach(name -> builder.optional(name, ColumnType.STRING));
    return builder.build();
  }

  /** The schema records are read into. */
  public DatasetSchema schema() {
    return schema;
  }

  /**
   * Skips a leading byte-order mark: Jackson would read it as part of the first field, and a quoted
   * first header field (GTFS quotes every field) would then not parse as quoted.
   */
  private static Reader withoutByteOrderMark(Reader reader) throws IOException {
    java.io.PushbackReader pushback = new java.io.PushbackReader(reader, 1);
    int first = pushback.read();
    if (first >= 0 && first != '\uFEFF') {
      pushback.unread(first);
    }
    return pushback;
  }

  private static List<String> header(List<String> names) {
    List<String> header = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) { // by index: a header may have blank names
      header.add(names.get(i) == null ? "" : names.get(i).strip());
    }
    return List.copyOf(header);
  }

  /** The header's column names, as in the file. */
  public List<String> header() {
    return header;
  }

  /** Header columns the schema does not have; they are not read. */
  public List<String> extraColumns() {
    return List.copyOf(extraColumns);
  }

  /** Optional schema columns the header lacks; their values are missing. */
  public List<String> missingColumns() {
    return List.copyOf(missingColumns);
  }

  /**
   * The next record's fields, as in the file (a fixed-size list of its own), or null after the
   * last. Lines whose fields are all empty are skipped.
   *
   * @throws CsvFormatException naming the line if the CSV is malformed (e.g. an unclosed quote)
   */
  public @Nullable List<String> nextRecord() {
    if (!next(new String[header.size()], null)) {
      return null;
    }
    return Arrays.asList(
        lastFields.length == fieldCount ? lastFields : Arrays.copyOf(lastFields, fieldCount));
  }

  /**
   * Reads the next record that is not all blank, as {@link #readRecord} does; false after the last.
   */
  private boolean next(String[] into, int @Nullable [] map) {
    try {
      while (readRecord(into, map)) {
        if (!blank) {
          read++;
          return true;
        }
        skipped++;
        Arrays.fill(into, null);
      }
      return false;
    } catch (IOException | RuntimeException e) {
      throw malformed(e);
    }
  }

  /**
   * Reads the next record's fields, straight from Jackson's streaming parser: field {@code f} goes
   * to {@code into[map[f]]} (dropped where that is negative or past the map), or with no map to
   * {@code into[f]}, the array growing as needed and kept as {@link #lastFields}. Sets {@link
   * #fieldCount} and {@link #blank}. False at the end.
   *
   * <p>A new array per record, not one reused: storing young strings into a long-lived array costs
   * the garbage collector's write barrier on every field (about a tenth of a large CSV to Parquet
   * copy under G1).
   */
  private boolean readRecord(String[] into, int @Nullable [] map) throws IOException {
    JsonToken token = parser.nextToken();
    if (!started && token == JsonToken.START_ARRAY) {
      started = true; // WRAP_AS_ARRAY wraps the whole file in one more array
      token = parser.nextToken();
    }
    if (token == null || token == JsonToken.END_ARRAY) {
      return false;
    }
    if (token != JsonToken.START_ARRAY) {
      throw new IOException("expected the start of a record, found " + token);
    }
    String[] fields = into;
    int count = 0;
    blank = true;
    for (token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      if (token == null) {
        throw new IOException("the last record is cut short");
      }
      if (count == 0) {
        recordLine = parser.currentTokenLocation().getLineNr(); // where the record starts
      }
      String text = parser.getText();
      if (blank && text != null && !text.isBlank()) {
        blank = false;
      }
      if (map == null) {
        if (count == fields.length) {
          fields = Arrays.copyOf(fields, Math.max(16, count * 2));
        }
        fields[count] = text;
      } else if (count < map.length && map[count] >= 0) {
        fields[map[count]] = text;
      }
      count++;
    }
    fieldCount = count;
    if (map == null) {
      lastFields = fields;
    }
    return true;
  }

  /** A record's values in the schema's column order (null where the header lacks a column). */
  public String[] toSchemaOrder(List<String> record) {
    return toSchemaOrder(record.toArray(new String[0]), record.size());
  }

  private String[] toSchemaOrder(String[] fields, int count) {
    String[] values = new String[fieldOf.length];
    for (int i = 0; i < values.length; i++) {
      int field = fieldOf[i];
      values[i] = field >= 0 && field < count ? fields[field] : null;
    }
    return values;
  }

  /**
   * Writes every remaining record to {@code writer}: first the header (for {@code
   * Rule.requiredColumns}), then each record as text, converted and checked by the dataset; a
   * record with a different number of fields than the header is rejected into the quarantine.
   *
   * @return the records read
   */
  public long copyTo(DatasetWriter writer) {
    writer.sourceColumns(header);
    long copied = 0;
    while (true) {
      String[] values;
      if (columnOf != null) { // fields go straight to their columns
        values = new String[fieldOf.length];
        if (!next(values, columnOf)) {
          break;
        }
      } else { // a field feeds two columns: read the record, then copy
        if (!next(new String[header.size()], null)) {
          break;
        }
        values = toSchemaOrder(lastFields, fieldCount);
      }
      if (fieldCount != header.size()) {
        writer.reject(
            "line " + line() + " has " + fieldCount + " fields; the header has " + header.size(),
            values);
      } else {
        writer.writeText(values);
      }
      copied++;
    }
    return copied;
  }

  /** The line where the last record read starts (1 is the header). */
  public long line() {
    return recordLine;
  }

  /** Records read so far. */
  public long records() {
    return read;
  }

  private CsvFormatException malformed(Exception e) {
    String where =
        parser == null || parser.currentLocation() == null
            ? ""
            : " at line " + parser.currentLocation().getLineNr();
    String detail =
        e instanceof com.fasterxml.jackson.core.JsonProcessingException json
            ? json.getOriginalMessage()
            : e.getMessage();
    return new CsvFormatException(source + " is not valid CSV" + where + ": " + detail, e);
  }

  private static String names(DatasetSchema schema) {
    List<String> names = new ArrayList<>();
    schema.columns().forEach(column -> names.add(column.name()));
    return names.toString();
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      // closing a source we have finished reading; nothing to act on
    }
  }

  private static void closeQuietly(Reader reader) {
    try {
      reader.close();
    } catch (IOException e) {
      // the source is being given up anyway
    }
  }
}

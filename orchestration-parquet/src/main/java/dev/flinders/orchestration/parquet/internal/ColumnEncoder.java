package dev.flinders.orchestration.parquet.internal;

import dev.flinders.orchestration.dataset.ColumnType;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType;
import org.jspecify.annotations.Nullable;

/**
 * Encodes one column of a flat schema into Parquet data pages (format version 1), as parquet-java's
 * column writers do, but a batch of rows at a time and without their per-value layers: values are
 * kept in a primitive array per page, definition levels as one flag per row, and a page is encoded
 * when it is full (its plain size reaches the page size, or {@link #PAGE_ROW_LIMIT} rows).
 *
 * <p>Encodings are parquet-java's for version 1: definition levels (optional columns only) in the
 * RLE/bit-packing hybrid with a 4-byte length; values dictionary-encoded ({@code PLAIN_DICTIONARY}:
 * a bit width, then indexes in the hybrid encoding) while the column's dictionary stays under its
 * limit and pays for itself on the chunk's first page, then {@code PLAIN}. Booleans are always
 * plain. Page statistics (min, max, nulls) feed the chunk's statistics and column index in {@link
 * PageWriter}, which also compresses and buffers the pages until the row group is written.
 */
abstract class ColumnEncoder {
  /** Rows per page at most (parquet-java's default page row count limit). */
  static final int PAGE_ROW_LIMIT = 20_000;

  /** The first size of the per-page arrays, which grow up to the page's rows. */
  static final int FIRST_CAPACITY = 1024;

  final PrimitiveType type;
  private final String name;
  private final boolean optional;
  private final boolean dictionaryEncoded;
  private final int pageBytes;
  final long dictionaryLimit;
  private boolean @Nullable [] present;
  int @Nullable [] indexes;
  private @Nullable PageWriter pages;

  /** Rows in the current page, nulls included. */
  private int rows;

  /** The length of the per-page arrays. */
  private int capacity = FIRST_CAPACITY;

  /** Values (non-null) in the current page; subclasses store the next one at this index. */
  int values;

  /** The plain-encoded size of the page's values. */
  long valueBytes;

  /** Whether values are still being dictionary-encoded. */
  boolean dictionary;

  /** Whether a page of the current chunk was written dictionary-encoded. */
  private boolean dictionaryPages;

  ColumnEncoder(
      ColumnDescriptor descriptor, boolean dictionaryEncoded, int pageBytes, long dictionaryLimit) {
    this.type = descriptor.getPrimitiveType();
    this.name = type.getName();
    this.optional = descriptor.getMaxDefinitionLevel() > 0;
    this.dictionaryEncoded = dictionaryEncoded && dictionaryLimit > 0;
    this.pageBytes = pageBytes;
    this.dictionaryLimit = dictionaryLimit;
    this.present = optional ? new boolean[FIRST_CAPACITY] : null;
    this.indexes = this.dictionaryEncoded ? new int[FIRST_CAPACITY] : null;
  }

  /** The encoder for a column of {@code type}. */
  static ColumnEncoder of(
      ColumnType type, ColumnDescriptor descriptor, int pageBytes, long dictionaryLimit) {
    return switch (type) {
      case STRING -> new OfStrings(descriptor, pageBytes, dictionaryLimit);
      case BOOLEAN -> new OfBooleans(descriptor, pageBytes);
      default -> new OfNumbers(type, descriptor, pageBytes, dictionaryLimit);
    };
  }

  /** Starts a column chunk (a row group's part of this column) written to {@code pages}. */
  final void startChunk(PageWriter pages) {
    this.pages = pages;
    this.dictionary = dictionaryEncoded;
    this.dictionaryPages = false;
  }

  /** Adds column {@code column} of the first {@code count} rows. */
  final void add(Object[][] batch, int count, int column) throws IOException {
    for (int r = 0; r < count; r++) {
      if (rows == capacity) {
        grow();
      }
      Object value = batch[r][column];
      if (value == null) {
        if (present == null) {
          throw new IllegalArgumentException("column " + name + " is required but has no value");
        }
        present[rows] = false;
      } else {
        if (present != null) {
          present[rows] = true;
        }
        add(value);
        values++;
      }
      if (++rows == PAGE_ROW_LIMIT || valueBytes >= pageBytes) {
        writePage();
      }
    }
  }

  private void grow() {
    capacity = Math.min(capacity * 2, PAGE_ROW_LIMIT);
    if (present != null) {
      present = Arrays.copyOf(present, capacity);
    }
    if (indexes != null) {
      indexes = Arrays.copyOf(indexes, capacity);
    }
    growPage(capacity);
  }

  /** Grows the page's value array to {@code capacity}. */
  abstract void growPage(int capacity);

  /** Stores {@code value} at index {@link #values}, and its dictionary index if encoding so. */
  abstract void add(Object value);

  /** Stops dictionary encoding: the dictionary passed its limit. */
  final void overflow() {
    dictionary = false;
    if (!dictionaryPages) {
      clearDictionary();
    }
  }

  /**
   * The memory this column holds for the current row group: pages written, the page, dictionary.
   */
  final long bufferedBytes() {
    return pages.getMemSize()
        + valueBytes
        + (dictionaryPages || dictionary ? dictionaryBytes() : 0);
  }

  /** Ends the chunk: writes the last page, and the dictionary if a page used it. */
  final void endChunk() throws IOException {
    writePage();
    if (dictionaryPages) {
      pages.writeDictionaryPage(
          new DictionaryPage(dictionaryPage(), dictionarySize(), Encoding.PLAIN_DICTIONARY));
    }
    clearDictionary();
    pages = null;
  }

  private void writePage() throws IOException {
    if (rows == 0) {
      return;
    }
    BytesInput levels = present == null ? BytesInput.empty() : definitionLevels();
    BytesInput data = null;
    Encoding encoding = Encoding.PLAIN;
    if (dictionary && values > 0) {
      BytesInput encoded = dictionaryIndexes();
      // as parquet-java: the dictionary is kept only if it pays for itself on the first page
      if (dictionaryPages || encoded.size() + dictionaryBytes() < valueBytes) {
        data = encoded;
        encoding = Encoding.PLAIN_DICTIONARY;
        dictionaryPages = true;
      } else {
        overflow();
      }
    }
    if (data == null) {
      data = plainValues();
    }
    Statistics<?> statistics = statistics();
    statistics.incrementNumNulls(rows - values);
    pages.writePage(
        BytesInput.concat(levels, data),
        rows,
        rows,
        statistics,
        Encoding.BIT_PACKED, // no repetition levels: flat columns
        present == null ? Encoding.BIT_PACKED : Encoding.RLE,
        encoding);
    rows = 0;
    values = 0;
    valueBytes = 0;
    resetPage();
  }

  /** The page's definition levels (1 present, 0 null), with their 4-byte length first. */
  private BytesInput definitionLevels() throws IOException {
    if (values == rows || values == 0) {
      // one RLE run: its length shifted left once, then the level in one byte
      ByteBuffer run = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
      run.position(4);
      BytesUtils.writeUnsignedVarInt(rows << 1, run);
      run.put((byte) (values == 0 ? 0 : 1));
      run.putInt(0, run.position() - 4);
      return BytesInput.from(run.array(), 0, run.position());
    }
    boolean[] flags = present;
    byte[] encoded = hybrid(1, rows, i -> flags[i] ? 1 : 0);
    return BytesInput.concat(BytesInput.fromInt(encoded.length), BytesInput.from(encoded));
  }

  /** The page's dictionary indexes: the bit width in one byte, then the hybrid encoding. */
  private BytesInput dictionaryIndexes() throws IOException {
    int bitWidth = BytesUtils.getWidthFromMaxInt(dictionarySize() - 1);
    int[] page = indexes;
    byte[] encoded = hybrid(bitWidth, values, i -> page[i]);
    return BytesInput.concat(
        BytesInput.from(new byte[] {(byte) bitWidth}), BytesInput.from(encoded));
  }

  /** The first {@code count} values of {@code value} in parquet-java's RLE/bit-packing hybrid. */
  private byte[] hybrid(int bitWidth, int count, IntUnaryOperator value) throws IOException {
    try (RunLengthBitPackingHybridEncoder encoder =
        new RunLengthBitPackingHybridEncoder(
            bitWidth, 1024, pageBytes, HeapByteBufferAllocator.getInstance())) {
      for (int i = 0; i < count; i++) {
        encoder.writeInt(value.applyAsInt(i));
      }
      return encoder.toBytes().toByteArray();
    }
  }

  /** The page's values, plain-encoded. */
  abstract BytesInput plainValues();

  /** The page's statistics (min and max; the caller adds the nulls). */
  abstract Statistics<?> statistics();

  /** Forgets the page's values and statistics. */
  abstract void resetPage();

  // The dictionary: none unless a column type keeps one (booleans do not).

  /** Entries in the dictionary. */
  int dictionarySize() {
    return 0;
  }

  /** The size of the dictionary, plain-encoded. */
  long dictionaryBytes() {
    return 0;
  }

  /** The dictionary's values, plain-encoded, in index order. */
  BytesInput dictionaryPage() {
    return BytesInput.empty();
  }

  void clearDictionary() {}

  private static final VarHandle INT_LITTLE_ENDIAN =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private static ByteBuffer littleEndian(long size) {
    return ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** UTF-8 text as BINARY. Statistics compare bytes unsigned, as Parquet orders strings. */
  private static final class OfStrings extends ColumnEncoder {
    /**
     * The page's values plain-encoded as they arrive (a 4-byte length, then the UTF-8 bytes): no
     * array per value, and no young object stored into this long-lived one, which would cost G1's
     * write barrier on every value.
     */
    private byte[] page = new byte[FIRST_CAPACITY * 16];

    private final DictionaryTables.OfBytes table = new DictionaryTables.OfBytes();
    private final int pageBytes;
    private int minAt = -1;
    private int minLength;
    private int maxAt;
    private int maxLength;

    OfStrings(ColumnDescriptor descriptor, int pageBytes, long dictionaryLimit) {
      super(descriptor, true, pageBytes, dictionaryLimit);
      this.pageBytes = pageBytes;
    }

    @Override
    void growPage(int capacity) {
      // sized by bytes, in ensure
    }

    @Override
    void add(Object value) {
      int at = Math.toIntExact(valueBytes) + 4;
      int length = encode((String) value, at);
      INT_LITTLE_ENDIAN.set(page, at - 4, length);
      valueBytes = at + length;
      if (minAt < 0) {
        minAt = at;
        minLength = length;
        maxAt = at;
        maxLength = length;
      } else if (Arrays.compareUnsigned(page, at, at + length, page, minAt, minAt + minLength)
          < 0) {
        minAt = at;
        minLength = length;
      } else if (Arrays.compareUnsigned(page, at, at + length, page, maxAt, maxAt + maxLength)
          > 0) {
        maxAt = at;
        maxLength = length;
      }
      if (dictionary) {
        indexes[values] = table.indexOf(page, at, length);
        if (table.plainBytes() > dictionaryLimit) {
          overflow();
        }
      }
    }

    /**
     * Writes {@code text} as UTF-8 at {@code at} and returns its length in bytes: ASCII straight
     * into the page, anything else through {@link String#getBytes}.
     */
    private int encode(String text, int at) {
      int length = text.length();
      ensure((long) at + length);
      for (int i = 0; i < length; i++) {
        char c = text.charAt(i);
        if (c >= 0x80) {
          byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
          ensure((long) at + bytes.length);
          System.arraycopy(bytes, 0, page, at, bytes.length);
          return bytes.length;
        }
        page[at + i] = (byte) c;
      }
      return length;
    }

    private void ensure(long size) {
      if (size > page.length) {
        page = Arrays.copyOf(page, Math.toIntExact(Math.max(size, page.length * 2L)));
      }
    }

    @Override
    BytesInput plainValues() {
      return BytesInput.from(page, 0, Math.toIntExact(valueBytes)); // copied as it is compressed
    }

    @Override
    Statistics<?> statistics() {
      Statistics<?> statistics = Statistics.createStats(type);
      if (minAt >= 0) {
        // "reused": the statistics copy the bytes, since the page's array is written over next
        statistics.updateStats(Binary.fromReusedByteArray(page, minAt, minLength));
        statistics.updateStats(Binary.fromReusedByteArray(page, maxAt, maxLength));
      }
      return statistics;
    }

    @Override
    void resetPage() {
      minAt = -1;
      if (page.length > 2L * pageBytes + (1 << 16)) {
        page = new byte[FIRST_CAPACITY * 16]; // a value far larger than a page was here
      }
    }

    @Override
    int dictionarySize() {
      return table.size();
    }

    @Override
    long dictionaryBytes() {
      return table.plainBytes();
    }

    @Override
    BytesInput dictionaryPage() {
      ByteBuffer out = littleEndian(table.plainBytes());
      for (int i = 0; i < table.size(); i++) {
        out.putInt(table.key(i).length).put(table.key(i));
      }
      return BytesInput.from(out.array());
    }

    @Override
    void clearDictionary() {
      table.clear();
    }
  }

  /**
   * INT and DATE as INT32, LONG and TIMESTAMP as INT64, DOUBLE as DOUBLE: each value kept as 64
   * bits (a double's raw bits), which is also the dictionary's key.
   */
  private static final class OfNumbers extends ColumnEncoder {
    private final ColumnType kind;
    private final int width;
    private long[] page = new long[FIRST_CAPACITY];
    private final DictionaryTables.OfLongs table = new DictionaryTables.OfLongs();
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private Statistics<?> doubles;

    OfNumbers(ColumnType kind, ColumnDescriptor descriptor, int pageBytes, long dictionaryLimit) {
      super(descriptor, true, pageBytes, dictionaryLimit);
      this.kind = kind;
      this.width = kind == ColumnType.INT || kind == ColumnType.DATE ? 4 : 8;
      this.doubles = Statistics.createStats(type);
    }

    @Override
    void growPage(int capacity) {
      page = Arrays.copyOf(page, capacity);
    }

    @Override
    void add(Object value) {
      long bits =
          switch (kind) {
            case INT -> (Integer) value;
            case LONG -> (Long) value;
            case DATE -> Math.toIntExact(((LocalDate) value).toEpochDay());
            case TIMESTAMP -> Schemas.micros((Instant) value);
            case DOUBLE -> {
              double number = (Double) value;
              doubles.updateStats(number); // parquet-java's rules for NaN and signed zeros
              yield Double.doubleToRawLongBits(number);
            }
            default -> throw new AssertionError(kind);
          };
      page[values] = bits;
      valueBytes += width;
      min = Math.min(min, bits);
      max = Math.max(max, bits);
      if (dictionary) {
        indexes[values] = table.indexOf(bits);
        if ((long) table.size() * width > dictionaryLimit) {
          overflow();
        }
      }
    }

    @Override
    BytesInput plainValues() {
      return BytesInput.from(plain(page, values));
    }

    private byte[] plain(long[] numbers, int count) {
      ByteBuffer out = littleEndian((long) count * width);
      if (width == 4) {
        for (int i = 0; i < count; i++) {
          out.putInt((int) numbers[i]);
        }
      } else {
        for (int i = 0; i < count; i++) {
          out.putLong(numbers[i]);
        }
      }
      return out.array();
    }

    @Override
    Statistics<?> statistics() {
      if (kind == ColumnType.DOUBLE) {
        return doubles;
      }
      Statistics<?> statistics = Statistics.createStats(type);
      if (values > 0) {
        if (width == 4) {
          statistics.updateStats((int) min);
          statistics.updateStats((int) max);
        } else {
          statistics.updateStats(min);
          statistics.updateStats(max);
        }
      }
      return statistics;
    }

    @Override
    void resetPage() {
      min = Long.MAX_VALUE;
      max = Long.MIN_VALUE;
      doubles = Statistics.createStats(type);
    }

    @Override
    int dictionarySize() {
      return table.size();
    }

    @Override
    long dictionaryBytes() {
      return (long) table.size() * width;
    }

    @Override
    BytesInput dictionaryPage() {
      long[] keys = new long[table.size()];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = table.key(i);
      }
      return BytesInput.from(plain(keys, keys.length));
    }

    @Override
    void clearDictionary() {
      table.clear();
    }
  }

  /** BOOLEAN, plain-encoded (one bit per value, least significant first); never a dictionary. */
  private static final class OfBooleans extends ColumnEncoder {
    private boolean[] page = new boolean[FIRST_CAPACITY];
    private Statistics<?> statistics;

    OfBooleans(ColumnDescriptor descriptor, int pageBytes) {
      super(descriptor, false, pageBytes, 0);
      this.statistics = Statistics.createStats(type);
    }

    @Override
    void growPage(int capacity) {
      page = Arrays.copyOf(page, capacity);
    }

    @Override
    void add(Object value) {
      boolean flag = (Boolean) value;
      page[values] = flag;
      statistics.updateStats(flag);
      if (values % 8 == 0) {
        valueBytes++;
      }
    }

    @Override
    BytesInput plainValues() {
      byte[] out = new byte[(values + 7) / 8];
      for (int i = 0; i < values; i++) {
        if (page[i]) {
          out[i >> 3] |= (byte) (1 << (i & 7));
        }
      }
      return BytesInput.from(out);
    }

    @Override
    Statistics<?> statistics() {
      return statistics;
    }

    @Override
    void resetPage() {
      statistics = Statistics.createStats(type);
    }
  }
}

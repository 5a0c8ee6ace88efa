package dev.flinders.orchestration.parquet.internal;

import dev.flinders.orchestration.dataset.DatasetSchema;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;
import org.jspecify.annotations.Nullable;

/**
 * Writes rows of a flat dataset schema to a Parquet file a batch at a time, column by column: each
 * column's {@link ColumnEncoder} turns the batch's values into pages, parquet-java's {@link
 * ColumnChunkPageWriteStore} compresses and buffers them, and its {@link ParquetFileWriter} lays
 * out row groups, column and offset indexes and the footer, whose {@code created_by} names Flinders
 * ({@link CreatedBy}). Row groups end once the buffered pages pass the row-group size (checked
 * after each batch), so memory stays within about that size plus one batch.
 *
 * <p>Not thread-safe: one thread writes, then calls {@link #close()} (a complete file) or {@link
 * #abort()} (the file is left without a footer, to be deleted).
 */
final class ColumnarParquetWriter {
  private static final int COLUMN_INDEX_TRUNCATE_LENGTH = 64;

  private final ParquetFileWriter file;
  private final Stream output;
  private final MessageType message;
  private final List<ColumnDescriptor> descriptors;
  private final PageCodecs codecs;
  private final CompressionCodecFactory.BytesInputCompressor compressor;
  private final ColumnEncoder[] columns;
  private final long rowGroupBytes;
  private final Map<String, String> metadata;
  private ColumnChunkPageWriteStore pages;
  private long groupRows;
  private int rowGroups;

  ColumnarParquetWriter(
      OutputFile output,
      DatasetSchema schema,
      ParquetOutput.Options options,
      Map<String, String> metadata)
      throws IOException {
    this.message = Schemas.toParquet(schema);
    this.descriptors = message.getColumns();
    this.rowGroupBytes = options.rowGroupBytes();
    this.metadata = Map.copyOf(metadata);
    this.codecs = new PageCodecs(options.zstdLevel()); // no Hadoop codec pool, nothing logged
    this.compressor = codecs.getCompressor(options.codec());
    this.columns = new ColumnEncoder[schema.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] =
          ColumnEncoder.of(
              schema.column(i).type(),
              descriptors.get(i),
              options.pageBytes(),
              options.dictionaryPageBytes());
    }
    ParquetProperties properties =
        ParquetProperties.builder()
            .withColumnIndexTruncateLength(COLUMN_INDEX_TRUNCATE_LENGTH)
            .withPageWriteChecksumEnabled(false)
            .build();
    this.output = new Stream(output);
    this.file =
        new ParquetFileWriter(
            this.output,
            message,
            ParquetFileWriter.Mode.CREATE,
            rowGroupBytes,
            0, // no padding: a local file has no blocks to align row groups to
            null,
            properties);
    try {
      file.start();
      startRowGroup();
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  private void startRowGroup() {
    pages =
        ColumnChunkPageWriteStore.builder()
            .withCompressorProvider(column -> compressor)
            .withSchema(message)
            .withAllocator(HeapByteBufferAllocator.getInstance())
            .withColumnIndexTruncateLength(COLUMN_INDEX_TRUNCATE_LENGTH)
            .withPageWriteChecksumEnabled(false)
            .withRowGroupOrdinal(rowGroups)
            .build();
    for (int i = 0; i < columns.length; i++) {
      columns[i].startChunk(pages.getPageWriter(descriptors.get(i)));
    }
    groupRows = 0;
  }

  /** Writes the first {@code count} rows of {@code batch}, each with a value per column. */
  void write(Object[][] batch, int count) throws IOException {
    for (int i = 0; i < columns.length; i++) {
      columns[i].add(batch, count, i);
    }
    groupRows += count;
    long buffered = 0;
    for (ColumnEncoder column : columns) {
      buffered += column.bufferedBytes();
    }
    if (buffered >= rowGroupBytes) {
      endRowGroup();
      startRowGroup();
    }
  }

  private void endRowGroup() throws IOException {
    for (ColumnEncoder column : columns) {
      column.endChunk();
    }
    file.startBlock(groupRows);
    pages.flushToFileWriter(file);
    file.endBlock();
    pages.close();
    rowGroups++;
  }

  /** Writes the last row group and the footer, and closes the file. */
  void close() throws IOException {
    try {
      if (groupRows > 0) {
        endRowGroup();
      }
      output.holdTail(); // what end() writes: indexes, then the footer to stamp
      file.end(metadata); // closes the stream, which writes them with our created_by
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
    release();
  }

  private void release() {
    compressor.release();
    codecs.release();
  }

  /** Closes the file as it is (no footer), for the caller to delete. */
  void abort() {
    release();
    output.closeQuietly(); // ParquetFileWriter leaves its stream open once a write failed
  }

  /**
   * The output file, whose stream stamps the footer's {@code created_by}, keeping hold of that
   * stream so that an abort can close it.
   */
  private static final class Stream implements OutputFile {
    private final OutputFile file;
    private CreatedBy.@Nullable Stamping opened;

    Stream(OutputFile file) {
      this.file = file;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      opened = CreatedBy.stamping(file.create(blockSizeHint), CreatedBy.VALUE);
      return opened;
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
      opened = CreatedBy.stamping(file.createOrOverwrite(blockSizeHint), CreatedBy.VALUE);
      return opened;
    }

    void holdTail() {
      if (opened != null) {
        opened.holdTail();
      }
    }

    @Override
    public boolean supportsBlockSize() {
      return file.supportsBlockSize();
    }

    @Override
    public long defaultBlockSize() {
      return file.defaultBlockSize();
    }

    @Override
    public String getPath() {
      return file.getPath();
    }

    void closeQuietly() {
      if (opened != null) {
        try {
          opened.discard();
        } catch (IOException | RuntimeException e) {
          // the file is being discarded
        }
      }
    }
  }
}

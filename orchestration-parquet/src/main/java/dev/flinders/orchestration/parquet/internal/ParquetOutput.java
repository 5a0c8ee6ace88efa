package dev.flinders.orchestration.parquet.internal;

import dev.flinders.orchestration.ComponentCancelledException;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.spi.DatasetOutput;
import dev.flinders.orchestration.spi.DatasetVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.jspecify.annotations.Nullable;

/**
 * One version being written: to a hidden temporary file next to the final one, renamed over it on
 * commit after being forced to disk, so a reader sees the old file or the whole new one.
 *
 * <p>Encoding runs on a thread of its own: {@link #write} checks a row and hands it over in batches
 * through a small bounded queue, so the caller's parsing and converting overlap Parquet's encoding
 * and compression on another core. At most {@link #QUEUED} batches of {@link #BATCH} rows wait,
 * which bounds the memory this adds.
 */
public final class ParquetOutput implements DatasetOutput {
  private final String dataset;
  private final String version;
  private final DatasetSchema schema;
  private final Path temporary;
  private final Path target;
  private final Runnable afterCommit;
  private final Runnable released;
  private final ColumnarParquetWriter writer;
  private static final int BATCH = 1024;
  private static final int QUEUED = 8;
  private static final Object[][] END = new Object[0][];
  private static final Object[][] ABORT = new Object[0][];
  private final ArrayBlockingQueue<Object[][]> queue = new ArrayBlockingQueue<>(QUEUED);
  private final Thread encoder;
  private volatile @Nullable Throwable encoderFailure;
  private Object[][] batch = new Object[BATCH][];
  private int filled;
  private long rows;
  private boolean prepared;
  private boolean closed;

  /**
   * The options of a writer: compression (and the level of ZSTD), row-group and page size, and the
   * size above which a column's dictionary gives way to plain encoding.
   */
  public record Options(
      CompressionCodecName codec,
      int zstdLevel,
      long rowGroupBytes,
      int pageBytes,
      int dictionaryPageBytes) {}

  public ParquetOutput(
      String dataset,
      String version,
      DatasetSchema schema,
      Path temporary,
      Path target,
      Options options,
      Runnable afterCommit,
      Runnable released) {
    this.dataset = dataset;
    this.version = version;
    this.schema = schema;
    this.temporary = temporary;
    this.target = target;
    this.afterCommit = afterCommit;
    this.released = released;
    try {
      this.writer =
          new ColumnarParquetWriter(
              new LocalOutputFile(temporary),
              schema,
              options,
              Map.of("flinders.writer", "orchestration-parquet"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + temporary + ": " + e.getMessage(), e);
    }
    this.encoder = new Thread(this::encode, "flinders-parquet-" + dataset);
    encoder.setDaemon(true);
    encoder.start();
  }

  /** On the encoder thread: writes the batches it is handed until the end or an abort. */
  private void encode() {
    try {
      while (true) {
        Object[][] next = queue.take();
        if (next == ABORT) {
          return;
        }
        if (next == END) {
          writer.close();
          return;
        }
        int count = next.length;
        while (count > 0 && next[count - 1] == null) {
          count--; // the last batch is not full
        }
        writer.write(next, count);
      }
    } catch (Throwable e) {
      encoderFailure = e;
    }
  }

  /** Hands a batch to the encoder, waiting while the queue is full; fails if the encoder did. */
  private void handOff(Object[][] next) {
    try {
      while (!queue.offer(next, 50, TimeUnit.MILLISECONDS)) {
        checkEncoder();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComponentCancelledException(
          "interrupted while writing dataset " + dataset + " version " + version);
    }
    checkEncoder();
  }

  private void checkEncoder() {
    Throwable failure = encoderFailure;
    if (failure != null) {
      throw new UncheckedIOException(
          "cannot write " + dataset + " to " + temporary + ": " + failure,
          failure instanceof IOException io ? io : new IOException(failure));
    }
  }

  @Override
  public void write(Object[] row) {
    if (closed || prepared) {
      throw new IllegalStateException("dataset " + dataset + " version " + version + " is closed");
    }
    schema.check(row);
    batch[filled++] = row.clone(); // encoded later: the caller may reuse its array
    rows++;
    if (filled == BATCH) {
      handOff(batch);
      batch = new Object[BATCH][];
      filled = 0;
    }
  }

  @Override
  public long rows() {
    return rows;
  }

  @Override
  public DatasetVersion commit() {
    prepare();
    return publish();
  }

  /**
   * Finishes the file: the last rows are encoded, the footer written, the file forced to disk, and
   * the encoder thread and its buffers released; the file stays under its temporary name until
   * {@link #publish()}. Harmless when done already.
   */
  public void prepare() {
    if (prepared) {
      return;
    }
    if (closed) {
      throw new IllegalStateException("dataset " + dataset + " version " + version + " is closed");
    }
    try {
      if (filled > 0) {
        handOff(batch); // the unused slots are null: the encoder stops at the first
        filled = 0;
      }
      handOff(END);
      join();
      if (encoderFailure != null) {
        closeQuietly();
        deleteQuietly();
        markClosed();
        checkEncoder();
      }
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
    } catch (IOException e) {
      deleteQuietly();
      markClosed();
      throw new UncheckedIOException(
          "cannot finish " + dataset + " version " + version + " in " + temporary + ": " + e, e);
    }
    batch = null; // its rows are encoded: nothing more to hold
    prepared = true;
  }

  /**
   * Renames the finished file over its final name, atomically: a reader sees the old file or the
   * whole new one. Call after {@link #prepare()}.
   */
  public DatasetVersion publish() {
    if (!prepared || closed) {
      throw new IllegalStateException(
          "dataset " + dataset + " version " + version + " is not ready to publish");
    }
    try {
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory(target.getParent());
    } catch (IOException e) {
      deleteQuietly();
      markClosed();
      throw new UncheckedIOException(
          "cannot commit " + dataset + " version " + version + " to " + target + ": " + e, e);
    }
    markClosed();
    afterCommit.run();
    return new DatasetVersion(dataset, version, target.toString());
  }

  /** The file being written, under its temporary name. */
  public Path temporary() {
    return temporary;
  }

  /** The file's final name. */
  public Path target() {
    return target;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (prepared) { // the encoder has ended and the file is closed: only the file is left
      deleteQuietly();
      markClosed();
      return;
    }
    queue.clear();
    queue.offer(ABORT); // the queue was just emptied, so there is room
    boolean interrupted = Thread.interrupted(); // a stopped task still discards its file
    try {
      join();
      closeQuietly();
    } finally {
      deleteQuietly();
      markClosed();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Ends this output: no more rows, and the sink may forget its temporary file. */
  private void markClosed() {
    if (!closed) {
      closed = true;
      released.run();
    }
  }

  private void closeQuietly() {
    writer.abort(); // discarding: the file is deleted whatever state the writer is in
  }

  /** Waits for the encoder thread to end. */
  private void join() {
    boolean interrupted = false;
    while (true) {
      try {
        encoder.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the encoder ends on its own once it reads END or ABORT
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void deleteQuietly() {
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      // a leftover temporary file is hidden, never read, and swept at the next open
    }
  }

  static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some file systems cannot open a directory; the rename itself is still atomic
    }
  }
}

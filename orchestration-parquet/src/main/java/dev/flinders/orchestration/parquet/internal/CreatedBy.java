package dev.flinders.orchestration.parquet.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.PositionOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The footer's {@code created_by}: {@code flinders version 0.1.0 (build parquet-java 1.18.1)}, the
 * writer that encoded the pages and the parquet-java that laid out the file.
 *
 * <p>Readers parse it as {@code <application> version <version> (build <build>)} (parquet-java's
 * {@code VersionParser}, Arrow's {@code ApplicationVersion}) and distrust the statistics of old
 * writers: parquet-java ignores the binary min/max (in the older statistics fields) of {@code
 * parquet-mr} before 1.8.0 (PARQUET-251) and of any {@code created_by} it cannot parse; Arrow
 * ignores the string min/max of {@code parquet-mr} before 1.10.0 and of {@code parquet-cpp} before
 * 1.3.0. Naming the application {@code flinders}, with the word {@code version}, keeps statistics
 * trusted: the workarounds are for the applications they name (our 0.1.0 under parquet-mr's name
 * would read as a writer from before those fixes).
 *
 * <p>parquet-java's {@link ParquetFileWriter} writes its own name there and has no setting for it,
 * so {@link #stamping} rewrites the footer on its way out.
 */
public final class CreatedBy {
  /** What this module writes. */
  public static final String VALUE =
      of(flindersVersion(), ParquetFileWriter.class.getPackage().getImplementationVersion());

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private CreatedBy() {}

  static String of(String flindersVersion, @Nullable String parquetJavaVersion) {
    return "flinders version "
        + flindersVersion
        + (parquetJavaVersion == null ? "" : " (build parquet-java " + parquetJavaVersion + ")");
  }

  /** The module's version, which the build writes into {@code flinders.properties}. */
  private static String flindersVersion() {
    Properties properties = new Properties();
    try (InputStream in = CreatedBy.class.getResourceAsStream("flinders.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read flinders.properties: " + e.getMessage(), e);
    }
    String version = properties.getProperty("version", "");
    return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
  }

  /**
   * A stream that passes writes to {@code out} until {@link Stamping#holdTail()}, then keeps the
   * rest of the file (column and offset indexes, footer, footer length, magic) and writes it on
   * close with the footer's {@code created_by} replaced. The footer comes last, so nothing before
   * it moves.
   */
  static Stamping stamping(PositionOutputStream out, String createdBy) {
    return new Stamping(out, createdBy);
  }

  /**
   * The file's bytes from some point before its footer to its end, with the footer's {@code
   * created_by} set to {@code createdBy}; everything before the footer is kept as it is.
   *
   * @throws IOException if the bytes do not end in a Parquet footer
   */
  static byte[] stamped(byte[] tail, int length, String createdBy) throws IOException {
    if (length < 8 || !Arrays.equals(tail, length - 4, length, MAGIC, 0, 4)) {
      throw new IOException("the file does not end in a Parquet footer");
    }
    int footerLength =
        (tail[length - 8] & 0xff)
            | (tail[length - 7] & 0xff) << 8
            | (tail[length - 6] & 0xff) << 16
            | (tail[length - 5] & 0xff) << 24;
    int footer = length - 8 - footerLength;
    if (footerLength <= 0 || footer < 0) {
      throw new IOException("the footer length " + footerLength + " does not fit the file");
    }
    FileMetaData metadata =
        Util.readFileMetaData(new ByteArrayInputStream(tail, footer, footerLength));
    metadata.setCreated_by(createdBy);
    ByteArrayOutputStream stamped = new ByteArrayOutputStream(length + 64);
    stamped.write(tail, 0, footer);
    Util.writeFileMetaData(metadata, stamped);
    int written = stamped.size() - footer;
    stamped.write(written);
    stamped.write(written >>> 8);
    stamped.write(written >>> 16);
    stamped.write(written >>> 24);
    stamped.write(MAGIC);
    return stamped.toByteArray();
  }

  /** See {@link #stamping}. Not thread-safe. */
  static final class Stamping extends PositionOutputStream {
    private final PositionOutputStream out;
    private final String createdBy;
    private @Nullable Tail tail;
    private boolean discard;
    private boolean closed;

    private Stamping(PositionOutputStream out, String createdBy) {
      this.out = out;
      this.createdBy = createdBy;
    }

    /** Keeps what is written from now on, to write it stamped on close. */
    void holdTail() {
      tail = new Tail();
    }

    /** Closes without writing what was kept: the file is being deleted. */
    void discard() throws IOException {
      discard = true;
      close();
    }

    @Override
    public long getPos() throws IOException {
      return out.getPos() + (tail == null ? 0 : tail.size());
    }

    @Override
    public void write(int b) throws IOException {
      if (tail == null) {
        out.write(b);
      } else {
        tail.write(b);
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (tail == null) {
        out.write(bytes, offset, length);
      } else {
        tail.write(bytes, offset, length);
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try (PositionOutputStream closing = out) {
        if (tail != null && !discard) {
          closing.write(stamped(tail.bytes(), tail.size(), createdBy));
        }
      }
    }
  }

  /** A byte array output stream whose array can be read without a copy. */
  private static final class Tail extends ByteArrayOutputStream {
    byte[] bytes() {
      return buf;
    }
  }
}

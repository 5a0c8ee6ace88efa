package dev.flinders.orchestration.parquet.internal;

import com.github.luben.zstd.ZstdDecompressCtx;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compression for the codecs the sink writes (ZSTD, SNAPPY, GZIP, LZ4_RAW, UNCOMPRESSED), by
 * calling the libraries parquet-java's own codecs call, in the same formats: zstd-jni, snappy-java
 * (raw blocks), {@code java.util.zip} (gzip members) and aircompressor (raw LZ4 blocks).
 * parquet-java's {@code CodecFactory} reaches them through Hadoop's {@code CodecPool}, which logs
 * "Got brand-new compressor" or "decompressor" at INFO the first time a JVM uses each codec (and,
 * for GZIP, Hadoop's {@code NativeCodeLoader} warns that it found no native library); these calls
 * log nothing, and need no Hadoop {@code Configuration}.
 *
 * <p>One instance per writer or reader: it keeps one decompressor per codec, as parquet-java's
 * factory does, and {@link #release()} frees them (the ZSTD context is native memory). Not
 * thread-safe.
 */
public final class PageCodecs implements CompressionCodecFactory {
  private final int zstdLevel;
  private final Map<CompressionCodecName, Decompressor> decompressors =
      new EnumMap<>(CompressionCodecName.class);

  /** Codecs whose ZSTD compressor uses {@code zstdLevel} (1 to 22; unused when reading). */
  public PageCodecs(int zstdLevel) {
    this.zstdLevel = zstdLevel;
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    switch (codec) {
      case ZSTD:
        return new ZstdPageCompressor(zstdLevel);
      case SNAPPY:
      case GZIP:
      case LZ4_RAW:
        return new Compressor(codec, codec(codec));
      case UNCOMPRESSED:
        return UNCOMPRESSED;
      default:
        throw unsupported(codec);
    }
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return decompressors.computeIfAbsent(codec, name -> new Decompressor(name, codec(name)));
  }

  @Override
  public void release() {
    decompressors.values().forEach(Decompressor::release);
    decompressors.clear();
  }

  private static Codec codec(CompressionCodecName codec) {
    switch (codec) {
      case ZSTD:
        return new Zstd();
      case SNAPPY:
        return new SnappyBlocks();
      case GZIP:
        return new Gzip();
      case LZ4_RAW:
        return new Lz4Blocks();
      case UNCOMPRESSED:
        return new Uncompressed();
      default:
        throw unsupported(codec);
    }
  }

  /** Pages as they are, as parquet-java's own no-op compressor passes them. */
  private static final BytesInputCompressor UNCOMPRESSED =
      new BytesInputCompressor() {
        @Override
        public BytesInput compress(BytesInput bytes) {
          return bytes;
        }

        @Override
        public CompressionCodecName getCodecName() {
          return CompressionCodecName.UNCOMPRESSED;
        }

        @Override
        public void release() {}
      };

  private static UnsupportedOperationException unsupported(CompressionCodecName codec) {
    return new UnsupportedOperationException(
        "compression "
            + codec
            + " is not supported: the sink writes and reads ZSTD, SNAPPY, GZIP, LZ4_RAW and"
            + " UNCOMPRESSED");
  }

  /** One codec's format over byte arrays. */
  private interface Codec {
    /** Compresses the first {@code length} bytes; the result is valid until the next call. */
    BytesInput compress(byte[] input, int length) throws IOException;

    /** Decompresses into {@code output}; returns the number of bytes it decompressed to. */
    int decompress(byte[] input, int length, byte[] output) throws IOException;

    default void release() {}
  }

  /** A byte array output stream whose array can be read without a copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    byte[] array() {
      return buf;
    }
  }

  private static final class Compressor implements BytesInputCompressor {
    private final CompressionCodecName name;
    private final Codec codec;
    private final Buffer input = new Buffer();

    Compressor(CompressionCodecName name, Codec codec) {
      this.name = name;
      this.codec = codec;
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      input.reset();
      bytes.writeAllTo(input);
      return codec.compress(input.array(), input.size());
    }

    @Override
    public CompressionCodecName getCodecName() {
      return name;
    }

    @Override
    public void release() {
      codec.release();
    }
  }

  /** Decompresses each page into a new array, so a page stays valid while the next one is read. */
  private static final class Decompressor implements BytesInputDecompressor {
    private final CompressionCodecName name;
    private final Codec codec;
    private final Buffer input = new Buffer();

    Decompressor(CompressionCodecName name, Codec codec) {
      this.name = name;
      this.codec = codec;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
      input.reset();
      bytes.writeAllTo(input);
      return BytesInput.from(decompress(input.array(), input.size(), decompressedSize));
    }

    @Override
    public void decompress(
        ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
        throws IOException {
      byte[] compressed = new byte[compressedSize];
      input.get(compressed);
      output.put(decompress(compressed, compressedSize, decompressedSize));
    }

    private byte[] decompress(byte[] compressed, int length, int decompressedSize)
        throws IOException {
      byte[] output = new byte[decompressedSize];
      if (decompressedSize == 0) {
        return output; // parquet-java's SNAPPY and LZ4_RAW compressors turn an empty page into
        // nothing
      }
      int size;
      try {
        size = codec.decompress(compressed, length, output);
      } catch (IOException | RuntimeException e) { // zstd-jni's and aircompressor's are unchecked
        throw new IOException("cannot decompress a " + name + " page: " + e.getMessage(), e);
      }
      if (size != decompressedSize) {
        throw new IOException(
            "a "
                + name
                + " page decompressed to "
                + size
                + " bytes; its header says "
                + decompressedSize);
      }
      return output;
    }

    @Override
    public void release() {
      codec.release();
    }
  }

  private static final class Zstd implements Codec {
    private final ZstdDecompressCtx context = new ZstdDecompressCtx();

    @Override
    public BytesInput compress(byte[] input, int length) {
      throw new UnsupportedOperationException("ZstdPageCompressor compresses ZSTD pages");
    }

    @Override
    public int decompress(byte[] input, int length, byte[] output) {
      return context.decompressByteArray(output, 0, output.length, input, 0, length);
    }

    @Override
    public void release() {
      context.close();
    }
  }

  private static final class SnappyBlocks implements Codec {
    private byte[] output = new byte[0];

    @Override
    public BytesInput compress(byte[] input, int length) throws IOException {
      int bound = Snappy.maxCompressedLength(length);
      if (output.length < bound) {
        output = new byte[bound];
      }
      return BytesInput.from(output, 0, Snappy.compress(input, 0, length, output, 0));
    }

    @Override
    public int decompress(byte[] input, int length, byte[] output) throws IOException {
      int size = Snappy.uncompressedLength(input, 0, length);
      return size == output.length ? Snappy.uncompress(input, 0, length, output, 0) : size;
    }
  }

  private static final class Gzip implements Codec {
    private final Buffer output = new Buffer();

    @Override
    public BytesInput compress(byte[] input, int length) throws IOException {
      output.reset();
      try (GZIPOutputStream gzip = new GZIPOutputStream(output)) {
        gzip.write(input, 0, length);
      }
      return BytesInput.from(output.array(), 0, output.size());
    }

    @Override
    public int decompress(byte[] input, int length, byte[] output) throws IOException {
      try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(input, 0, length))) {
        int size = gzip.readNBytes(output, 0, output.length);
        boolean more = size == output.length && gzip.read() >= 0;
        return more ? size + 1 : size; // more than the header said: a size that does not match
      }
    }
  }

  private static final class Lz4Blocks implements Codec {
    private final Lz4Compressor compressor = new Lz4Compressor();
    private final Lz4Decompressor decompressor = new Lz4Decompressor();
    private byte[] output = new byte[0];

    @Override
    public BytesInput compress(byte[] input, int length) {
      int bound = compressor.maxCompressedLength(length);
      if (output.length < bound) {
        output = new byte[bound];
      }
      int size = compressor.compress(input, 0, length, output, 0, output.length);
      return BytesInput.from(output, 0, size);
    }

    @Override
    public int decompress(byte[] input, int length, byte[] output) {
      return decompressor.decompress(input, 0, length, output, 0, output.length);
    }
  }

  private static final class Uncompressed implements Codec {
    @Override
    public BytesInput compress(byte[] input, int length) {
      throw new UnsupportedOperationException("uncompressed pages are passed as they are");
    }

    @Override
    public int decompress(byte[] input, int length, byte[] output) {
      System.arraycopy(input, 0, output, 0, Math.min(length, output.length));
      return length;
    }
  }
}

package dev.flinders.orchestration.parquet.internal;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * ZSTD for one writer's pages: one compression context for the whole file and each page compressed
 * in one call, where parquet-java's codec opens a ZSTD stream (a fresh native context, a finalizer)
 * per page. The page goes through direct buffers, so the compression holds no Java array in a JNI
 * critical section, which would keep the garbage collector waiting while a page compresses. The
 * frames are standard ZSTD frames, as parquet-java's. The two direct buffers grow to the largest
 * page (about 2.5 times the page size together, outside the heap) and are freed with the writer by
 * the garbage collector; the native context is freed by {@link #release()}. Not thread-safe: one
 * encoder thread uses it.
 */
final class ZstdPageCompressor implements CompressionCodecFactory.BytesInputCompressor {
  private final ZstdCompressCtx context = new ZstdCompressCtx();
  private ByteBuffer input = ByteBuffer.allocateDirect(0);
  private ByteBuffer output = ByteBuffer.allocateDirect(0);

  /** Copies what a {@link BytesInput} writes into {@link #input}. */
  private final OutputStream intoInput =
      new OutputStream() {
        @Override
        public void write(int b) {
          input.put((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
          input.put(bytes, offset, length);
        }
      };

  ZstdPageCompressor(int level) {
    context.setLevel(level);
  }

  /**
   * Compresses a page; the result is valid until the next call (the page store copies it at once,
   * as it does parquet-java's codecs' results).
   */
  @Override
  public BytesInput compress(BytesInput bytes) throws IOException {
    int size = Math.toIntExact(bytes.size());
    if (input.capacity() < size) {
      input = ByteBuffer.allocateDirect(size + (size >> 2));
    }
    int bound = Math.toIntExact(Zstd.compressBound(size));
    if (output.capacity() < bound) {
      output = ByteBuffer.allocateDirect(bound + (bound >> 2));
    }
    input.clear();
    bytes.writeAllTo(intoInput);
    int compressed = context.compressDirectByteBuffer(output, 0, output.capacity(), input, 0, size);
    return BytesInput.from(output, 0, compressed);
  }

  @Override
  public CompressionCodecName getCodecName() {
    return CompressionCodecName.ZSTD;
  }

  @Override
  public void release() {
    context.close();
  }
}

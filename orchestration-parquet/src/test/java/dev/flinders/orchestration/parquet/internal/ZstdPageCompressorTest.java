package dev.flinders.orchestration.parquet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

/** Pages compressed with one reused context and growing direct buffers decompress to themselves. */
class ZstdPageCompressorTest {
  @Test
  void pagesOfGrowingAndShrinkingSizes_roundTrip_asStandardZstdFrames() throws Exception {
    ZstdPageCompressor compressor = new ZstdPageCompressor(3);
    try {
      assertThat(compressor.getCodecName()).isEqualTo(CompressionCodecName.ZSTD);
      for (int size : new int[] {0, 1, 1000, 300_000, 10, 1_200_000, 64}) {
        byte[] page = page(size, size);
        byte[] compressed = compressor.compress(BytesInput.from(page)).toByteArray();
        assertThat(Zstd.decompress(compressed, size))
            .as("a page of %d bytes", size)
            .isEqualTo(page);
      }
    } finally {
      compressor.release();
    }
  }

  @Test
  void aPageMadeOfParts_isCompressedAsOne() throws Exception {
    ZstdPageCompressor compressor = new ZstdPageCompressor(3);
    try {
      byte[] levels = page(37, 1);
      byte[] values = page(50_000, 2);
      byte[] compressed =
          compressor
              .compress(BytesInput.concat(BytesInput.from(levels), BytesInput.from(values)))
              .toByteArray();
      byte[] whole = new byte[levels.length + values.length];
      System.arraycopy(levels, 0, whole, 0, levels.length);
      System.arraycopy(values, 0, whole, levels.length, values.length);
      assertThat(Zstd.decompress(compressed, whole.length)).isEqualTo(whole);
    } finally {
      compressor.release();
    }
  }

  @Test
  void theLevelIsApplied() throws Exception {
    byte[] page = page(400_000, 3);
    assertThat(compressedSize(19, page)).isLessThan(compressedSize(1, page));
  }

  private static long compressedSize(int level, byte[] page) throws Exception {
    ZstdPageCompressor compressor = new ZstdPageCompressor(level);
    try {
      return compressor.compress(BytesInput.from(page)).size();
    } finally {
      compressor.release();
    }
  }

  /** Text like a CSV column: repetitive enough to compress, random enough to differ by level. */
  private static byte[] page(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder(size + 32);
    while (text.length() < size) {
      text.append(random.nextInt(20_000)).append(',').append(random.nextInt(1, 40)).append('\n');
    }
    return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }
}

package dev.flinders.orchestration.parquet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The module's page codecs write what parquet-java's own codecs read, and read what they write:
 * pages of several sizes, one after another through the same compressor and decompressor.
 */
class PageCodecsTest {
  private static final int[] SIZES = {0, 1, 1000, 300_000, 10, 1_200_000, 64};

  private final PageCodecs ours = new PageCodecs(3);
  private final CodecFactory parquetJavas = new CodecFactory(new PlainParquetConfiguration(), 0);

  @AfterEach
  void release() {
    ours.release();
    parquetJavas.release();
  }

  @ParameterizedTest
  @EnumSource(names = {"ZSTD", "SNAPPY", "GZIP", "LZ4_RAW", "UNCOMPRESSED"})
  void ourPages_readByParquetJava_andTheirsByUs(CompressionCodecName codec) throws Exception {
    roundTrip(ours, parquetJavas, codec);
    roundTrip(parquetJavas, ours, codec);
  }

  private static void roundTrip(
      CompressionCodecFactory compressing,
      CompressionCodecFactory decompressing,
      CompressionCodecName codec)
      throws Exception {
    BytesInputCompressor compressor = compressing.getCompressor(codec);
    BytesInputDecompressor decompressor = decompressing.getDecompressor(codec);
    try {
      assertThat(compressor.getCodecName()).isEqualTo(codec);
      for (int size : SIZES) {
        byte[] page = page(size, size);
        // a page is made of parts (levels, then values), compressed as one
        BytesInput parts =
            BytesInput.concat(
                BytesInput.from(page, 0, size / 3),
                BytesInput.from(page, size / 3, size - size / 3));
        byte[] compressed = bytes(compressor.compress(parts));
        byte[] back = bytes(decompressor.decompress(BytesInput.from(compressed), size));
        assertThat(back).as("%s page of %d bytes", codec, size).isEqualTo(page);

        ByteBuffer output = ByteBuffer.allocate(size);
        decompressor.decompress(ByteBuffer.wrap(compressed), compressed.length, output, size);
        assertThat(output.array())
            .as("%s page of %d bytes, by buffer", codec, size)
            .isEqualTo(page);
      }
    } finally {
      compressor.release();
    }
  }

  @Test
  void aPageOfAnotherSizeThanItsHeaderSays_isRefused_withTheCodecAndBothSizes() throws Exception {
    BytesInputCompressor compressor = ours.getCompressor(CompressionCodecName.SNAPPY);
    try {
      byte[] compressed = bytes(compressor.compress(BytesInput.from(page(1000, 1))));
      BytesInputDecompressor decompressor = ours.getDecompressor(CompressionCodecName.SNAPPY);

      assertThatThrownBy(() -> decompressor.decompress(BytesInput.from(compressed), 999))
          .hasMessage("a SNAPPY page decompressed to 1000 bytes; its header says 999");
    } finally {
      compressor.release();
    }
  }

  @Test
  void aDamagedZstdPage_isRefused_withTheCodec() throws Exception {
    BytesInputDecompressor decompressor = ours.getDecompressor(CompressionCodecName.ZSTD);

    assertThatThrownBy(
            () -> decompressor.decompress(BytesInput.from(new byte[] {1, 2, 3, 4, 5, 6}), 100))
        .hasMessageStartingWith("cannot decompress a ZSTD page: ");
  }

  @Test
  void aCodecTheSinkDoesNotWrite_isRefused_namingThoseItDoes() {
    assertThatThrownBy(() -> ours.getDecompressor(CompressionCodecName.BROTLI))
        .hasMessage(
            "compression BROTLI is not supported: the sink writes and reads ZSTD, SNAPPY, GZIP,"
                + " LZ4_RAW and UNCOMPRESSED");
  }

  private static byte[] bytes(BytesInput input) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    input.writeAllTo(out);
    return out.toByteArray();
  }

  /** Text like a CSV column. */
  private static byte[] page(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder(size + 32);
    while (text.length() < size) {
      text.append(random.nextInt(20_000)).append(',').append(random.nextInt(1, 40)).append('\n');
    }
    return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }
}

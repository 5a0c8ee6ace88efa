package dev.flinders.orchestration.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink and the reader never load Hadoop's {@code Configuration}, so the jars it needs are test
 * dependencies only (parquet-java's own reader and codecs, the tests' references, do load it): a
 * child JVM without them writes and reads every codec. Should a parquet-java upgrade start loading
 * it on our paths, this fails, and those jars must move back to compile scope.
 */
class LeanClasspathTest {
  private static final List<String> ONLY_FOR_HADOOP_CONFIGURATION =
      List.of("hadoop-shaded-guava-", "commons-collections4-", "woodstox-core-", "stax2-api-");

  @TempDir Path directory;

  @Test
  void writingAndReadingEveryCodec_needsNoJarOfHadoopsConfiguration() throws Exception {
    String[] full = System.getProperty("java.class.path").split(File.pathSeparator);
    String lean =
        Arrays.stream(full)
            .filter(
                entry ->
                    ONLY_FOR_HADOOP_CONFIGURATION.stream()
                        .noneMatch(Path.of(entry).getFileName().toString()::startsWith))
            .collect(Collectors.joining(File.pathSeparator));
    assertThat(full.length - lean.split(File.pathSeparator).length)
        .as("the jars left out")
        .isEqualTo(ONLY_FOR_HADOOP_CONFIGURATION.size());

    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                lean,
                LeanClasspathMain.class.getName(),
                directory.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(output)
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "ZSTD 1000",
                "SNAPPY 1000",
                "GZIP 1000",
                "LZ4_RAW 1000",
                "UNCOMPRESSED 1000",
                ""));
    assertThat(child.exitValue()).isZero();
  }
}

package dev.flinders.orchestration.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's own formatting, and the determinism the incremental measurement relies on. */
class SyntheticGtfsFeedTest {
  @TempDir Path directory;

  @Test
  void decimalsAreWrittenAsFormatWritesThem() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      int places = 1 + random.nextInt(6);
      double value = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(7));
      assertThat(SyntheticGtfsFeed.decimal(value, places))
          .as("%s with %d places", value, places)
          .isEqualTo(String.format(Locale.ROOT, "%." + places + "f", value));
    }
  }

  @Test
  void timesHaveTwoDigitHours_andPassMidnight() {
    assertThat(SyntheticGtfsFeed.time(4 * 3600 + 5 * 60 + 6)).isEqualTo("04:05:06");
    assertThat(SyntheticGtfsFeed.time(25 * 3600 + 35 * 60)).isEqualTo("25:35:00");
  }

  @Test
  void theSameSeedWritesTheSameBytes_andAnotherSeedOthers() throws Exception {
    SyntheticGtfsFeed.InnerFeed first =
        SyntheticGtfsFeed.innerFeed(directory.resolve("a"), 3, 5_000, 45);
    SyntheticGtfsFeed.InnerFeed again =
        SyntheticGtfsFeed.innerFeed(directory.resolve("b"), 3, 5_000, 45);
    SyntheticGtfsFeed.InnerFeed other =
        SyntheticGtfsFeed.innerFeed(directory.resolve("c"), 3, 5_000, 46);

    assertThat(Files.readAllBytes(again.zip())).isEqualTo(Files.readAllBytes(first.zip()));
    assertThat(Files.readAllBytes(other.zip())).isNotEqualTo(Files.readAllBytes(first.zip()));
    assertThat(first.stopTimes()).isEqualTo(750); // mode 3's share, 15 %
    assertThat(first.rows()).containsKeys("stops.txt", "trips.txt", "shapes.txt", "calendar.txt");
  }
}

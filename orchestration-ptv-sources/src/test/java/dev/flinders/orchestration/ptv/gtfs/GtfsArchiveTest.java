package dev.flinders.orchestration.ptv.gtfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.testing.ManualRunner;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives that must not be read: entries escaping their folder, too many entries, a zip bomb,
 * truncated or corrupt zips, no feed. Each is a clear error naming the entry, and a component that
 * meets one commits nothing.
 */
class GtfsArchiveTest {
  @TempDir Path directory;
  @TempDir Path scratch;

  private static final GtfsLimits SMALL = new GtfsLimits(1 << 30, 50, 64L << 20, 50);

  private Path zip(String name, Map<String, byte[]> entries) throws IOException {
    Path zip = directory.resolve(name);
    GtfsFeeds.write(zip, entries);
    return zip;
  }

  private static Map<String, byte[]> entries(Object... nameThenBytes) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < nameThenBytes.length; i += 2) {
      Object content = nameThenBytes[i + 1];
      entries.put(
          (String) nameThenBytes[i],
          content instanceof byte[] bytes
              ? bytes
              : content.toString().getBytes(StandardCharsets.UTF_8));
    }
    return entries;
  }

  private List<String> read(Path zip) {
    return read(zip, SMALL);
  }

  /** Reads every file of every feed, in the archive's order; the entries read. */
  private List<String> read(Path zip, GtfsLimits limits) {
    List<String> tables = new ArrayList<>();
    try (GtfsArchive archive = GtfsArchive.open(zip, zip.getFileName().toString(), limits, 0)) {
      for (GtfsArchive.Feed feed : archive.feeds()) {
        try (GtfsArchive.FeedFiles files = archive.open(feed, scratch)) {
          for (String name : files.names()) {
            try (InputStream in = files.open(name)) {
              in.transferTo(OutputStream.nullOutputStream());
            }
            tables.add(files.where(name));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return tables;
  }

  @Test
  void anOuterEntryThatEscapesItsFolder_isRefused_namingIt() throws IOException {
    Path zip = zip("slip.zip", entries("../../etc/cron.d/google_transit.zip", "x"));

    assertThatThrownBy(() -> read(zip))
        .isInstanceOf(GtfsArchiveException.class)
        .hasMessage(
            "slip.zip: entry ../../etc/cron.d/google_transit.zip: its name escapes its folder (an"
                + " absolute path or \"..\"): the archive is refused");
  }

  @Test
  void anInnerEntryThatEscapesItsFolder_isRefused_namingBoth() throws IOException {
    byte[] inner = GtfsFeeds.zip(entries("agency.txt", "agency_name\n", "/tmp/stops.txt", "x"));
    Path zip = zip("gtfs.zip", entries("4/google_transit.zip", inner));

    assertThatThrownBy(() -> read(zip))
        .isInstanceOf(GtfsArchiveException.class)
        .hasMessageStartingWith(
            "gtfs.zip: entry 4/google_transit.zip!/tmp/stops.txt: its name escapes its folder");
  }

  @Test
  void tooManyEntries_areRefusedAsAPossibleBomb() throws IOException {
    Map<String, byte[]> many = new LinkedHashMap<>();
    for (int i = 0; i < 60; i++) {
      many.put("extra-" + i + ".txt", new byte[] {'x'});
    }
    Path zip = zip("gtfs.zip", entries("4/google_transit.zip", GtfsFeeds.zip(many)));

    assertThatThrownBy(() -> read(zip))
        .isInstanceOf(GtfsArchiveException.class)
        .hasMessageContaining(
            "the archive has more than 50 entries (GtfsLimits.maxEntries): refused as a possible"
                + " zip bomb");
  }

  @Test
  void anEntryThatExpandsTooFar_isRefusedWhileReading() throws IOException {
    byte[] zeros = new byte[8 << 20]; // 8 MiB of zeros: compresses about a thousand times
    Path zip =
        zip(
            "bomb.zip",
            entries("4/google_transit.zip", GtfsFeeds.zip(entries("stop_times.txt", zeros))));

    assertThatThrownBy(() -> read(zip))
        .isInstanceOf(GtfsArchiveException.class)
        .hasMessage(
            "bomb.zip: entry 4/google_transit.zip!stop_times.txt: it expands more than 50 times its"
                + " compressed size (GtfsLimits.maxCompressionRatio): refused as a possible zip"
                + " bomb");
  }

  @Test
  void anInnerZipThatExpandsTooFar_isRefusedWhileCopied_andNoCopyStays() throws IOException {
    byte[] zeros = new byte[8 << 20]; // not a zip at all: 8 MiB of zeros, a thousand to one
    Path zip = zip("bomb.zip", entries("4/google_transit.zip", zeros));

    assertThatThrownBy(() -> read(zip))
        .isInstanceOf(GtfsArchiveException.class)
        .hasMessage(
            "bomb.zip: entry 4/google_transit.zip: it expands more than 50 times its compressed"
                + " size (GtfsLimits.maxCompressionRatio): refused as a possible zip bomb");
    assertThat(copies()).isEmpty();
  }

  @Test
  void theScratchFilesOfAnOwnerWithoutItsLock_areSwept_andOurOwnAndOthersStay() throws IOException {
    Path orphan = Files.createFile(scratch.resolve("flinders-gtfs-0a1b2c3d4e5f-mode4-123.zip"));
    Path freeLock = Files.createFile(scratch.resolve("flinders-gtfs-99aa88bb77cc.lock"));
    Path freed = Files.createFile(scratch.resolve("flinders-gtfs-99aa88bb77cc-download-9.zip"));
    Path mine = ScratchFiles.create(scratch, "download");
    Path other = Files.createFile(scratch.resolve("gtfs.zip"));

    ScratchFiles.sweep(scratch);

    assertThat(orphan).as("no lock: its owner is gone").doesNotExist();
    assertThat(freed).as("a lock nobody holds").doesNotExist();
    assertThat(freeLock).doesNotExist();
    assertThat(mine).as("this JVM holds its lock").exists();
    assertThat(other).as("not ours").exists();
    try (var files = Files.list(scratch)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .as("our lock stays with our file")
          .hasSize(3)
          .anySatisfy(name -> assertThat(name).matches("flinders-gtfs-[0-9a-f]{12}\\.lock"));
    }
  }

  @Test
  void aTableCutShort_isRefusedAsTruncated_notReadAsComplete() throws IOException {
    StringBuilder times = new StringBuilder("trip_id,stop_sequence\n");
    for (int i = 0; i < 20_000; i++) {
      times.append("T").append(i % 97).append(',').append(i).append('\n');
    }
    byte[] inner = GtfsFeeds.zip(entries("stop_times.txt", times.toString()));
    shortenCompressedSize(inner, "stop_times.txt"); // the directory gives half the data
    Path zip = zip("gtfs.zip", entries("4/google_transit.zip", inner));

    assertThatThrownBy(() -> read(zip))
        .isInstanceOf(GtfsArchiveException.class)
        .hasMessageStartingWith(
            "gtfs.zip: entry 4/google_transit.zip!stop_times.txt: is truncated or corrupt (it ends"
                + " early, after ");
    assertThat(copies()).as("the copy is deleted").isEmpty();
  }

  @Test
  void aTableWhoseBytesChanged_isRefusedByItsCrc() throws IOException {
    byte[] stops = "stop_id,stop_name\n1,Flinders Street\n".getBytes(StandardCharsets.UTF_8);
    Path zip = directory.resolve("plain.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      ZipEntry entry = GtfsFeeds.entry("stops.txt");
      entry.setMethod(ZipEntry.STORED); // stored as is: a changed byte is only caught by the CRC
      entry.setSize(stops.length);
      CRC32 crc = new CRC32();
      crc.update(stops);
      entry.setCrc(crc.getValue());
      out.putNextEntry(entry);
      out.write(stops);
    }
    byte[] bytes = Files.readAllBytes(zip);
    int at = indexOf(bytes, "Flinders".getBytes(StandardCharsets.UTF_8));
    bytes[at] = 'f';
    Files.write(zip, bytes);

    assertThatThrownBy(() -> read(zip))
        .isInstanceOf(GtfsArchiveException.class)
        .hasMessageMatching(
            "plain\\.zip: entry stops\\.txt: is truncated or corrupt \\(its CRC-32 is [0-9a-f]+, its"
                + " record gives [0-9a-f]+\\)");
  }

  @Test
  void anArchiveWhoseDirectoryAnnouncesTooManyEntries_isRefusedBeforeItIsLoaded()
      throws IOException {
    Map<String, byte[]> many = new LinkedHashMap<>();
    for (int i = 0; i < 60; i++) {
      many.put("extra-" + i + ".txt", new byte[] {'x'});
    }
    Path zip = zip("many.zip", many);

    assertThatThrownBy(() -> read(zip))
        .isInstanceOf(GtfsArchiveException.class)
        .hasMessage(
            "many.zip: the archive has more than 50 entries (GtfsLimits.maxEntries): refused as a"
                + " possible zip bomb");
  }

  /** The scratch directory's files but this JVM's lock file. */
  private List<String> copies() throws IOException {
    try (var files = Files.list(scratch)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> !name.endsWith(".lock"))
          .toList();
    }
  }

  /** Halves the compressed size the central directory gives {@code name}: its data looks cut. */
  private static void shortenCompressedSize(byte[] zip, String name) {
    ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at + 46 <= zip.length; at++) {
      if (buffer.getInt(at) == 0x02014b50 // a central directory record (APPNOTE 4.3.12)
          && buffer.getShort(at + 28) == wanted.length
          && Arrays.equals(Arrays.copyOfRange(zip, at + 46, at + 46 + wanted.length), wanted)) {
        buffer.putInt(at + 20, buffer.getInt(at + 20) / 2);
        return;
      }
    }
    throw new AssertionError(name + " not in the zip's directory");
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    for (int i = 0; i + part.length <= bytes.length; i++) {
      if (Arrays.equals(Arrays.copyOfRange(bytes, i, i + part.length), part)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  @Test
  void tablesAreReadBeforeTheTablesCheckedAgainstThem_elseInTheArchivesOrder() {
    assertThat(
            FeedIngester.readingOrder(
                List.of(
                    "agency.txt",
                    "shapes.txt",
                    "stop_times.txt",
                    "stops.txt",
                    "trips.txt",
                    "routes.txt",
                    "notes.txt")))
        .containsExactly(
            "agency.txt",
            "shapes.txt",
            "stops.txt",
            "routes.txt",
            "notes.txt",
            "trips.txt",
            "stop_times.txt");
  }

  @Test
  void anArchiveThatExpandsPastTheTotal_isRefused() throws IOException {
    GtfsLimits tiny = new GtfsLimits(1 << 30, 50, 1_000, 200);
    Path zip = GtfsFeeds.sample(directory);

    assertThatThrownBy(() -> read(zip, tiny))
        .isInstanceOf(GtfsArchiveException.class)
        .hasMessageContaining(
            "the archive expands past 1000 bytes (GtfsLimits.maxUncompressedBytes)");
  }

  @Test
  void aTruncatedArchive_isRefusedAsSuch() throws IOException {
    Path whole = GtfsFeeds.nested(directory.resolve("whole.zip"), Map.of(2, GtfsFeeds.mode(2, 3)));
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = directory.resolve("cut.zip");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> read(cut))
        .isInstanceOf(GtfsArchiveException.class)
        .hasMessageStartingWith("cut.zip: is truncated or corrupt: not a readable zip");
  }

  @Test
  void aCorruptInnerFeed_isRefused_namingTheEntry() throws IOException {
    byte[] inner = GtfsFeeds.zip(GtfsFeeds.mode(2, 3));
    for (int i = 200; i < inner.length - 200; i++) {
      inner[i] = (byte) (inner[i] ^ 0x5a); // the compressed data is garbage now
    }
    Path zip = zip("gtfs.zip", entries("2/google_transit.zip", inner));

    assertThatThrownBy(() -> read(zip))
        .isInstanceOf(GtfsArchiveException.class)
        .hasMessageMatching(
            "gtfs\\.zip: entry 2/google_transit\\.zip.*: is truncated or corrupt .*");
  }

  @Test
  void anArchiveWithoutAFeed_saysWhatItLooksFor() throws IOException {
    Path zip = zip("photos.zip", entries("a.jpg", "x", "b.jpg", "y"));

    assertThatThrownBy(() -> read(zip))
        .isInstanceOf(GtfsArchiveException.class)
        .hasMessage(
            "photos.zip: holds no GTFS feed: neither folders <mode>/google_transit.zip nor .txt"
                + " tables");
  }

  @Test
  void aPlainZipInOneFolder_isOneFeed_andAnInnerZipIsCopiedOnlyWhileRead() throws IOException {
    Path folder =
        zip(
            "folder.zip",
            entries("feed/agency.txt", "agency_name\nX\n", "feed/stops.txt", "stop_id\n1\n"));
    assertThat(read(folder)).containsExactly("feed/agency.txt", "feed/stops.txt");

    Path nested = GtfsFeeds.nested(directory.resolve("gtfs.zip"), Map.of(3, GtfsFeeds.mode(3, 2)));
    assertThat(read(nested))
        .startsWith("3/google_transit.zip!stop_times.txt")
        .contains("3/google_transit.zip!stops.txt");
    assertThat(directory.toFile().list()).as("nothing extracted beside the zips").hasSize(2);
    assertThat(copies()).as("the inner zip's copy is deleted").isEmpty();
  }

  @Test
  void aComponentMeetingABadArchive_failsWithTheMessage_andCommitsNothing() throws IOException {
    byte[] zeros = new byte[8 << 20];
    Map<String, byte[]> train = GtfsFeeds.mode(2, 3);
    Map<String, byte[]> tram = new LinkedHashMap<>(GtfsFeeds.mode(3, 3));
    tram.put("shapes.txt", zeros);
    Map<Integer, Map<String, byte[]>> modes = new LinkedHashMap<>();
    modes.put(2, train); // read, then mode 3 fails: mode 2's partitions must not appear
    modes.put(3, tram);
    Path zip = GtfsFeeds.nested(directory.resolve("gtfs.zip"), modes);
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(Gtfs.file(zip, 0).limits(SMALL).component().build())
            .build();

    try (ManualRunner runner =
        ManualRunner.builder(pipeline)
            .configure(
                orchestrator ->
                    orchestrator.datasets(
                        ParquetDatasetSink.builder(directory.resolve("curated")).build(),
                        ParquetDatasetSink.builder(directory.resolve("quarantine")).build()))
            .build()) {
      ComponentResult result = runner.runDue().result("gtfs-schedule").orElseThrow();

      assertThat(result.status()).isEqualTo(Status.FAILED);
      assertThat(result.error())
          .contains("entry 3/google_transit.zip!shapes.txt: it expands more than 50 times");
      assertThat(result.errorDetail().type()).isEqualTo(GtfsArchiveException.class.getName());
      try (var files = Files.walk(directory.resolve("curated"))) {
        assertThat(files.filter(file -> file.toString().endsWith(".parquet")).toList())
            .as("no partition committed")
            .isEmpty();
      }
    }
  }
}

package dev.flinders.orchestration.ptv.gtfs;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.apache.commons.io.input.ReadAheadInputStream;
import org.jspecify.annotations.Nullable;

/**
 * A GTFS archive on disk: either the Transport Victoria layout, an outer zip of numbered folders
 * each holding {@code google_transit.zip} (the folder's number is the mode), or a plain GTFS zip of
 * {@code .txt} tables (at its root or in one folder). The outer zip is never extracted: a feed is
 * {@linkplain #open opened} on its own, a plain zip's in place, an inner zip by copying it, still
 * compressed, to a scratch file (so that its tables can be read in any order, each decompressed
 * once), deleted when the feed is closed. Every entry name is checked (none may leave its folder),
 * and the entries, the bytes they expand to and each one's compression ratio are counted against
 * {@link GtfsLimits} as they are read. A truncated or corrupt archive fails naming the entry. Used
 * by one thread.
 */
final class GtfsArchive implements AutoCloseable {
  private static final Pattern NESTED = Pattern.compile("(\\d{1,3})/google_transit\\.zip");

  /**
   * How far a table is decompressed ahead of its reader, on a thread of its own (two buffers of
   * this size): decompressing is about a quarter of the reading thread's work otherwise.
   */
  private static final int READ_AHEAD_BYTES = 1 << 18;

  /** Below this many expanded bytes an entry's ratio is not judged: small files vary. */
  private static final long RATIO_FROM = 1 << 20;

  /**
   * One feed of the archive.
   *
   * @param mode the folder's number, or the mode given for a plain zip
   * @param entry the inner zip's entry ({@code 4/google_transit.zip}), or null in a plain zip
   * @param fingerprint the inner zip's CRC-32 and size from the archive's directory, which change
   *     when the inner feed does; null in a plain zip
   */
  record Feed(int mode, @Nullable String entry, @Nullable String fingerprint) {}

  private final String source;
  private final GtfsLimits limits;
  private final ZipFile zip;
  private final List<Feed> feeds = new ArrayList<>();
  private final List<String> unused = new ArrayList<>();
  private @Nullable String flatFolder;

  private int entries;
  private long expanded;

  /** Names the archive in messages, e.g. its URL. */
  String source() {
    return source;
  }

  private GtfsArchive(String source, GtfsLimits limits, ZipFile zip) {
    this.source = source;
    this.limits = limits;
    this.zip = zip;
  }

  /**
   * Opens an archive and finds its feeds.
   *
   * @param source names the archive in messages, e.g. its URL
   * @param flatMode the mode of a plain GTFS zip's one feed
   * @throws GtfsArchiveException if it is not a readable zip, an entry name escapes its folder, it
   *     has too many entries, or it holds no GTFS feed
   */
  static GtfsArchive open(Path file, String source, GtfsLimits limits, int flatMode) {
    ZipFile zip;
    try {
      checkDirectory(file, source, null, limits, 0);
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new GtfsArchiveException(
          source, null, "is truncated or corrupt: not a readable zip (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new GtfsArchiveException(source, null, "cannot be opened: " + e, e);
    }
    GtfsArchive archive = new GtfsArchive(source, limits, zip);
    try {
      archive.findFeeds(flatMode);
    } catch (RuntimeException e) {
      archive.close();
      throw e;
    }
    return archive;
  }

  private void findFeeds(int flatMode) {
    List<ZipEntry> tables = new ArrayList<>();
    Set<String> folders = new HashSet<>();
    Enumeration<? extends ZipEntry> all = zip.entries();
    while (all.hasMoreElements()) {
      ZipEntry entry = all.nextElement();
      String name = checkedName(entry.getName(), null);
      countEntry(name);
      Matcher nested = NESTED.matcher(name);
      if (nested.matches()) {
        feeds.add(
            new Feed(
                Integer.parseInt(nested.group(1)),
                name,
                "CRC-32 " + Long.toHexString(entry.getCrc()) + ", " + entry.getSize() + " bytes"));
      } else if (!entry.isDirectory() && name.endsWith(".txt")) {
        tables.add(entry);
        int slash = name.lastIndexOf('/');
        folders.add(slash < 0 ? "" : name.substring(0, slash + 1));
      } else if (!entry.isDirectory()) {
        unused.add(name);
      }
    }
    if (!feeds.isEmpty()) {
      tables.forEach(table -> unused.add(table.getName()));
      feeds.sort(Comparator.comparingInt(Feed::mode));
      return;
    }
    if (folders.size() == 1) {
      flatFolder = folders.iterator().next();
      feeds.add(new Feed(flatMode, null, null));
      return;
    }
    throw new GtfsArchiveException(
        source,
        null,
        folders.isEmpty()
            ? "holds no GTFS feed: neither folders <mode>/google_transit.zip nor .txt tables"
            : "holds .txt tables in several folders " + folders + ": a GTFS zip has one feed",
        null);
  }

  /** Whether the archive has the Transport Victoria layout of numbered folders. */
  boolean nested() {
    return flatFolder == null;
  }

  List<Feed> feeds() {
    return List.copyOf(feeds);
  }

  /** Entries of the archive that are not part of a feed, e.g. a readme. */
  List<String> unused() {
    return List.copyOf(unused);
  }

  /**
   * The files of {@code feed}, each of which can be read on its own: a plain zip's tables in place;
   * an inner zip copied, still compressed, to a file in {@code scratch} (deleted when the result is
   * closed), its entries' names checked and counted.
   *
   * @throws GtfsArchiveException if the inner zip expands too far, is truncated or corrupt, or has
   *     an entry whose name escapes its folder, or too many entries
   */
  FeedFiles open(Feed feed, Path scratch) {
    if (feed.entry() == null) {
      Map<String, ZipEntry> tables = new LinkedHashMap<>();
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry entry = all.nextElement();
        String name = entry.getName();
        if (!entry.isDirectory() && name.startsWith(flatFolder) && name.endsWith(".txt")) {
          String fileName = name.substring(flatFolder.length());
          if (!fileName.contains("/")) {
            tables.put(fileName, entry);
          }
        }
      }
      return new FeedFiles(zip, null, "", flatFolder, tables);
    }
    String outer = feed.entry();
    Path copy = copy(outer, scratch, feed.mode());
    ZipFile inner = null;
    boolean opened = false;
    try {
      checkDirectory(copy, source, outer, limits, entries);
      inner = new ZipFile(copy.toFile());
      Map<String, ZipEntry> files = new LinkedHashMap<>();
      Enumeration<? extends ZipEntry> all = inner.entries();
      while (all.hasMoreElements()) {
        ZipEntry entry = all.nextElement();
        String where = outer + "!" + entry.getName();
        String name = checkedName(entry.getName(), outer);
        countEntry(where);
        if (!entry.isDirectory() && !name.contains("/")) {
          files.put(name, entry);
        }
      }
      opened = true;
      return new FeedFiles(inner, copy, outer + "!", "", files);
    } catch (ZipException e) {
      throw corrupt(outer, e);
    } catch (IOException e) {
      throw new GtfsArchiveException(source, outer, "cannot be read: " + e, e);
    } finally {
      if (!opened) { // whatever went wrong, an OutOfMemoryError included
        closeQuietly(inner);
        deleteQuietly(copy);
      }
    }
  }

  /**
   * Refuses an inner zip whose directory announces more entries than the limits allow, or is larger
   * than they need, before {@code ZipFile} loads the directory into memory: a small,
   * well-compressed download could otherwise hold millions of empty entries.
   */
  private static void checkDirectory(
      Path zip, String source, @Nullable String where, GtfsLimits limits, long entriesSoFar)
      throws IOException {
    long size = Files.size(zip);
    int tail = (int) Math.min(size, END_HEADER + 0xFFFF); // the end record and a comment
    ByteBuffer end = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel channel = FileChannel.open(zip)) {
      channel.read(end, size - tail);
    }
    for (int at = tail - END_HEADER; at >= 0; at--) {
      if (end.getInt(at) == END_SIGNATURE) {
        long entries = end.getShort(at + 10) & 0xFFFF; // 0xFFFF: a zip64 count, at least as many
        long directory = end.getInt(at + 12) & 0xFFFFFFFFL;
        if (entriesSoFar + entries > limits.maxEntries()
            || directory > (long) limits.maxEntries() * DIRECTORY_BYTES_PER_ENTRY) {
          throw tooManyEntries(source, where, limits);
        }
        return;
      }
    }
    // no end record: ZipFile says the zip is not readable
  }

  /** The end of central directory record: its signature and fixed size (APPNOTE 4.3.16). */
  private static final int END_SIGNATURE = 0x06054b50;

  private static final int END_HEADER = 22;

  /** Far more than a GTFS table's directory entry needs (46 bytes and its name). */
  private static final int DIRECTORY_BYTES_PER_ENTRY = 1024;

  /** Copies the inner zip {@code outer} to a scratch file, counting it against the limits. */
  private Path copy(String outer, Path scratch, int mode) {
    ZipEntry entry = zip.getEntry(outer);
    Path copy = ScratchFiles.create(scratch, "mode" + mode);
    boolean copied = false;
    try (InputStream in =
            new Counted(zip.getInputStream(entry), outer, entry.getCompressedSize(), false);
        OutputStream out = Files.newOutputStream(copy)) {
      in.transferTo(out);
      copied = true;
      return copy;
    } catch (ZipException | EOFException e) {
      throw corrupt(outer, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + outer + " to " + copy + ": " + e, e);
    } finally {
      if (!copied) {
        deleteQuietly(copy);
      }
    }
  }

  /**
   * The files of one feed, by name ({@code stops.txt}), in the archive's order; each opened on its
   * own, in any order. Closing it deletes the inner zip's scratch copy.
   */
  final class FeedFiles implements AutoCloseable {
    private final ZipFile files;
    private final @Nullable Path copy;
    private final String where;
    private final String folder;
    private final Map<String, ZipEntry> entries;

    private FeedFiles(
        ZipFile files,
        @Nullable Path copy,
        String where,
        String folder,
        Map<String, ZipEntry> entries) {
      this.files = files;
      this.copy = copy;
      this.where = where;
      this.folder = folder;
      this.entries = entries;
    }

    /** The files' names, e.g. {@code stops.txt}, in the archive's order. */
    List<String> names() {
      return List.copyOf(entries.keySet());
    }

    /** The entry for messages, e.g. {@code 4/google_transit.zip!stops.txt}. */
    String where(String name) {
      return where + folder + name;
    }

    /** The bytes of file {@code name}, counted against the limits as they are read. */
    InputStream open(String name) {
      ZipEntry entry = entries.get(name);
      if (entry == null) {
        throw new IllegalArgumentException("no file " + name + " in the feed");
      }
      try {
        return new Counted(
            ReadAheadInputStream.builder()
                .setInputStream(new Verified(files.getInputStream(entry), entry))
                .setBufferSize(READ_AHEAD_BYTES)
                .get(),
            where(name),
            entry.getCompressedSize(),
            true);
      } catch (ZipException | EOFException e) {
        throw corrupt(where(name), e);
      } catch (IOException e) {
        throw new GtfsArchiveException(source, where(name), "cannot be read: " + e, e);
      }
    }

    @Override
    public void close() {
      if (copy != null) {
        closeQuietly(files);
        deleteQuietly(copy);
      }
    }
  }

  private static void closeQuietly(@Nullable ZipFile file) {
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        // only read
      }
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // swept at the next start by this process's successor
    }
  }

  private GtfsArchiveException corrupt(String entry, IOException e) {
    return new GtfsArchiveException(
        source, entry, "is truncated or corrupt (" + e.getMessage() + ")", e);
  }

  /** {@code name} if it stays inside its folder; else the archive is refused. */
  private String checkedName(String name, @Nullable String inside) {
    String where = inside == null ? name : inside + "!" + name;
    boolean escapes =
        name.startsWith("/")
            || name.contains("\\")
            || name.contains(":")
            || name.isEmpty()
            || Arrays.asList(name.split("/")).contains("..");
    if (escapes) {
      throw new GtfsArchiveException(
          source,
          where,
          "its name escapes its folder (an absolute path or \"..\"): the archive is refused",
          null);
    }
    return name;
  }

  private void countEntry(String where) {
    if (++entries > limits.maxEntries()) {
      throw tooManyEntries(source, where, limits);
    }
  }

  private static GtfsArchiveException tooManyEntries(
      String source, @Nullable String where, GtfsLimits limits) {
    return new GtfsArchiveException(
        source,
        where,
        "the archive has more than "
            + limits.maxEntries()
            + " entries (GtfsLimits.maxEntries): refused as a possible zip bomb",
        null);
  }

  @Override
  public void close() {
    try {
      zip.close();
    } catch (IOException e) {
      // the file was only read
    }
  }

  /**
   * An entry's expanded bytes, counted against the limits: its ratio to its compressed size, and
   * the archive's total (a table's bytes) or a total of its own (an inner zip being copied, whose
   * tables are counted when read).
   */
  private final class Counted extends BlockFilter {
    private final String where;
    private final long compressedSize;
    private final boolean inTotal;
    private long read;

    Counted(InputStream in, String where, long compressedSize, boolean inTotal) {
      super(in);
      this.where = where;
      this.compressedSize = compressedSize;
      this.inTotal = inTotal;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n;
      try {
        n = in.read(buffer, offset, length);
      } catch (ZipException | EOFException e) {
        throw corrupt(where, e);
      }
      if (n > 0) {
        read += n;
        if (inTotal) {
          expanded += n;
        }
        check();
      }
      return n;
    }

    private void check() {
      if ((inTotal ? expanded : read) > limits.maxUncompressedBytes()) {
        throw new GtfsArchiveException(
            source,
            where,
            "the archive expands past "
                + limits.maxUncompressedBytes()
                + " bytes (GtfsLimits.maxUncompressedBytes): refused as a possible zip bomb",
            null);
      }
      if (read >= RATIO_FROM
          && read > (double) limits.maxCompressionRatio() * Math.max(compressedSize, 1)) {
        throw new GtfsArchiveException(
            source,
            where,
            "it expands more than "
                + limits.maxCompressionRatio()
                + " times its compressed size (GtfsLimits.maxCompressionRatio): refused as a"
                + " possible zip bomb",
            null);
      }
    }
  }

  /**
   * An entry's bytes checked against its directory record: its size and CRC-32 at the end, and a
   * stream that ends early is truncated. {@code ZipFile} checks neither, and the read-ahead thread
   * would take its {@code EOFException} ("Unexpected end of ZLIB input stream") for the end.
   */
  private static final class Verified extends BlockFilter {
    private final ZipEntry entry;
    private final CRC32 crc = new CRC32();
    private long read;

    Verified(InputStream in, ZipEntry entry) {
      super(in);
      this.entry = entry;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n;
      try {
        n = in.read(buffer, offset, length);
      } catch (EOFException e) {
        throw new ZipException("it ends early, after " + read + " bytes: " + e.getMessage());
      }
      if (n > 0) {
        crc.update(buffer, offset, n);
        read += n;
      } else if (n < 0) {
        if (entry.getSize() >= 0 && read != entry.getSize()) {
          throw new ZipException(
              "it ends after " + read + " of the " + entry.getSize() + " bytes its record gives");
        }
        if (entry.getCrc() >= 0 && crc.getValue() != entry.getCrc()) {
          throw new ZipException(
              "its CRC-32 is "
                  + Long.toHexString(crc.getValue())
                  + ", its record gives "
                  + Long.toHexString(entry.getCrc()));
        }
      }
      return n;
    }
  }

  /**
   * A filter whose single-byte reads and skips go through its block read, so that one method sees
   * every byte.
   */
  private abstract static class BlockFilter extends FilterInputStream {
    BlockFilter(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public long skip(long count) throws IOException {
      byte[] buffer = new byte[8192];
      long skipped = 0;
      while (skipped < count) {
        int n = read(buffer, 0, (int) Math.min(buffer.length, count - skipped));
        if (n < 0) {
          break;
        }
        skipped += n;
      }
      return skipped;
    }
  }
}

package dev.flinders.orchestration.ptv.gtfs;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.jspecify.annotations.Nullable;

/**
 * A GTFS archive on disk, read in place: either the Transport Victoria layout, an outer zip of
 * numbered folders each holding {@code google_transit.zip} (the folder's number is the mode), whose
 * inner zips are streamed from the outer one without being extracted, or a plain GTFS zip of {@code
 * .txt} tables (at its root or in one folder). Every entry name is checked (none may leave its
 * folder), and the entries, the bytes they expand to and each one's compression ratio are counted
 * against {@link GtfsLimits} as they are read. A truncated or corrupt archive fails naming the
 * entry. Used by one thread.
 */
final class GtfsArchive implements AutoCloseable {
  private static final Pattern NESTED = Pattern.compile("(\\d{1,3})/google_transit\\.zip");

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

  /** Reads a table of a feed. */
  @FunctionalInterface
  interface TableReader {
    /**
     * @param fileName the table's file, e.g. {@code stops.txt}
     * @param in its bytes, closed by the archive
     * @param where the entry for messages, e.g. {@code 4/google_transit.zip!stops.txt}
     */
    void read(String fileName, InputStream in, String where) throws IOException;
  }

  private final String source;
  private final GtfsLimits limits;
  private final ZipFile zip;
  private final List<Feed> feeds = new ArrayList<>();
  private final List<String> unused = new ArrayList<>();
  private @Nullable String flatFolder;

  /** The entries counted so far: an entry read again in a later pass counts once. */
  private final Set<String> counted = new HashSet<>();

  /** The entries whose expanded bytes have been added to the total. */
  private final Set<String> expandedOnce = new HashSet<>();

  private int entries;
  private long expanded;

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
   * Streams the files of {@code feed} that {@code wanted} names (all, if null: an inner feed's
   * every file, a plain zip's {@code .txt} tables) to {@code reader}, in the archive's order.
   */
  void read(Feed feed, @Nullable Set<String> wanted, TableReader reader) {
    if (feed.entry() == null) {
      readFlat(wanted, reader);
    } else {
      readNested(feed.entry(), wanted, reader);
    }
  }

  private void readFlat(@Nullable Set<String> wanted, TableReader reader) {
    Enumeration<? extends ZipEntry> all = zip.entries();
    while (all.hasMoreElements()) {
      ZipEntry entry = all.nextElement();
      String name = entry.getName();
      if (entry.isDirectory() || !name.startsWith(flatFolder) || !name.endsWith(".txt")) {
        continue;
      }
      String fileName = name.substring(flatFolder.length());
      if (fileName.contains("/") || (wanted != null && !wanted.contains(fileName))) {
        continue;
      }
      try (InputStream in =
          new Counted(zip.getInputStream(entry), name, entry.getCompressedSize(), null)) {
        reader.read(fileName, in, name);
      } catch (ZipException | EOFException e) {
        throw corrupt(name, e);
      } catch (IOException e) {
        throw new GtfsArchiveException(source, name, "cannot be read: " + e, e);
      }
    }
  }

  private void readNested(String outer, @Nullable Set<String> wanted, TableReader reader) {
    ZipEntry entry = zip.getEntry(outer);
    try (CountingStream compressed = new CountingStream(zip.getInputStream(entry));
        ZipInputStream inner = new ZipInputStream(new BufferedInputStream(compressed, 1 << 16))) {
      for (ZipEntry table = inner.getNextEntry(); table != null; table = inner.getNextEntry()) {
        String where = outer + "!" + table.getName();
        String name = checkedName(table.getName(), outer);
        countEntry(where);
        Counted in = new Counted(inner, where, -1, compressed);
        if (table.isDirectory()
            || name.contains("/")
            || (wanted != null && !wanted.contains(name))) {
          in.transferTo(OutputStream.nullOutputStream()); // skipped, but counted
          continue;
        }
        reader.read(name, in, where);
      }
    } catch (ZipException | EOFException e) {
      throw corrupt(outer, e);
    } catch (IOException e) {
      throw new GtfsArchiveException(source, outer, "cannot be read: " + e, e);
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
    if (!counted.add(where)) {
      return; // read again in a later pass: counted once
    }
    if (++entries > limits.maxEntries()) {
      throw new GtfsArchiveException(
          source,
          where,
          "the archive has more than "
              + limits.maxEntries()
              + " entries (GtfsLimits.maxEntries): refused as a possible zip bomb",
          null);
    }
  }

  @Override
  public void close() {
    try {
      zip.close();
    } catch (IOException e) {
      // the file was only read
    }
  }

  /** Counts the bytes read through it: an inner zip's compressed bytes. */
  private static final class CountingStream extends FilterInputStream {
    private long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  /**
   * An entry's expanded bytes, counted against the limits: the archive's total, and the entry's
   * ratio to its compressed bytes (its declared compressed size, or what the inner zip's stream
   * consumed meanwhile). Closing it does not close an inner zip's stream.
   */
  private final class Counted extends FilterInputStream {
    private final String where;
    private final long compressedSize;
    private final @Nullable CountingStream compressed;
    private final long compressedAtStart;
    private long read;

    Counted(
        InputStream in, String where, long compressedSize, @Nullable CountingStream compressed) {
      super(in);
      this.where = where;
      this.compressedSize = compressedSize;
      this.compressed = compressed;
      this.compressedAtStart = compressed == null ? 0 : compressed.count;
      this.firstRead = expandedOnce.add(where);
    }

    /** Whether this is the entry's first read: only the first adds to the archive's total. */
    private final boolean firstRead;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
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
        if (firstRead) {
          expanded += n;
        }
        check();
      }
      return n;
    }

    private void check() {
      if (expanded > limits.maxUncompressedBytes()) {
        throw new GtfsArchiveException(
            source,
            where,
            "the archive expands past "
                + limits.maxUncompressedBytes()
                + " bytes (GtfsLimits.maxUncompressedBytes): refused as a possible zip bomb",
            null);
      }
      if (read < RATIO_FROM) {
        return;
      }
      long packed =
          compressed != null ? compressed.count - compressedAtStart : Math.max(compressedSize, 0);
      if (read > (double) limits.maxCompressionRatio() * Math.max(packed, 1)) {
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

    @Override
    public void close() throws IOException {
      if (compressed == null) {
        super.close(); // a table of a plain zip; an inner zip's stream goes on to its next entry
      }
    }
  }
}

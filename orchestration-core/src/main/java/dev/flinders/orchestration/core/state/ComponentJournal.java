package dev.flinders.orchestration.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flinders.orchestration.StateStoreException;
import dev.flinders.orchestration.core.internal.AtomicFiles;
import dev.flinders.orchestration.core.internal.Json;
import dev.flinders.orchestration.spi.ComponentRecord;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The component records of one pipeline as a journal: {@code components.jsonl}, one record per line
 * in compact JSON, appended on every save; a component's last line is its record. Appending one
 * line costs a write to the operating system, not a file created and renamed per record, and saves
 * made together share one force to disk (group commit).
 *
 * <p>A save is one {@code write} of a whole line in append mode, so a crash of the process leaves
 * every saved line in the file; a crash (of the machine) in the middle of a write can leave a line
 * without its end, which readers ignore and {@link #repair} (the lock holder) cuts off. A line in
 * the middle that cannot be read fails every read, naming the file, the line and what to do.
 *
 * <p>The file is rewritten with one line per component ({@link #compact}) by the pipeline's lock
 * holder when it holds more than {@value #SLACK_FACTOR} times as many lines as components, plus
 * {@value #SLACK_LINES}. Readers keep the records they have read and read only what was appended
 * since; a file replaced by a compaction (another inode) is read again from the start, and an
 * appender open on the replaced file is closed, so that the next save goes to the new one. Saves
 * are the lock holder's ({@link #compactIfGrown}, called on locking, reads the file first): a
 * process that saved while another compacted, without the lock, could append to the replaced file.
 */
final class ComponentJournal {
  static final String FILE_NAME = "components.jsonl";

  static final int SLACK_FACTOR = 4;
  static final int SLACK_LINES = 256;

  /** At most this long between forces while saves go on, in the per-run durability. */
  static final long FORCE_INTERVAL_NANOS = 1_000_000_000L;

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(JsonFileStateStore.class);

  private static final ObjectWriter LINE_WRITER =
      Json.mapper().writerFor(ComponentRecord.class).without(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectReader LINE_READER = Json.mapper().readerFor(ComponentRecord.class);

  private final Path file;
  private final boolean forceEachSave;

  // guarded by this
  private final Map<String, ComponentRecord> records = new HashMap<>();
  // a stream, not a FileChannel: an interrupt of a thread writing or forcing through a channel
  // closes it, and this appender is every thread's (see save)
  private @Nullable FileOutputStream appender;
  private @Nullable Object fileKey; // the file the records were read from
  private long readOffset; // bytes read from it: up to the end of its last whole line
  private int lines; // whole lines read or appended
  private long appended; // saves appended, counted
  private long lastForceNanos = System.nanoTime();

  // guarded by forceLock
  private final Object forceLock = new Object();
  private long forced; // saves known to be on disk

  ComponentJournal(Path file, boolean forceEachSave) {
    this.file = file;
    this.forceEachSave = forceEachSave;
  }

  Path file() {
    return file;
  }

  /** The component's latest record, reading what was appended since the last read. */
  synchronized Optional<ComponentRecord> get(String component) {
    refresh();
    return Optional.ofNullable(records.get(component));
  }

  /** The latest records of the named components that have one. */
  synchronized Map<String, ComponentRecord> getAll(Iterable<String> components) {
    refresh();
    Map<String, ComponentRecord> found = new HashMap<>();
    for (String name : components) {
      ComponentRecord record = records.get(name);
      if (record != null) {
        found.put(name, record);
      }
    }
    return found;
  }

  /**
   * Appends the record; forced to disk before returning when each save is forced, else when the
   * last force is older than {@value #FORCE_INTERVAL_NANOS} ns.
   */
  void save(ComponentRecord record) {
    byte[] line = line(record);
    long position;
    boolean forceNow;
    synchronized (this) {
      try {
        FileOutputStream out = appender();
        out.write(line); // one write in append mode; unlike a channel's, an interrupt leaves it be
        long end = Files.size(file); // larger if others appended after our line: then read back
        if (end - line.length == readOffset) {
          readOffset = end; // nothing appended by others in between: no need to read it back
          lines++;
        }
      } catch (IOException e) {
        throw new StateStoreException(
            "cannot append the record of component \""
                + record.component()
                + "\" to "
                + file
                + ": "
                + e,
            e);
      }
      records.put(record.component(), record);
      position = ++appended;
      forceNow = forceEachSave || System.nanoTime() - lastForceNanos > FORCE_INTERVAL_NANOS;
    }
    if (forceNow) {
      force(position);
    }
  }

  /** Forces every save appended so far to disk; saves forced by another caller meanwhile count. */
  void force() {
    long position;
    synchronized (this) {
      position = appended;
    }
    force(position);
  }

  private void force(long position) {
    synchronized (forceLock) {
      if (forced >= position) {
        return; // a force that began after our save covered it
      }
      FileOutputStream out;
      long upTo;
      synchronized (this) {
        out = appender;
        upTo = appended;
        lastForceNanos = System.nanoTime();
      }
      if (out != null) {
        try {
          out.getFD().sync();
        } catch (IOException e) {
          throw new StateStoreException("cannot force " + file + " to disk: " + e, e);
        }
      }
      forced = upTo;
    }
  }

  /**
   * Cuts off a line left without its end by a crash, so that the next save starts a line of its
   * own. Called by the pipeline's lock holder, the only writer.
   */
  synchronized void repair() {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      long size = channel.size();
      long whole = endOfLastLine(size);
      if (whole < size) {
        LOG.warn(
            "{} ends with {} bytes of a record whose write a crash cut short; removed them (that"
                + " save had not returned, so its component runs as if it had not been saved)",
            file,
            size - whole);
        channel.truncate(whole);
        channel.force(true);
      }
    } catch (NoSuchFileException e) {
      // no records yet
    } catch (IOException e) {
      throw new StateStoreException("cannot repair " + file + ": " + e, e);
    }
  }

  /**
   * Rewrites the file with one line per component when it has grown past its slack; called by the
   * pipeline's lock holder, the only writer.
   */
  void compactIfGrown() {
    synchronized (forceLock) {
      synchronized (this) {
        refresh();
        if (lines <= SLACK_FACTOR * records.size() + SLACK_LINES) {
          return;
        }
        compact();
      }
    }
  }

  /** Writes {@code records} as the whole journal (called with both locks held). */
  private void compact() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(records.size() * 512);
    records.values().stream()
        .sorted(java.util.Comparator.comparing(ComponentRecord::component))
        .forEach(record -> bytes.writeBytes(line(record)));
    try {
      closeAppender();
      AtomicFiles.replace(file, bytes.toByteArray(), true);
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      fileKey = attributes.fileKey();
      readOffset = attributes.size();
      lines = records.size();
      forced = appended;
    } catch (IOException e) {
      throw new StateStoreException("cannot compact " + file + ": " + e, e);
    }
  }

  /** Adds records saved in the older layout, for components that have none here; forced. */
  void adopt(Map<String, ComponentRecord> older) {
    synchronized (forceLock) {
      synchronized (this) {
        refresh();
        older.forEach(records::putIfAbsent);
        compact();
      }
    }
  }

  void close() {
    try {
      force();
    } finally {
      synchronized (this) {
        closeAppender();
      }
    }
  }

  private void closeAppender() {
    FileOutputStream out = appender;
    appender = null;
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        LOG.warn("cannot close {}: {}", file, e.toString());
      }
    }
  }

  private FileOutputStream appender() throws IOException {
    FileOutputStream out = appender;
    if (out != null) {
      return out;
    }
    boolean created = !Files.exists(file);
    if (created) {
      Files.createDirectories(file.getParent());
    }
    out = new FileOutputStream(file.toFile(), true); // created if missing; O_APPEND
    try {
      if (created) {
        AtomicFiles.forceDirectory(file.getParent()); // the new file's name survives a power cut
      }
      Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
      if (key != null && !key.equals(fileKey)) {
        refresh(); // another file than the one read: read it before appending to it
      }
    } catch (IOException | RuntimeException e) {
      out.close();
      throw e;
    }
    appender = out;
    return out;
  }

  /** Reads what was appended since the last read, or the whole file if it was replaced. */
  private void refresh() {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      closeAppender(); // it writes to the deleted file: the next save creates the journal anew
      if (fileKey != null || readOffset > 0) {
        records.clear(); // deleted: its records are gone
        fileKey = null;
        readOffset = 0;
        lines = 0;
      }
      return;
    } catch (IOException e) {
      throw new StateStoreException("cannot read " + file + ": " + e, e);
    }
    Object key = attributes.fileKey();
    long size = attributes.size();
    if ((key != null && !key.equals(fileKey)) || size < readOffset) {
      closeAppender(); // it writes to the file that was replaced: the next save opens this one
      records.clear();
      readOffset = 0;
      lines = 0;
      fileKey = key;
    }
    if (size == readOffset) {
      return;
    }
    byte[] tail;
    int length;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long available = channel.size() - readOffset;
      if (available > Integer.MAX_VALUE - 8) {
        throw new StateStoreException(
            file + " has grown past 2 GiB since it was last read: compaction has not run", null);
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, available));
      while (buffer.hasRemaining() && channel.read(buffer, readOffset + buffer.position()) > 0) {
        // read all of it
      }
      tail = buffer.array();
      length = buffer.position();
    } catch (IOException e) {
      throw new StateStoreException("cannot read " + file + ": " + e, e);
    }
    int start = 0;
    for (int i = 0; i < length; i++) {
      if (tail[i] != '\n') {
        continue;
      }
      lines++;
      if (i > start) {
        ComponentRecord record = parse(tail, start, i - start, lines);
        records.put(record.component(), record);
      }
      start = i + 1;
    }
    readOffset += start; // a last line without its end is being written, or was cut by a crash
  }

  private ComponentRecord parse(byte[] bytes, int offset, int length, int lineNumber) {
    ComponentRecord record;
    try {
      record = LINE_READER.readValue(bytes, offset, length);
    } catch (IOException e) {
      throw unreadable(lineNumber, problem(e), e);
    }
    if (record == null) {
      throw unreadable(lineNumber, "it holds null, not a ComponentRecord", null);
    }
    return record;
  }

  private StateStoreException unreadable(
      int lineNumber, String problem, @Nullable Exception cause) {
    return new StateStoreException(
        "component record at line "
            + lineNumber
            + " of "
            + file
            + " is not a valid ComponentRecord ("
            + problem
            + "); it was not written by this store: restore the file from a backup, or delete"
            + " that line (its component then reads the record of an earlier line, or runs as if"
            + " for the first time)",
        cause);
  }

  private long endOfLastLine(long size) throws IOException {
    if (size == 0) {
      return 0;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer one = ByteBuffer.allocate(8192);
      long end = size;
      while (end > 0) {
        int length = (int) Math.min(one.capacity(), end);
        one.clear().limit(length);
        long from = end - length;
        while (one.hasRemaining() && channel.read(one, from + one.position()) > 0) {
          // fill
        }
        for (int i = length - 1; i >= 0; i--) {
          if (one.get(i) == '\n') {
            return from + i + 1;
          }
        }
        end = from;
      }
      return 0;
    }
  }

  private static byte[] line(ComponentRecord record) {
    try {
      byte[] json = LINE_WRITER.writeValueAsBytes(record);
      byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
      line[json.length] = '\n';
      return line;
    } catch (JsonProcessingException e) {
      throw new StateStoreException(
          "cannot write the record of component \"" + record.component() + "\": " + e, e);
    }
  }

  static String problem(IOException e) {
    if (!(e instanceof JsonProcessingException json)) {
      return e.toString();
    }
    return json.getOriginalMessage()
        + (json.getLocation() == null || json.getLocation().getColumnNr() < 0
            ? ""
            : " at column " + json.getLocation().getColumnNr());
  }
}

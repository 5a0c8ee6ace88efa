package dev.flinders.orchestration.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flinders.orchestration.PipelineLockedException;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.StateStoreException;
import dev.flinders.orchestration.core.internal.Json;
import dev.flinders.orchestration.spi.ComponentRecord;
import dev.flinders.orchestration.spi.Counter;
import dev.flinders.orchestration.spi.PipelineLock;
import dev.flinders.orchestration.spi.StateStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps state as JSON files under a directory, one file per record:
 *
 * <pre>
 * &lt;directory&gt;/&lt;pipeline&gt;/runs/&lt;run id&gt;.json          one per run, newest kept up to the history limit
 * &lt;directory&gt;/&lt;pipeline&gt;/components/&lt;component&gt;.json  one per component
 * &lt;directory&gt;/&lt;pipeline&gt;/pipeline.lock                  the run lock, with its holder
 * &lt;directory&gt;/_counters/&lt;scope&gt;/&lt;name&gt;.json        a counter (e.g. a quota's calls today)
 * &lt;directory&gt;/_counters/&lt;scope&gt;/&lt;name&gt;.lock        taken while the counter is updated
 * </pre>
 *
 * <p>Every write goes to a temporary file in the same directory, is forced to disk, and is renamed
 * over the record, so a crash at any instant leaves either the old or the new record, never a torn
 * one; temporary files left by a crash are removed when the pipeline is next locked. The run lock
 * is an OS file lock: it is released when the process dies, so a crashed process never blocks the
 * next one. Thread-safe; several processes may share the directory.
 */
public final class JsonFileStateStore implements StateStore {
  /** The history limit of a store that sets none: runs kept per pipeline. */
  public static final int DEFAULT_HISTORY_LIMIT = 1000;

  private static final String TEMP_SUFFIX = ".tmp";

  /** One lock object per counter lock file in this JVM; see {@link #addToCounter}. */
  private static final ConcurrentHashMap<Path, Object> COUNTER_LOCKS = new ConcurrentHashMap<>();

  private final Path directory;
  private final int historyLimit;
  private final Set<FileLockHandle> openLocks = ConcurrentHashMap.newKeySet();

  private JsonFileStateStore(Path directory, int historyLimit) {
    this.directory = directory;
    this.historyLimit = historyLimit;
  }

  /** A store in {@code directory} (created if missing) keeping 1,000 runs per pipeline. */
  public static JsonFileStateStore open(Path directory) {
    return open(directory, DEFAULT_HISTORY_LIMIT);
  }

  /**
   * A store in {@code directory} (created if missing) keeping at most {@code historyLimit} runs per
   * pipeline; older runs are deleted as new ones are saved.
   */
  public static JsonFileStateStore open(Path directory, int historyLimit) {
    Objects.requireNonNull(directory, "directory");
    if (historyLimit < 1) {
      throw new IllegalArgumentException("historyLimit must be at least 1, was " + historyLimit);
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StateStoreException("cannot create state directory " + directory + ": " + e, e);
    }
    return new JsonFileStateStore(directory, historyLimit);
  }

  public Path directory() {
    return directory;
  }

  public int historyLimit() {
    return historyLimit;
  }

  @Override
  public PipelineLock lock(String pipeline, String owner) {
    Path pipelineDirectory = createDirectories(directory.resolve(pipeline));
    Path lockFile = pipelineDirectory.resolve("pipeline.lock");
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock fileLock;
      try {
        fileLock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        fileLock = null;
      }
      if (fileLock == null) {
        String holder = readHolder(lockFile);
        channel.close();
        throw new PipelineLockedException(pipeline, holder);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      removeTemporaryFiles(pipelineDirectory.resolve("runs"));
      removeTemporaryFiles(pipelineDirectory.resolve("components"));
      FileLockHandle handle = new FileLockHandle(pipeline, channel, fileLock);
      openLocks.add(handle);
      return handle;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StateStoreException("cannot lock " + lockFile + ": " + e, e);
    }
  }

  @Override
  public void saveRun(RunReport run) {
    Path runs = createDirectories(directory.resolve(run.pipeline()).resolve("runs"));
    write(runs.resolve(run.runId() + ".json"), run);
    List<Path> files = recordFiles(runs);
    for (int i = historyLimit; i < files.size(); i++) {
      try {
        Files.deleteIfExists(files.get(i));
      } catch (IOException e) {
        throw new StateStoreException("cannot delete old run record " + files.get(i) + ": " + e, e);
      }
    }
  }

  @Override
  public Optional<RunReport> run(String pipeline, String runId) {
    return read(
        directory.resolve(pipeline).resolve("runs").resolve(runId + ".json"), RunReport.class);
  }

  @Override
  public List<RunReport> runs(String pipeline, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    List<RunReport> runs = new ArrayList<>();
    for (Path file : recordFiles(directory.resolve(pipeline).resolve("runs"))) {
      if (runs.size() >= limit) {
        break;
      }
      read(file, RunReport.class).ifPresent(runs::add);
    }
    return runs;
  }

  @Override
  public Optional<ComponentRecord> component(String pipeline, String component) {
    return read(componentFile(pipeline, component), ComponentRecord.class);
  }

  @Override
  public void saveComponent(String pipeline, ComponentRecord record) {
    createDirectories(directory.resolve(pipeline).resolve("components"));
    write(componentFile(pipeline, record.component()), record);
  }

  @Override
  public Optional<Counter> counter(String scope, String name) {
    return read(counterFile(scope, name), Counter.class);
  }

  /**
   * Under an OS file lock (other processes) and a lock shared by every store of this JVM on the
   * same file (a JVM cannot hold two OS locks on one file): read, add, write atomically.
   */
  @Override
  public CounterUpdate addToCounter(
      String scope, String name, String window, long delta, long ceiling) {
    Path file = counterFile(scope, name);
    createDirectories(file.getParent());
    Path lockFile = file.resolveSibling(name + ".lock");
    Object jvmLock = COUNTER_LOCKS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> k);
    synchronized (jvmLock) {
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        Counter current =
            read(file, Counter.class)
                .filter(counter -> counter.window().equals(window))
                .orElse(new Counter(window, 0));
        if (current.value() + delta > ceiling) {
          return new CounterUpdate(false, current);
        }
        Counter updated = new Counter(window, current.value() + delta);
        write(file, updated);
        return new CounterUpdate(true, updated);
      } catch (IOException e) {
        throw new StateStoreException("cannot update counter " + file + ": " + e, e);
      }
    }
  }

  private Path counterFile(String scope, String name) {
    return directory.resolve("_counters").resolve(scope).resolve(name + ".json");
  }

  @Override
  public void close() {
    for (FileLockHandle handle : List.copyOf(openLocks)) {
      handle.close();
    }
  }

  @Override
  public String toString() {
    return "JsonFileStateStore[" + directory + ", historyLimit=" + historyLimit + "]";
  }

  private Path componentFile(String pipeline, String component) {
    return directory.resolve(pipeline).resolve("components").resolve(component + ".json");
  }

  /** Record files (not temporary ones) in a directory, newest (largest name) first. */
  private static List<Path> recordFiles(Path directory) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.json")) {
      stream.forEach(files::add);
    } catch (NoSuchFileException e) {
      return files;
    } catch (IOException e) {
      throw new StateStoreException("cannot list " + directory + ": " + e, e);
    }
    files.sort(Collections.reverseOrder());
    return files;
  }

  private static void removeTemporaryFiles(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, ".*" + TEMP_SUFFIX)) {
      for (Path file : stream) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static <T> Optional<T> read(Path file, Class<T> type) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StateStoreException("cannot read " + file + ": " + e, e);
    }
    try {
      return Optional.of(Json.mapper().readValue(bytes, type));
    } catch (IOException e) {
      String detail =
          e instanceof JsonProcessingException
              ? ((JsonProcessingException) e).getOriginalMessage()
              : e.toString();
      throw new StateStoreException(
          "state record "
              + file
              + " is not valid JSON for "
              + type.getSimpleName()
              + " ("
              + detail
              + "); it was not written by this store: restore it from a backup or delete it",
          e);
    }
  }

  private static void write(Path file, Object record) {
    Path temporary =
        file.resolveSibling(
            "."
                + file.getFileName()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + TEMP_SUFFIX);
    try {
      byte[] bytes = Json.mapper().writeValueAsBytes(record);
      try (FileChannel channel =
          FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory(file.getParent());
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new StateStoreException("cannot write state record " + file + ": " + e, e);
    }
  }

  /** Makes the rename durable; some platforms cannot open a directory, which is then skipped. */
  private static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not supported here (e.g. Windows): the rename is still atomic, only its durability is
      // left to the file system.
    }
  }

  private static Path createDirectories(Path path) {
    try {
      return Files.createDirectories(path);
    } catch (IOException e) {
      throw new StateStoreException("cannot create directory " + path + ": " + e, e);
    }
  }

  private static String readHolder(Path lockFile) {
    try {
      String holder = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
      return holder.isEmpty() ? "holder unknown" : holder;
    } catch (IOException e) {
      return "holder unknown: " + e.getMessage();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing; the original error is reported
      }
    }
  }

  private final class FileLockHandle implements PipelineLock {
    private final String pipeline;
    private final FileChannel channel;
    private final FileLock fileLock;

    FileLockHandle(String pipeline, FileChannel channel, FileLock fileLock) {
      this.pipeline = pipeline;
      this.channel = channel;
      this.fileLock = fileLock;
    }

    @Override
    public String pipeline() {
      return pipeline;
    }

    @Override
    public void close() {
      if (!openLocks.remove(this)) {
        return;
      }
      try {
        fileLock.release();
        channel.close();
      } catch (IOException e) {
        throw new StateStoreException(
            "cannot release the lock of pipeline \"" + pipeline + "\": " + e, e);
      }
    }
  }
}

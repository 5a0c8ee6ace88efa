package dev.flinders.orchestration.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flinders.orchestration.PipelineLockedException;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.StateStoreException;
import dev.flinders.orchestration.core.internal.AtomicFiles;
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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Keeps state as JSON files under a directory:
 *
 * <pre>
 * &lt;directory&gt;/&lt;pipeline&gt;/runs/&lt;run id&gt;.json          one per run, newest kept up to the history limit
 * &lt;directory&gt;/&lt;pipeline&gt;/components.jsonl             the component records, one line per save
 * &lt;directory&gt;/&lt;pipeline&gt;/pipeline.lock                  the run lock, with its holder
 * &lt;directory&gt;/_counters/&lt;scope&gt;/&lt;name&gt;.json        a counter (e.g. a quota's calls today)
 * &lt;directory&gt;/_counters/&lt;scope&gt;/&lt;name&gt;.lock        taken while the counter is updated
 * </pre>
 *
 * <p>History is bounded twice: by the number of runs kept per pipeline (default 1,000) and by the
 * bytes their files take (default 256 MiB; a 10,000-component run takes about 5 MB), whichever
 * bound is reached first; the newest run is always kept. A run file that cannot be read (truncated,
 * not a run, or another run's copy) is skipped with a warning naming it; a component record that
 * cannot be read fails, naming the file, the line and the fix, since running on without it would
 * repeat or skip work.
 *
 * <p>Run and counter records are written to a temporary file in the same directory, forced to disk,
 * and renamed over the record, so a crash at any instant leaves either the old or the new record,
 * never a torn one; temporary files left by a crash are removed when the pipeline is next locked.
 * Component records, saved once per component and run, are appended to the pipeline's journal
 * {@code components.jsonl} in one write each (a component's last line is its record), which the
 * lock holder rewrites with one line per component when it has grown to four times that; how soon
 * appended records are forced to disk is the store's {@link Durability}. The run lock is an OS file
 * lock: it is released when the process dies, so a crashed process never blocks the next one.
 * Thread-safe; several processes may share the directory.
 *
 * <p>Stores written by versions before the journal kept one file per component ({@code
 * components/<component>.json}); they are read as they are, and moved into the journal when the
 * pipeline is next locked.
 */
public final class JsonFileStateStore implements StateStore {
  /** The history limit of a store that sets none: runs kept per pipeline. */
  public static final int DEFAULT_HISTORY_LIMIT = 1000;

  /** The bound on the bytes of a pipeline's run files in a store that sets none: 256 MiB. */
  public static final long DEFAULT_HISTORY_BYTES = 256L << 20;

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(JsonFileStateStore.class);

  private static final String TEMP_SUFFIX = AtomicFiles.TEMP_SUFFIX;

  /**
   * When saved component records reach the disk. Either way a record survives a crash of the
   * process as soon as its save returns (it is in the operating system's hands), and a crash never
   * leaves a record half written; they differ in what a power cut or a crash of the operating
   * system can take.
   */
  public enum Durability {
    /**
     * Each component record is forced to disk before its save returns (saves made at once share one
     * force): a power cut loses nothing saved. Costs a synchronous disk write per save, about 0.4
     * ms on a virtual disk, more than a no-op component's whole run.
     */
    EACH_RECORD,
    /**
     * Component records are forced to disk together: when the run's record is saved (as the run
     * starts and ends), when the pipeline's lock is released, and by the first save a second or
     * more after the last force. A power cut in the middle of a run can lose the records saved
     * since the last force; their components then run again at the next run, as if they had not
     * finished. The default: tens of microseconds per component instead of a disk write per save.
     */
    EACH_RUN
  }

  /**
   * One lock object per lock file of a counter or shared record in this JVM; see {@link
   * #underLock}.
   */
  private static final ConcurrentHashMap<Path, Object> COUNTER_LOCKS = new ConcurrentHashMap<>();

  private final Path directory;
  private final int historyLimit;
  private final long historyBytes;
  private final Durability durability;
  private final Set<FileLockHandle> openLocks = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, ComponentJournal> journals = new ConcurrentHashMap<>();

  private JsonFileStateStore(
      Path directory, int historyLimit, long historyBytes, Durability durability) {
    this.directory = directory;
    this.historyLimit = historyLimit;
    this.historyBytes = historyBytes;
    this.durability = durability;
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
    return open(directory, historyLimit, DEFAULT_HISTORY_BYTES);
  }

  /**
   * A store in {@code directory} (created if missing) keeping at most {@code historyLimit} runs per
   * pipeline whose files take at most {@code historyBytes} together (the newest run is kept
   * whatever its size); older runs are deleted as new ones are saved.
   */
  public static JsonFileStateStore open(Path directory, int historyLimit, long historyBytes) {
    return open(directory, historyLimit, historyBytes, Durability.EACH_RUN);
  }

  /**
   * A store in {@code directory} (created if missing) keeping at most {@code historyLimit} runs per
   * pipeline whose files take at most {@code historyBytes} together, forcing component records to
   * disk as {@code durability} says.
   */
  public static JsonFileStateStore open(
      Path directory, int historyLimit, long historyBytes, Durability durability) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(durability, "durability");
    if (historyLimit < 1) {
      throw new IllegalArgumentException("historyLimit must be at least 1, was " + historyLimit);
    }
    if (historyBytes < 1) {
      throw new IllegalArgumentException("historyBytes must be positive, was " + historyBytes);
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StateStoreException("cannot create state directory " + directory + ": " + e, e);
    }
    // counters and shared records are written by any process, without the pipeline's lock: only
    // temporary files old enough to be a dead writer's are swept
    AtomicFiles.removeStale(directory.resolve("_counters"), Integer.MAX_VALUE);
    AtomicFiles.removeStale(directory.resolve("_shared"), Integer.MAX_VALUE);
    return new JsonFileStateStore(directory, historyLimit, historyBytes, durability);
  }

  public Path directory() {
    return directory;
  }

  public int historyLimit() {
    return historyLimit;
  }

  public long historyBytes() {
    return historyBytes;
  }

  public Durability durability() {
    return durability;
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
      removeTemporaryFiles(pipelineDirectory);
      ComponentJournal journal = journal(pipeline);
      journal.repair();
      adoptComponentFiles(pipeline, journal);
      journal.compactIfGrown();
      FileLockHandle handle = new FileLockHandle(pipeline, channel, fileLock);
      openLocks.add(handle);
      return handle;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StateStoreException("cannot lock " + lockFile + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(channel); // releases the OS lock too
      throw e;
    }
  }

  private ComponentJournal journal(String pipeline) {
    return journals.computeIfAbsent(
        pipeline,
        name ->
            new ComponentJournal(
                directory.resolve(name).resolve(ComponentJournal.FILE_NAME),
                durability == Durability.EACH_RECORD));
  }

  /** The folder of one file per component that versions before the journal wrote. */
  private Path componentFolder(String pipeline) {
    return directory.resolve(pipeline).resolve("components");
  }

  /**
   * Moves the records of the one-file-per-component layout into the journal (forced), then deletes
   * their files; the lock holder does it, once.
   */
  private void adoptComponentFiles(String pipeline, ComponentJournal journal) throws IOException {
    Path folder = componentFolder(pipeline);
    if (!Files.isDirectory(folder)) {
      return;
    }
    removeTemporaryFiles(folder);
    java.util.Map<String, ComponentRecord> older = new java.util.HashMap<>();
    List<Path> files = recordFiles(folder);
    for (Path file : files) {
      String name = file.getFileName().toString();
      String component = name.substring(0, name.length() - ".json".length());
      olderRecord(pipeline, component).ifPresent(record -> older.put(component, record));
    }
    journal.adopt(older);
    for (Path file : files) {
      Files.deleteIfExists(file);
    }
    try {
      Files.deleteIfExists(folder);
    } catch (java.nio.file.DirectoryNotEmptyException e) {
      LOG.warn("{} holds files other than component records; left in place", folder);
    }
    LOG.info(
        "moved {} component records of pipeline \"{}\" from {} into {}",
        older.size(),
        pipeline,
        folder,
        journal.file());
  }

  @Override
  public void saveRun(RunReport run) {
    ComponentJournal journal = journals.get(run.pipeline());
    if (journal != null) {
      journal.force(); // the run's component records are on disk before the run that holds them
    }
    Path runs = createDirectories(directory.resolve(run.pipeline()).resolve("runs"));
    write(runs.resolve(run.runId() + ".json"), run);
    List<Path> files = runFiles(runs);
    long bytes = 0;
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      try {
        bytes += Files.size(file);
        if (i >= historyLimit || (i > 0 && bytes > historyBytes)) {
          Files.deleteIfExists(file);
        }
      } catch (NoSuchFileException e) {
        // deleted meanwhile by another process trimming the same history
      } catch (IOException e) {
        throw new StateStoreException("cannot delete old run record " + file + ": " + e, e);
      }
    }
  }

  @Override
  public Optional<RunReport> run(String pipeline, String runId) {
    Path file = directory.resolve(pipeline).resolve("runs").resolve(runId + ".json");
    return read(file, RunReport.class).map(run -> checkedRun(file, pipeline, run));
  }

  /** Runs newest first; a file that is not a readable run of this pipeline is skipped, logged. */
  @Override
  public List<RunReport> runs(String pipeline, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    List<RunReport> runs = new ArrayList<>();
    Path folder = directory.resolve(pipeline).resolve("runs");
    for (Path file : recordFiles(folder)) { // one listing: stray names are told, not read
      if (!isRunFile(file)) {
        LOG.warn(
            "skipping {} in the history: its name is not a run id; remove it from {}",
            file,
            folder);
        continue;
      }
      if (runs.size() >= limit) {
        continue;
      }
      try {
        read(file, RunReport.class)
            .map(run -> checkedRun(file, pipeline, run))
            .ifPresent(runs::add);
      } catch (StateStoreException e) {
        LOG.warn("skipping a run record of the history: {}", e.getMessage());
      }
    }
    return runs;
  }

  /**
   * Reads only as far as each file's {@code status}, which the run's JSON holds near its start, and
   * the whole run only if it is {@code RUNNING}: a run start costs a few hundred bytes per run
   * looked at, not the size of the runs.
   */
  @Override
  public List<RunReport> unfinishedRuns(String pipeline, int lookback) {
    List<RunReport> unfinished = new ArrayList<>();
    List<Path> files = runFiles(directory.resolve(pipeline).resolve("runs"));
    for (Path file : files.subList(0, Math.min(lookback, files.size()))) {
      if (!"RUNNING".equals(statusOf(file))) {
        continue;
      }
      try {
        read(file, RunReport.class)
            .map(run -> checkedRun(file, pipeline, run))
            .ifPresent(unfinished::add);
      } catch (StateStoreException e) {
        LOG.warn("skipping a run record of the history: {}", e.getMessage());
      }
    }
    return unfinished;
  }

  /** The newest run's id, from its file's name: nothing is read. */
  @Override
  public Optional<String> latestRunId(String pipeline) {
    List<Path> files = runFiles(directory.resolve(pipeline).resolve("runs"));
    return files.stream()
        .map(file -> file.getFileName().toString())
        .map(name -> name.substring(0, name.length() - ".json".length()))
        .findFirst();
  }

  /** The run's {@code status} field, read by streaming the file up to it; null if none. */
  private static @Nullable String statusOf(Path file) {
    try (com.fasterxml.jackson.core.JsonParser parser =
        Json.mapper().getFactory().createParser(file.toFile())) {
      if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        if (name.equals("status")) {
          return parser.getValueAsString();
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      LOG.warn("skipping run record {}: it cannot be read ({})", file, problem(e));
      return null;
    }
  }

  private static RunReport checkedRun(Path file, String pipeline, RunReport run) {
    String name = file.getFileName().toString();
    if (!run.pipeline().equals(pipeline) || !name.equals(run.runId() + ".json")) {
      throw new StateStoreException(
          "run record "
              + file
              + " holds run "
              + run.runId()
              + " of pipeline \""
              + run.pipeline()
              + "\", not the run its name and folder say: it was copied or renamed; delete it",
          null);
    }
    return run;
  }

  @Override
  public Optional<ComponentRecord> component(String pipeline, String component) {
    Optional<ComponentRecord> record = journal(pipeline).get(component);
    return record.isPresent() ? record : olderRecord(pipeline, component);
  }

  /** Read from the journal in one pass, and from older files only where the journal has none. */
  @Override
  public java.util.Map<String, ComponentRecord> components(
      String pipeline, java.util.Collection<String> names) {
    java.util.Map<String, ComponentRecord> records = journal(pipeline).getAll(names);
    if (records.size() < names.size() && Files.isDirectory(componentFolder(pipeline))) {
      for (String name : names) {
        if (!records.containsKey(name)) {
          olderRecord(pipeline, name).ifPresent(record -> records.put(name, record));
        }
      }
    }
    return records;
  }

  /** A component's record in the one-file-per-component layout of versions before the journal. */
  private Optional<ComponentRecord> olderRecord(String pipeline, String component) {
    Path file = componentFolder(pipeline).resolve(component + ".json");
    Optional<ComponentRecord> record = read(file, ComponentRecord.class);
    if (record.isPresent() && !record.get().component().equals(component)) {
      throw new StateStoreException(
          "component record "
              + file
              + " is the record of component \""
              + record.get().component()
              + "\", not \""
              + component
              + "\": it was copied or renamed; delete it (the component then runs as if for the"
              + " first time) or restore it from a backup",
          null);
    }
    return record;
  }

  @Override
  public void saveComponent(String pipeline, ComponentRecord record) {
    journal(pipeline).save(record); // creates the pipeline's folder with the journal
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
    return underLock(
        file,
        "update counter",
        () -> {
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
        });
  }

  /**
   * {@code _shared/<scope>/<name>.txt}, updated under the same locks as a counter and written
   * without forcing: a rate-limit window lost to a power cut starts empty.
   */
  @Override
  public String updateShared(
      String scope, String name, java.util.function.UnaryOperator<String> update) {
    Path file = directory.resolve("_shared").resolve(scope).resolve(name + ".txt");
    return underLock(
        file,
        "update shared record",
        () -> {
          String current;
          try {
            current = Files.readString(file, StandardCharsets.UTF_8);
          } catch (NoSuchFileException e) {
            current = null;
          }
          String updated =
              Objects.requireNonNull(
                  update.apply(current), "the update of shared record " + file + " returned null");
          if (!updated.equals(current)) {
            AtomicFiles.replace(file, updated.getBytes(StandardCharsets.UTF_8), false);
          }
          return updated;
        });
  }

  /** What is done under a record's locks. */
  @FunctionalInterface
  private interface Locked<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code work} holding the OS lock of the file beside {@code file} named {@code .lock} and
   * the lock every store of this JVM shares for it.
   */
  private static <T> T underLock(Path file, String what, Locked<T> work) {
    createDirectories(file.getParent());
    // beside the record's file: a name with a '/' (an alert incident "component p/c") is a path
    String fileName = file.getFileName().toString();
    Path lockFile = file.resolveSibling(fileName.substring(0, fileName.lastIndexOf('.')) + ".lock");
    Object jvmLock = COUNTER_LOCKS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> k);
    synchronized (jvmLock) {
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return work.run();
      } catch (IOException e) {
        throw new StateStoreException("cannot " + what + " " + file + ": " + e, e);
      }
    }
  }

  private Path counterFile(String scope, String name) {
    return directory.resolve("_counters").resolve(scope).resolve(name + ".json");
  }

  @Override
  public void close() {
    RuntimeException first = null;
    List<Runnable> closes = new ArrayList<>();
    for (FileLockHandle handle : List.copyOf(openLocks)) {
      closes.add(handle::close);
    }
    for (ComponentJournal journal : journals.values()) {
      closes.add(journal::close);
    }
    for (Runnable close : closes) { // each one, whatever the others do
      try {
        close.run();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "JsonFileStateStore["
        + directory
        + ", historyLimit="
        + historyLimit
        + ", durability="
        + durability
        + "]";
  }

  /** The name of a run file: its run id (see {@code RunIds}) and {@code .json}. */
  private static final java.util.regex.Pattern RUN_FILE =
      java.util.regex.Pattern.compile("\\d{8}T\\d{6}\\.\\d{3}Z-\\d{3}\\.json");

  private static boolean isRunFile(Path file) {
    return RUN_FILE.matcher(file.getFileName().toString()).matches();
  }

  /** Run files in a directory, newest first; files of other names are left alone. */
  private static List<Path> runFiles(Path directory) {
    List<Path> files = recordFiles(directory);
    files.removeIf(file -> !isRunFile(file));
    return files;
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
    T value;
    try {
      value = Json.mapper().readValue(bytes, type);
    } catch (IOException e) {
      String detail = problem(e);
      throw new StateStoreException(
          "state record "
              + file
              + " is not a valid "
              + type.getSimpleName()
              + " ("
              + detail
              + "); it was not written by this store: restore it from a backup or delete it",
          e);
    }
    if (value == null) {
      throw new StateStoreException(
          "state record "
              + file
              + " holds null, not a "
              + type.getSimpleName()
              + "; it was not written by this store: restore it from a backup or delete it",
          null);
    }
    return Optional.of(value);
  }

  /** What is wrong with a file Jackson could not read, with where, in words. */
  private static String problem(IOException e) {
    if (!(e instanceof JsonProcessingException json)) {
      return e.toString();
    }
    return json.getOriginalMessage()
        + (json.getLocation() == null || json.getLocation().getLineNr() < 0
            ? ""
            : " at line "
                + json.getLocation().getLineNr()
                + ", column "
                + json.getLocation().getColumnNr());
  }

  private static void write(Path file, Object record) {
    try {
      AtomicFiles.replace(file, Json.mapper().writeValueAsBytes(record), true);
    } catch (IOException e) {
      throw new StateStoreException("cannot write state record " + file + ": " + e, e);
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
        ComponentJournal journal = journals.get(pipeline);
        if (journal != null) {
          journal.force(); // before another process may take the pipeline
        }
      } finally {
        releaseLock();
      }
    }

    private void releaseLock() {
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

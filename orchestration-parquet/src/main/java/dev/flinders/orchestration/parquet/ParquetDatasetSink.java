package dev.flinders.orchestration.parquet;

import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.parquet.internal.CommitJournal;
import dev.flinders.orchestration.parquet.internal.Compactor;
import dev.flinders.orchestration.parquet.internal.FileNames;
import dev.flinders.orchestration.parquet.internal.ParquetOutput;
import dev.flinders.orchestration.parquet.internal.PartitionedParquetOutput;
import dev.flinders.orchestration.parquet.internal.Schemas;
import dev.flinders.orchestration.spi.AppendedVersions;
import dev.flinders.orchestration.spi.Compaction;
import dev.flinders.orchestration.spi.DatasetOutput;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spi.DatasetVersion;
import dev.flinders.orchestration.spi.PartitionedOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/**
 * Datasets as Parquet files in a directory, one file per version: by default {@code
 * data/curated/<dataset>_YYYYMMDD.parquet}, dated in the sink's zone.
 *
 * <ul>
 *   <li>Atomic: a version is written to a hidden temporary file in the same directory ({@code
 *       .<file>.<random>.tmp}), forced to disk and renamed over its final name on commit. Readers
 *       see the previous file or the whole new one; a version that is not committed (failure,
 *       timeout, a killed process) leaves the previous files as they were. A rerun on the same day
 *       replaces that day's file atomically.
 *   <li>Streaming: rows go to the writer as they come and are encoded, a batch at a time and column
 *       by column, on a thread of the open version, overlapping the caller's work; memory is
 *       bounded by the row group ({@link Builder#rowGroupBytes}; allow about twice that in heap per
 *       open version).
 *   <li>Retention: after each commit, only the newest {@link Builder#keep} versions of the dataset
 *       are kept.
 *   <li>Temporary files left by a killed process are removed when a sink is built on the directory,
 *       and when the dataset is next opened; those of live processes are kept.
 *   <li>Partitioned datasets ({@link #openPartitioned}) are a directory of Hive partitions;
 *       appending datasets ({@link #openAppending}) a directory of one file per commit, whose
 *       closed hours or days {@link #compact} merges.
 * </ul>
 *
 * <p>One writer per dataset at a time (the pipeline lock ensures it for a pipeline). Thread-safe.
 */
public final class ParquetDatasetSink implements DatasetSink {
  private static final Pattern DATASET = Pattern.compile("[a-z0-9][a-z0-9_]{0,99}");
  private static final String TEMP_SUFFIX = ".tmp";

  private final Path directory;
  private final FileNames names;
  private final ZoneId zone;
  private final ParquetOutput.Options options;
  private final int keep;

  /** Temporary files being written by any sink of this JVM: never swept. */
  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

  /** Names of appended files open in this JVM and not yet committed: no other output takes them. */
  private static final Set<Path> RESERVED = ConcurrentHashMap.newKeySet();

  /** Per appending dataset's directory, the lock its compactions in this JVM take in turn. */
  private static final Map<Path, Object> COMPACTING = new ConcurrentHashMap<>();

  private static final long PID = ProcessHandle.current().pid();

  private ParquetDatasetSink(Builder builder) {
    this.directory = builder.directory;
    this.names = new FileNames(builder.filePattern, builder.zone);
    this.zone = builder.zone;
    this.options =
        new ParquetOutput.Options(
            builder.codec,
            builder.zstdLevel,
            builder.rowGroupBytes,
            builder.pageBytes,
            builder.dictionaryPageBytes);
    this.keep = builder.keep;
  }

  /** A sink writing under {@code directory}, e.g. {@code data/curated}. */
  public static Builder builder(Path directory) {
    return new Builder(Objects.requireNonNull(directory, "directory"));
  }

  /**
   * The Parquet schema this sink writes for {@code schema}: one column per dataset column, in
   * order, with its physical and logical type (STRING as UTF-8 binary, DATE as a date on INT32,
   * TIMESTAMP as microseconds in UTC on INT64), OPTIONAL where nullable. For tools that write or
   * read such files with parquet-java directly.
   */
  public static MessageType parquetSchema(DatasetSchema schema) {
    return Schemas.toParquet(Objects.requireNonNull(schema, "schema"));
  }

  /** The directory the files are in. */
  public Path directory() {
    return directory;
  }

  @Override
  public DatasetOutput open(String dataset, DatasetSchema schema, Instant at) {
    checkName(dataset);
    Objects.requireNonNull(schema, "schema");
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory + ": " + e.getMessage(), e);
    }
    sweepTemporaryFiles(directory, finalName -> names.version(dataset, finalName).isPresent());
    String fileName = names.name(dataset, at);
    String version = names.version(dataset, fileName).orElseThrow();
    return output(
        dataset, version, schema, directory.resolve(fileName), () -> applyRetention(dataset));
  }

  /**
   * A new output of {@code dataset}'s {@code version}, written to a hidden temporary file beside
   * {@code target} that sweeps leave alone until the output is closed.
   */
  private ParquetOutput output(
      String dataset, String version, DatasetSchema schema, Path target, Runnable afterCommit) {
    return output(dataset, version, schema, target, afterCommit, () -> {});
  }

  /** As above; {@code released} runs when the output is committed or closed. */
  private ParquetOutput output(
      String dataset,
      String version,
      DatasetSchema schema,
      Path target,
      Runnable afterCommit,
      Runnable released) {
    Path temporary = temporaryFor(target.getParent(), target.getFileName().toString());
    OPEN.add(temporary);
    try {
      return new ParquetOutput(
          dataset,
          version,
          schema,
          temporary,
          target,
          options,
          afterCommit,
          () -> {
            OPEN.remove(temporary);
            released.run();
          });
    } catch (RuntimeException e) {
      OPEN.remove(temporary);
      throw e;
    }
  }

  /**
   * Opens new versions of partitions of {@code dataset}, in {@code <directory>/<dataset>/} with one
   * directory per value ({@code mode=4/}) holding one file, {@code <dataset>.parquet}: the layout
   * DuckDB ({@code read_parquet('<dataset>/*&#47;*.parquet', hive_partitioning = true)}), pyarrow
   * and Power BI's folder source read, the partition column taken from the directory names. A
   * commit replaces the files of the partitions written, together, and leaves the others; a
   * partition holds only its latest version (the sink's {@code keep} applies to datasets that are
   * not partitioned). First finishes the commit of a writer that died in the middle of one, and
   * removes temporary files that killed writers left.
   */
  @Override
  public PartitionedOutput openPartitioned(
      String dataset, DatasetSchema schema, String column, Instant at) {
    checkName(dataset);
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(column, "column");
    Path datasetDirectory = directory.resolve(dataset);
    try {
      Files.createDirectories(datasetDirectory);
      CommitJournal.recover(datasetDirectory);
      try (DirectoryStream<Path> partitions = Files.newDirectoryStream(datasetDirectory)) {
        for (Path partition : partitions) {
          if (Files.isDirectory(partition)) {
            sweepTemporaryFiles(partition, finalName -> finalName.equals(partitionFile(dataset)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot prepare " + datasetDirectory + " for writing: " + e.getMessage(), e);
    }
    String version = names.version(dataset, names.name(dataset, at)).orElseThrow();
    return new PartitionedParquetOutput(
        dataset,
        column,
        datasetDirectory,
        partition ->
            output(dataset, version, schema, partition.resolve(partitionFile(dataset)), () -> {}));
  }

  /**
   * Opens a new file of an appending {@code dataset}, in {@code <directory>/<dataset>/} and named
   * by {@code at} in the sink's zone to the millisecond ({@code
   * gtfsr_trip_updates_20261202T073000123.parquet}; the next free millisecond if that name is
   * taken). Its commit adds the file and replaces none; DuckDB reads them all with {@code
   * read_parquet('<directory>/<dataset>/*.parquet')}. First finishes a compaction that a dead
   * process left, and removes temporary files that killed writers left.
   */
  @Override
  public DatasetOutput openAppending(String dataset, DatasetSchema schema, Instant at) {
    checkName(dataset);
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(at, "at");
    Path datasetDirectory = prepareAppending(dataset);
    // the run's start names every component's commit: two components of one run appending to the
    // same dataset get the next free millisecond, reserved until the file is committed or dropped
    Instant named = at;
    Path target =
        datasetDirectory.resolve(appendedFile(dataset, AppendedVersions.commit(at, zone)));
    while (Files.exists(target) || !RESERVED.add(target)) {
      named = named.plusMillis(1);
      target =
          datasetDirectory.resolve(appendedFile(dataset, AppendedVersions.commit(named, zone)));
    }
    Path reserved = target;
    try {
      return output(
          dataset,
          AppendedVersions.commit(named, zone),
          schema,
          target,
          () -> {},
          () -> RESERVED.remove(reserved));
    } catch (RuntimeException e) {
      RESERVED.remove(reserved);
      throw e;
    }
  }

  /**
   * Merges the files of an appending {@code dataset} of every closed hour or day (in the sink's
   * zone) that holds more than its merged file: the rows of all its files, oldest first, go to one
   * file named by the period ({@code gtfsr_trip_updates_20261202T07.parquet}, {@code
   * gtfsr_trip_updates_20261202.parquet}), which then takes their place. The swap is journalled:
   * the merged file is finished and forced under a hidden name, a journal names it and the files it
   * replaces, then it is renamed into place and they are deleted. A process that dies before the
   * journal leaves the small files as they were; one that dies after it has the swap finished by
   * the next {@code openAppending} or {@code compact} of the dataset. A reader that lists the files
   * in the milliseconds between the rename and the deletions may see both.
   *
   * <p>Files are matched to {@code schema} by column name: a column a file lacks is null (if the
   * schema allows), one the schema lacks, or of another type, stops the merge of that period with a
   * message naming the file. A period that cannot be merged is returned as a {@link
   * Compaction#failed failed} compaction, its files as they were; the later periods are merged all
   * the same. Compactions of one dataset in this JVM take turns.
   */
  @Override
  public List<Compaction> compact(
      String dataset, DatasetSchema schema, ChronoUnit period, Instant now) {
    checkName(dataset);
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(now, "now");
    Path datasetDirectory = prepareAppending(dataset);
    synchronized (COMPACTING.computeIfAbsent(datasetDirectory, key -> new Object())) {
      Map<String, List<DatasetVersion>> byPeriod = new TreeMap<>();
      for (DatasetVersion file : appended(dataset)) {
        byPeriod
            .computeIfAbsent(
                AppendedVersions.period(file.version(), period), key -> new ArrayList<>())
            .add(file);
      }
      List<Compaction> done = new ArrayList<>();
      for (Map.Entry<String, List<DatasetVersion>> entry : byPeriod.entrySet()) {
        String merged = entry.getKey();
        List<DatasetVersion> files = entry.getValue();
        boolean open = AppendedVersions.end(merged, zone).isAfter(now);
        boolean alreadyMerged = files.size() == 1 && files.get(0).version().equals(merged);
        if (open || alreadyMerged) {
          continue;
        }
        Path target = datasetDirectory.resolve(appendedFile(dataset, merged));
        try {
          done.add(
              Compactor.merge(
                  dataset,
                  schema,
                  merged,
                  files,
                  file -> output(dataset, merged, schema, file, () -> {}),
                  target));
        } catch (RuntimeException e) { // this period stays as it is; the others go on
          done.add(
              Compaction.failed(
                  dataset,
                  new DatasetVersion(dataset, merged, target.toString()),
                  files.stream().map(DatasetVersion::version).toList(),
                  String.valueOf(e.getMessage())));
        }
      }
      return done;
    }
  }

  /**
   * The files of an appending {@code dataset}, oldest first: commits ({@code 20261202T073000123})
   * and merged hours ({@code 20261202T07}) and days ({@code 20261202}), each sorting before the
   * files of its period committed later.
   */
  @Override
  public List<DatasetVersion> appended(String dataset) {
    checkName(dataset);
    Path datasetDirectory = directory.resolve(dataset);
    List<DatasetVersion> files = new ArrayList<>();
    String prefix = dataset + "_";
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(datasetDirectory, prefix + "*.parquet")) {
      for (Path file : entries) {
        String name = file.getFileName().toString();
        String version = name.substring(prefix.length(), name.length() - ".parquet".length());
        if (AppendedVersions.isVersion(version) && Files.isRegularFile(file)) {
          files.add(new DatasetVersion(dataset, version, file.toString()));
        }
      }
    } catch (NoSuchFileException e) {
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + datasetDirectory + ": " + e.getMessage(), e);
    }
    files.sort(Comparator.comparing(DatasetVersion::version));
    return files;
  }

  private static String appendedFile(String dataset, String version) {
    return dataset + "_" + version + ".parquet";
  }

  /**
   * Creates an appending dataset's directory, finishes the compactions dead processes left in it,
   * then removes their temporary files (in that order: a journal may name a temporary file).
   */
  private Path prepareAppending(String dataset) {
    Path datasetDirectory = directory.resolve(dataset);
    try {
      Files.createDirectories(datasetDirectory);
      CommitJournal.recover(datasetDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot prepare " + datasetDirectory + " for writing: " + e.getMessage(), e);
    }
    String prefix = dataset + "_";
    sweepTemporaryFiles(
        datasetDirectory,
        finalName ->
            finalName.startsWith(prefix)
                && finalName.endsWith(".parquet")
                && AppendedVersions.isVersion(
                    finalName.substring(
                        prefix.length(), finalName.length() - ".parquet".length())));
    return datasetDirectory;
  }

  /** The partitions of a partitioned {@code dataset}, each named by its directory, sorted. */
  @Override
  public List<DatasetVersion> partitions(String dataset) {
    checkName(dataset);
    Path datasetDirectory = directory.resolve(dataset);
    List<DatasetVersion> partitions = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(datasetDirectory)) {
      for (Path entry : entries) {
        Path file = entry.resolve(partitionFile(dataset));
        if (entry.getFileName().toString().contains("=") && Files.isRegularFile(file)) {
          partitions.add(
              new DatasetVersion(dataset, entry.getFileName().toString(), file.toString()));
        }
      }
    } catch (NoSuchFileException e) {
      return partitions;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + datasetDirectory + ": " + e.getMessage(), e);
    }
    partitions.sort(Comparator.comparing(DatasetVersion::version));
    return partitions;
  }

  private static String partitionFile(String dataset) {
    return dataset + ".parquet";
  }

  /** A hidden temporary name for {@code fileName} in {@code directory}, naming this process. */
  private static Path temporaryFor(Path directory, String fileName) {
    return directory.resolve(
        "."
            + fileName
            + "."
            + PID
            + "-"
            + Long.toHexString(ThreadLocalRandom.current().nextLong())
            + TEMP_SUFFIX);
  }

  @Override
  public List<DatasetVersion> versions(String dataset) {
    checkName(dataset);
    List<DatasetVersion> versions = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.parquet")) {
      for (Path file : files) {
        names
            .version(dataset, file.getFileName().toString())
            .ifPresent(
                version -> versions.add(new DatasetVersion(dataset, version, file.toString())));
      }
    } catch (NoSuchFileException e) {
      return versions;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory + ": " + e.getMessage(), e);
    }
    versions.sort(Comparator.comparing(DatasetVersion::version).reversed());
    return versions;
  }

  /**
   * When the newest of {@code dataset}'s files (versions, partitions or appended files) was
   * written: its modification time.
   */
  @Override
  public Optional<Instant> lastCommitted(String dataset) {
    Instant newest = null;
    List<DatasetVersion> files = new ArrayList<>(versions(dataset));
    files.addAll(partitions(dataset));
    files.addAll(appended(dataset));
    for (DatasetVersion file : files) {
      try {
        Instant modified = Files.getLastModifiedTime(Path.of(file.location())).toInstant();
        newest = newest == null || modified.isAfter(newest) ? modified : newest;
      } catch (IOException e) {
        // removed since it was listed (retention, compaction): the others tell
      }
    }
    return Optional.ofNullable(newest);
  }

  /** Opens a committed version for reading. */
  public ParquetDatasetReader read(DatasetVersion version) {
    return ParquetDatasetReader.open(Path.of(version.location()));
  }

  /** Opens the newest committed version of {@code dataset}, if there is one. */
  public Optional<ParquetDatasetReader> readLatest(String dataset) {
    return latest(dataset).map(this::read);
  }

  private void applyRetention(String dataset) {
    List<DatasetVersion> versions = versions(dataset);
    for (DatasetVersion old : versions.subList(Math.min(keep, versions.size()), versions.size())) {
      try {
        Files.deleteIfExists(Path.of(old.location()));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot delete old version " + old.location() + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Removes the temporary files, of the final names {@code which} accepts, that nobody is writing:
   * not open in this JVM, and named by a process that is no longer alive (or by none, as older
   * files were). A process killed while writing leaves such a file behind.
   */
  private static void sweepTemporaryFiles(
      Path directory, java.util.function.Predicate<String> which) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, ".*" + TEMP_SUFFIX)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        int owner = name.lastIndexOf('.', name.length() - TEMP_SUFFIX.length() - 1);
        if (owner <= 1) {
          continue; // not one of ours
        }
        String finalName = name.substring(1, owner);
        if (which.test(finalName)
            && !OPEN.contains(file)
            && !writerAlive(name.substring(owner + 1, name.length() - TEMP_SUFFIX.length()))) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot clear temporary files in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Whether the process named in a temporary file's {@code <pid>-<random>} part still runs. */
  private static boolean writerAlive(String owner) {
    int dash = owner.indexOf('-');
    if (dash <= 0) {
      return false; // no pid: written before names carried one
    }
    long pid;
    try {
      pid = Long.parseLong(owner.substring(0, dash));
    } catch (NumberFormatException e) {
      return false;
    }
    if (pid == PID) {
      return false; // this process: alive, but not writing it (OPEN says what it writes)
    }
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void checkName(String dataset) {
    Objects.requireNonNull(dataset, "dataset");
    if (!DATASET.matcher(dataset).matches()) {
      throw new IllegalArgumentException(
          "dataset name \""
              + dataset
              + "\" is not valid: use lower-case letters, digits and '_', starting with a letter or"
              + " digit, up to 100");
    }
  }

  @Override
  public String toString() {
    return "ParquetDatasetSink[" + directory + "]";
  }

  /** Builds a {@link ParquetDatasetSink}. Not thread-safe. */
  public static final class Builder {
    private final Path directory;
    private String filePattern = "{dataset}_{date}.parquet";
    private ZoneId zone = ZoneId.systemDefault();
    private CompressionCodecName codec = CompressionCodecName.ZSTD;
    private int zstdLevel = 1;
    private long rowGroupBytes = 32L << 20;
    private int pageBytes = 1 << 20;
    private int dictionaryPageBytes = 64 << 10;
    private int keep = 30;

    private Builder(Path directory) {
      this.directory = directory;
    }

    /**
     * The file name of a version: {@code {dataset}}, {@code {date}} ({@code yyyyMMdd}) and
     * optionally {@code {time}} ({@code HHmmss}, for several versions a day, e.g. realtime
     * snapshots). Default {@code {dataset}_{date}.parquet}.
     */
    public Builder filePattern(String filePattern) {
      new FileNames(Objects.requireNonNull(filePattern, "filePattern"), zone); // checks it
      this.filePattern = filePattern;
      return this;
    }

    /** The zone of {@code {date}} and {@code {time}}. Default: the system's. */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /**
     * The compression: ZSTD (default), SNAPPY, GZIP, LZ4_RAW or UNCOMPRESSED (the codecs that need
     * no native Hadoop library).
     */
    public Builder compression(CompressionCodecName codec) {
      Objects.requireNonNull(codec, "codec");
      if (!Set.of(
              CompressionCodecName.ZSTD,
              CompressionCodecName.SNAPPY,
              CompressionCodecName.GZIP,
              CompressionCodecName.LZ4_RAW,
              CompressionCodecName.UNCOMPRESSED)
          .contains(codec)) {
        throw new IllegalArgumentException(
            "compression "
                + codec
                + " is not supported here: use ZSTD, SNAPPY, GZIP, LZ4_RAW or UNCOMPRESSED");
      }
      this.codec = codec;
      return this;
    }

    /**
     * The ZSTD level, 1 (fastest) to 22 (smallest). Default 1: on a 1 M-row GTFS stop_times file,
     * level 3 (zstd's own default) took about 7 % longer to write for no smaller a file (see
     * docs/benchmarks-log.md).
     */
    public Builder zstdLevel(int zstdLevel) {
      if (zstdLevel < 1 || zstdLevel > 22) {
        throw new IllegalArgumentException("zstdLevel must be 1 to 22, was " + zstdLevel);
      }
      this.zstdLevel = zstdLevel;
      return this;
    }

    /**
     * The row-group size in bytes, which bounds the writer's memory: allow about twice this in heap
     * per open version. Default 32 MiB.
     */
    public Builder rowGroupBytes(long rowGroupBytes) {
      if (rowGroupBytes < 1 << 16) {
        throw new IllegalArgumentException(
            "rowGroupBytes must be at least 64 KiB, was " + rowGroupBytes);
      }
      this.rowGroupBytes = rowGroupBytes;
      return this;
    }

    /** The page size in bytes. Default 1 MiB. */
    public Builder pageBytes(int pageBytes) {
      if (pageBytes < 1 << 10) {
        throw new IllegalArgumentException("pageBytes must be at least 1 KiB, was " + pageBytes);
      }
      this.pageBytes = pageBytes;
      return this;
    }

    /**
     * The largest dictionary a column keeps before Parquet writes it plainly. Columns with few
     * distinct values (modes, day types) stay dictionary-encoded; for many distinct values (trip
     * ids, times) a dictionary costs time and saves little after ZSTD. Default 64 KiB, which made a
     * 1 M-row GTFS stop_times file about 30 % faster to write at the same size as DuckDB's.
     */
    public Builder dictionaryPageBytes(int dictionaryPageBytes) {
      if (dictionaryPageBytes < 1 << 10) {
        throw new IllegalArgumentException(
            "dictionaryPageBytes must be at least 1 KiB, was " + dictionaryPageBytes);
      }
      this.dictionaryPageBytes = dictionaryPageBytes;
      return this;
    }

    /** How many versions of each dataset to keep, newest first. Default 30. */
    public Builder keep(int keep) {
      if (keep < 1) {
        throw new IllegalArgumentException("keep must be at least 1, was " + keep);
      }
      this.keep = keep;
      return this;
    }

    /**
     * Builds the sink, and removes the temporary files a killed process left in its directory
     * (those of live processes and of this JVM's writers are kept).
     */
    public ParquetDatasetSink build() {
      ParquetDatasetSink sink = new ParquetDatasetSink(this);
      sweepTemporaryFiles(sink.directory, finalName -> finalName.endsWith(".parquet"));
      return sink;
    }
  }
}

package dev.flinders.orchestration.ptv.gtfs;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.change.ChangeDetector;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * GTFS schedule sources ready to drop into a pipeline: the Transport Victoria feed (an archive of
 * one inner feed per mode), any single GTFS feed URL, or a local GTFS zip. Each builder ends with
 * {@code component()}, a {@link Component.Builder} with its task, change detection, schedule,
 * timeout and retries set; change any of them before {@code build()}.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder("victorian-transport")
 *     .component(Gtfs.transportVictoria().scratchDirectory(Path.of("data/scratch")).component().build())
 *     .build();
 * }</pre>
 *
 * Every table of the GTFS reference the feed has becomes a dataset {@code gtfs_<table>},
 * partitioned by {@code mode} (see {@link GtfsTable}); a run re-ingests only the modes whose inner
 * feed changed. See docs/sources/gtfs.md.
 */
public final class Gtfs {
  /**
   * Where Transport Victoria publishes its GTFS schedule: the {@code gtfs.zip} resource of dataset
   * {@code gtfs-schedule} on its open-data portal. Set another with {@link Builder#url}.
   */
  public static final String TRANSPORT_VICTORIA_URL =
      "https://opendata.transport.vic.gov.au/dataset/gtfs-schedule/resource/"
          + "7b808ab1-6980-4600-bef1-54e1b5978e37/download/gtfs.zip";

  /** The zone schedules are read in. */
  public static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  /** The modes of the Transport Victoria feed, by folder number. */
  public static final Map<Integer, String> MODES =
      Map.of(
          1, "V/Line",
          2, "metro train",
          3, "metro tram",
          4, "metro bus",
          5, "regional coach",
          6, "regional bus",
          10, "interstate",
          11, "SkyBus");

  private Gtfs() {}

  /** {@code mode 4 (metro bus)}, or {@code mode 7} for a number without a name. */
  public static String modeName(int mode) {
    String name = MODES.get(mode);
    return "mode " + mode + (name == null ? "" : " (" + name + ")");
  }

  /**
   * The Transport Victoria feed ({@link #TRANSPORT_VICTORIA_URL}): folders {@code 1} to {@code 11},
   * each a mode's {@code google_transit.zip}.
   */
  public static Builder transportVictoria() {
    return new Builder(TRANSPORT_VICTORIA_URL, null, 0);
  }

  /** A single GTFS feed at {@code url}, stored as mode {@code mode}. */
  public static Builder feed(String url, int mode) {
    return new Builder(Objects.requireNonNull(url, "url"), null, mode);
  }

  /**
   * A GTFS zip on disk (a single feed, or the Transport Victoria layout), flat feeds as {@code
   * mode}.
   */
  public static Builder file(Path zip, int mode) {
    return new Builder(null, Objects.requireNonNull(zip, "zip"), mode);
  }

  /** Builds a GTFS source and its component. Not thread-safe. */
  public static final class Builder {
    private @Nullable String url;
    private final @Nullable Path file;
    private final int mode;
    private @Nullable String keyHeader;
    private @Nullable Secret key;
    private GtfsLimits limits = GtfsLimits.DEFAULT;
    private Path scratchDirectory = Path.of(System.getProperty("java.io.tmpdir"));
    private GtfsSource.@Nullable DownloadProgress progress;
    private double quarantineLimit = 1;
    private boolean headProbe = true;

    private Builder(@Nullable String url, @Nullable Path file, int mode) {
      if (mode < 0) {
        throw new IllegalArgumentException("mode must not be negative, was " + mode);
      }
      this.url = url;
      this.file = file;
      this.mode = mode;
    }

    /** Downloads from {@code url} instead. */
    public Builder url(String url) {
      if (file != null) {
        throw new IllegalStateException("this source reads the file " + file + ", not a URL");
      }
      this.url = Objects.requireNonNull(url, "url");
      return this;
    }

    /** Sends {@code key} in header {@code name} with every request, e.g. {@code KeyId}. */
    public Builder key(String name, Secret key) {
      this.keyHeader = Objects.requireNonNull(name, "name");
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /** The limits a download and its archive are held to. Default {@link GtfsLimits#DEFAULT}. */
    public Builder limits(GtfsLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Where the download and each inner zip's copy go while they are read, e.g. {@code
     * data/scratch} beside {@code data/curated}: at most the feed and its largest inner zip (about
     * 160 MiB of Transport Victoria's 263), deleted when read. The files of a process that is gone
     * (killed mid-ingestion) are deleted at the next run: each JVM holds a lock file there while it
     * runs (see docs/sources/gtfs.md). Default: {@code java.io.tmpdir}.
     */
    public Builder scratchDirectory(Path directory) {
      this.scratchDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Told of the download's progress, about every MiB. */
    public Builder progress(GtfsSource.DownloadProgress progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /**
     * The largest share of a table's rows that may be quarantined before the dataset fails, e.g.
     * 0.05. Default 1: no limit.
     */
    public Builder quarantineLimit(double share) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("quarantineLimit must be in [0, 1], was " + share);
      }
      this.quarantineLimit = share;
      return this;
    }

    /**
     * Whether the component probes the URL with a conditional HEAD first (default true), so that an
     * unchanged feed costs one small request when the server sends an ETag or Last-Modified. Turn
     * it off for a server that refuses HEAD: each run then downloads, and the feed's SHA-256
     * decides.
     */
    public Builder headProbe(boolean headProbe) {
      this.headProbe = headProbe;
      return this;
    }

    /** The task, for a component of your own. */
    public GtfsSource task() {
      return new GtfsSource(
          url != null ? url : file.toString(),
          url == null
              ? null
              : request(HttpRequest.get(url)).maxBodyBytes(limits.maxDownloadBytes()).build(),
          file,
          mode,
          limits,
          scratchDirectory,
          progress,
          quarantineLimit);
    }

    /**
     * Component {@code gtfs-schedule}: the task, a conditional HEAD probe of the URL (none for a
     * file), checked daily at 05:00 Melbourne time, 60 minutes timeout, 3 attempts.
     */
    public Component.Builder component() {
      return component("gtfs-schedule");
    }

    /** As {@link #component()}, named {@code name}. */
    public Component.Builder component(String name) {
      Component.Builder component =
          Component.builder(name)
              .task(task())
              .schedule(Schedule.daily().at(5, 0).in(MELBOURNE))
              .timeout(Duration.ofMinutes(60))
              .retry(RetryPolicy.exponential(3, Duration.ofSeconds(30)))
              .tags("gtfs", "schedule");
      if (url != null && headProbe) {
        component.changeDetector(
            ChangeDetector.httpValidators(request(HttpRequest.head(url)).build()));
      }
      return component;
    }

    private HttpRequest.Builder request(HttpRequest.Builder request) {
      if (keyHeader != null) {
        request.header(keyHeader, key);
      }
      return request;
    }
  }
}

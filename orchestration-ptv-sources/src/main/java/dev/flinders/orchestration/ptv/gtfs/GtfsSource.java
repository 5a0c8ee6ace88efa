package dev.flinders.orchestration.ptv.gtfs;

import dev.flinders.orchestration.ByteSizes;
import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.ComponentState;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The task of a GTFS schedule component: gets the feed (downloaded through {@code context.http()}
 * to a temporary file, or a local file), and ingests only what changed since the last success. The
 * whole feed's SHA-256 decides first: the same bytes end the component {@code UNCHANGED}. Then each
 * inner feed (mode) of a Transport Victoria archive is compared by its CRC-32 and size in the
 * archive's directory, and only the modes that differ are read into their partitions; the others
 * keep their files. A forced run re-ingests every mode. The result's notes say which modes were
 * re-ingested and why. Create it with {@link Gtfs}.
 */
public final class GtfsSource implements Task {
  /** State keys: the feed's hash, and each mode's inner-feed fingerprint ({@code mode.4}). */
  static final String FEED_HASH = "feed.sha256";

  static final String MODE_PREFIX = "mode.";

  private final String source;
  private final @Nullable HttpRequest request;
  private final @Nullable Path file;
  private final int flatMode;
  private final GtfsLimits limits;
  private final Path scratchDirectory;
  private final @Nullable DownloadProgress progress;
  private final double quarantineLimit;

  GtfsSource(
      String source,
      @Nullable HttpRequest request,
      @Nullable Path file,
      int flatMode,
      GtfsLimits limits,
      Path scratchDirectory,
      @Nullable DownloadProgress progress,
      double quarantineLimit) {
    this.source = source;
    this.request = request;
    this.file = file;
    this.flatMode = flatMode;
    this.limits = limits;
    this.scratchDirectory = scratchDirectory;
    this.progress = progress;
    this.quarantineLimit = quarantineLimit;
  }

  /** Told how a download goes: bytes so far, and the total if the server said it (else -1). */
  @FunctionalInterface
  public interface DownloadProgress {
    void progress(long bytes, long total);
  }

  /** The feed as downloaded or found: the file, its hash, and how the download went. */
  private record Feed(Path file, String sha256, long bytes, long nanos, boolean temporary) {}

  @Override
  public Outcome run(ComponentContext context) throws Exception {
    ScratchFiles.sweep(scratchDirectory); // what a killed process left
    Feed feed = file != null ? local(file) : download(context);
    try {
      return ingest(context, feed);
    } catch (RuntimeException e) {
      // a read cut short by the cancel (an interrupted copy or read-ahead) is the cancel
      context.throwIfCancelled();
      throw e;
    } finally {
      if (feed.temporary()) {
        Files.deleteIfExists(feed.file());
      }
    }
  }

  private Outcome ingest(ComponentContext context, Feed feed) {
    ComponentState state = context.state();
    String hash = feed.sha256();
    String previousHash = state.get(FEED_HASH).orElse(null);
    String got = got(feed);
    if (!context.forced() && hash.equals(previousHash)) {
      return Outcome.builder()
          .changed(false)
          .note("the feed's SHA-256 " + shortHash(hash) + " is the one delivered before" + got)
          .metric("download_bytes", feed.bytes())
          .build();
    }
    Outcome.Builder outcome = Outcome.builder();
    List<String> reingested = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    long records = 0;
    Map<String, String> newState = new TreeMap<>();
    try (GtfsArchive archive = GtfsArchive.open(feed.file(), source, limits, flatMode)) {
      GtfsDatasets datasets = new GtfsDatasets(quarantineLimit);
      FeedIngester ingester = new FeedIngester(context, datasets);
      for (GtfsArchive.Feed inner : archive.feeds()) {
        String key = MODE_PREFIX + inner.mode();
        String fingerprint =
            inner.fingerprint() != null ? inner.fingerprint() : "SHA-256 " + shortHash(hash);
        String previous = state.get(key).orElse(null);
        newState.put(key, fingerprint);
        if (!context.forced() && fingerprint.equals(previous)) {
          kept.add(Gtfs.modeName(inner.mode()));
          continue;
        }
        FeedIngester.Result result = ingester.ingest(archive, inner, scratchDirectory);
        records += result.total();
        reingested.add(
            Gtfs.modeName(inner.mode())
                + " ("
                + (context.forced()
                    ? "forced"
                    : previous == null
                        ? "first ingestion"
                        : "its inner feed changed: " + fingerprint + ", was " + previous)
                + "; "
                + result.total()
                + " rows)");
        if (!result.unknown().isEmpty()) {
          outcome.note(
              Gtfs.modeName(inner.mode())
                  + ": files not in the GTFS reference, not read: "
                  + String.join(", ", result.unknown()));
        }
        result
            .extraColumns()
            .forEach(
                (table, columns) ->
                    outcome.note(
                        Gtfs.modeName(inner.mode())
                            + ": "
                            + table
                            + " columns not in the GTFS reference, not kept: "
                            + String.join(", ", columns)));
      }
      if (!archive.unused().isEmpty()) {
        outcome.note("entries of the archive that are not a feed, not read: " + archive.unused());
      }
    }
    List<String> gone = new ArrayList<>();
    for (String key : state.asMap().keySet()) {
      if (key.startsWith(MODE_PREFIX) && !newState.containsKey(key)) {
        gone.add(key.substring(MODE_PREFIX.length()));
      }
    }
    for (String mode : gone) {
      state.remove(MODE_PREFIX + mode);
      outcome.note(
          Gtfs.modeName(Integer.parseInt(mode))
              + " is no longer in the feed: its partitions were kept as they were");
    }
    newState.forEach(state::put);
    state.put(FEED_HASH, hash);
    outcome.metric("download_bytes", feed.bytes());
    if (feed.nanos() > 0) {
      outcome.metric("download_seconds", feed.nanos() / 1e9);
    }
    if (reingested.isEmpty()) {
      return outcome
          .changed(false)
          .note(
              "the feed changed (SHA-256 "
                  + shortHash(hash)
                  + (kept.size() == 1
                      ? ") but its one feed did not"
                      : ") but none of its " + kept.size() + " inner feeds did")
                  + got)
          .build();
    }
    outcome.records(records).note("re-ingested " + String.join(", ", reingested) + got);
    if (!kept.isEmpty()) {
      outcome.note(
          "kept "
              + String.join(", ", kept)
              + (kept.size() == 1
                  ? ": its inner feed is unchanged"
                  : ": their inner feeds are unchanged"));
    }
    return outcome.build();
  }

  private Feed local(Path path) throws IOException {
    MessageDigest digest = sha256();
    long bytes = 0;
    try (InputStream in = Files.newInputStream(path)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
        bytes += n;
      }
    }
    return new Feed(path, HexFormat.of().formatHex(digest.digest()), bytes, 0, false);
  }

  /**
   * Streams the feed to a temporary file in the download directory, never into memory, hashing it
   * on the way and telling {@link #progress}; deleted when the attempt ends.
   */
  private Feed download(ComponentContext context) throws IOException {
    Path temporary = ScratchFiles.create(scratchDirectory, "download");
    MessageDigest digest = sha256();
    long started = System.nanoTime();
    long bytes = 0;
    try (HttpResponse response = context.http().send(request);
        InputStream in = response.body();
        OutputStream out = Files.newOutputStream(temporary)) {
      long total = response.header("Content-Length").map(Long::parseLong).orElse(-1L);
      byte[] buffer = new byte[1 << 16];
      long reported = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        digest.update(buffer, 0, n);
        bytes += n;
        if (progress != null && bytes - reported >= 1 << 20) {
          progress.progress(bytes, total);
          reported = bytes;
        }
      }
      if (progress != null) {
        progress.progress(bytes, total);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    return new Feed(
        temporary,
        HexFormat.of().formatHex(digest.digest()),
        bytes,
        System.nanoTime() - started,
        true);
  }

  /** How the feed was got, for a note: {@code ; downloaded 262.1 MiB in 14.2s (18.5 MiB/s)}. */
  private static String got(Feed feed) {
    if (!feed.temporary()) {
      return "";
    }
    double seconds = Math.max(feed.nanos(), 1) / 1e9;
    return String.format(
        Locale.ROOT,
        "; downloaded %s in %.1fs (%s/s)",
        ByteSizes.format(feed.bytes()),
        seconds,
        ByteSizes.format((long) (feed.bytes() / seconds)));
  }

  private static String shortHash(String hash) {
    return hash.substring(0, 12) + "…";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "GtfsSource[" + source + "]";
  }
}

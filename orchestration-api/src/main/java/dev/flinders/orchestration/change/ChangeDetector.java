package dev.flinders.orchestration.change;

import dev.flinders.orchestration.http.HttpRequest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides cheaply whether a source has something new, before a component's task runs. The engine
 * calls {@link #probe} at the start of each attempt and compares the fingerprint with the one
 * recorded at the component's last success: if {@link #changed} says no, the component ends {@code
 * UNCHANGED} without running its task, and the reason says what was compared. A forced run probes
 * too (to record the fingerprint) but runs its task whatever it finds.
 *
 * <p>Detectors are pure: they keep no state and get what they need from the {@link ProbeContext}
 * (the previous fingerprint, HTTP bound to the attempt, the clock). Built-ins:
 *
 * <ul>
 *   <li>{@link #httpValidators(String)}: a conditional request with {@code If-None-Match} / {@code
 *       If-Modified-Since}; 304 means unchanged; works with either validator alone;
 *   <li>{@link #contentHash(Path)} and friends: SHA-256 of a file, bytes or a stream;
 *   <li>{@link #recordCount}: a count from a supplier, e.g. a CKAN datastore's {@code total};
 *   <li>{@link #lastModified}: a time stamp from a supplier, e.g. CKAN's {@code metadata_modified};
 *   <li>{@link #anyOf} and {@link #allOf}: composites.
 * </ul>
 */
public interface ChangeDetector {
  /**
   * Looks at the source and says what it saw.
   *
   * @throws Exception if the source cannot be probed; the attempt fails and its retry policy
   *     applies, as if the task had thrown
   */
  Fingerprint probe(ProbeContext context) throws Exception;

  /**
   * Whether the source changed between two fingerprints this detector made. Default: they differ.
   */
  default boolean changed(Fingerprint previous, Fingerprint current) {
    return !previous.equals(current);
  }

  /**
   * What a probe would do, for {@code plan()}, e.g. {@code conditional HEAD https://…
   * (If-None-Match "abc")}. Must not touch the source.
   */
  String describe(Optional<Fingerprint> previous);

  /** A conditional HEAD request for {@code url}; see {@link #httpValidators(HttpRequest)}. */
  static ChangeDetector httpValidators(String url) {
    return httpValidators(HttpRequest.head(url).build());
  }

  /**
   * Sends {@code request} (a HEAD, or a GET for servers that do not answer HEAD; its body is not
   * read) with {@code If-None-Match} and {@code If-Modified-Since} from the previous fingerprint,
   * and fingerprints the response's {@code ETag} and {@code Last-Modified}. 304 Not Modified means
   * unchanged; a server that ignores the conditions and sends the same validators is unchanged too.
   * A server that sends neither validator cannot be compared: every probe counts as changed.
   */
  static ChangeDetector httpValidators(HttpRequest request) {
    return new HttpValidators(Objects.requireNonNull(request, "request"));
  }

  /** SHA-256 of a file's content. */
  static ChangeDetector contentHash(Path file) {
    Objects.requireNonNull(file, "file");
    return contentHash(file.toString(), context -> Files.newInputStream(file));
  }

  /**
   * SHA-256 of the stream {@code content} opens (and the detector closes), e.g. a download through
   * {@code context.http()}. {@code label} names it in reasons.
   */
  static ChangeDetector contentHash(String label, ProbeFunction<InputStream> content) {
    return new ContentHash(label, content);
  }

  /** SHA-256 of bytes, e.g. a small document fetched by the probe. */
  static ChangeDetector contentHashOfBytes(String label, ProbeFunction<byte[]> content) {
    Objects.requireNonNull(content, "content");
    return contentHash(label, context -> new java.io.ByteArrayInputStream(content.apply(context)));
  }

  /** A record count, e.g. a CKAN datastore's {@code total}: changed when the count differs. */
  static ChangeDetector recordCount(String label, ProbeFunction<Long> count) {
    return new Supplied<>("record-count", label, count, n -> label + " has " + n + " records");
  }

  /** A last-modified time stamp, e.g. CKAN's {@code metadata_modified}: changed when it differs. */
  static ChangeDetector lastModified(String label, ProbeFunction<Instant> lastModified) {
    return new Supplied<>(
        "last-modified", label, lastModified, at -> label + " last modified " + at);
  }

  /** Changed when any of {@code detectors} says so; each probes on every run. */
  static ChangeDetector anyOf(ChangeDetector... detectors) {
    return new Composite(false, List.of(detectors));
  }

  /** Changed only when all of {@code detectors} say so. */
  static ChangeDetector allOf(ChangeDetector... detectors) {
    return new Composite(true, List.of(detectors));
  }
}

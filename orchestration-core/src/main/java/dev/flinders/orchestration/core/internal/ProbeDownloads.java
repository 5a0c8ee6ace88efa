package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.http.HttpRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.MediaType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response bodies a change detector's probe downloaded in full during one attempt (a content
 * hash reads the whole source), kept until the attempt ends, so that the task's identical GET reads
 * the copy instead of downloading the source a second time. A body up to {@link #IN_MEMORY} bytes
 * is kept in memory, a larger one in a temporary file ({@code flinders-probe-*.body} in the
 * orchestrator's scratch directory) that is deleted as soon as the probe finds the source
 * unchanged, or else when the attempt ends. Each copy answers one request. Thread-safe.
 */
final class ProbeDownloads {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeDownloads.class);

  /** Bodies up to this size stay in memory: 1 MiB. */
  static final int IN_MEMORY = 1 << 20;

  private final Path directory;
  private final Map<String, Copy> kept = new HashMap<>();
  private final List<Copy> all = new ArrayList<>();
  private boolean closed;

  /**
   * @param directory where a body too large for memory goes
   */
  ProbeDownloads(Path directory) {
    this.directory = directory;
  }

  /** What identifies a request for reuse: method, URL and headers, secrets included. */
  static String key(HttpRequest request) {
    StringBuilder key = new StringBuilder(request.method()).append(' ').append(request.url(true));
    for (HttpRequest.Parameter header : request.headers()) {
      key.append('\n').append(header.name()).append(": ").append(header.value(true));
    }
    return key.toString();
  }

  /** Starts a copy of a probe's response body; it is kept only if {@link Copy#keep()} is called. */
  synchronized Copy start(String key, int status, Headers headers, @Nullable MediaType type) {
    Copy copy = new Copy(key, status, headers, type);
    if (closed) {
      copy.discard();
    } else {
      all.add(copy);
    }
    return copy;
  }

  /**
   * The kept copy of the body the request would download, taken for this one request; null if there
   * is none, or if it is larger than {@code maxBytes} (the request then goes to the server, which
   * enforces its limit as for any call).
   */
  synchronized @Nullable Copy take(String key, long maxBytes) {
    Copy copy = kept.get(key);
    if (copy == null || copy.size() > maxBytes) {
      return null;
    }
    return kept.remove(key);
  }

  /** Deletes every copy; later copies are discarded at once. */
  synchronized void close() {
    closed = true;
    kept.clear();
    for (Copy copy : all) {
      copy.discard();
    }
    all.clear();
  }

  private synchronized void kept(Copy copy) {
    if (!closed) {
      kept.put(copy.key, copy);
    }
  }

  /** One probe response's body, written as the probe reads it. */
  final class Copy {
    private final String key;
    final int status;
    final Headers headers;
    final @Nullable MediaType type;
    private @Nullable ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private @Nullable Path file;
    private @Nullable OutputStream out;
    private long size;
    private boolean broken;

    private Copy(String key, int status, Headers headers, @Nullable MediaType type) {
      this.key = key;
      this.status = status;
      this.headers = headers;
      this.type = type;
    }

    /** Adds bytes the probe read; a copy that cannot be written is given up, silently. */
    synchronized void write(byte[] buffer, int offset, int length) {
      if (broken || length <= 0) {
        return;
      }
      try {
        if (memory != null && memory.size() + length > IN_MEMORY) {
          Files.createDirectories(directory);
          Path spill = Files.createTempFile(directory, "flinders-probe-", ".body");
          file = spill;
          out = Files.newOutputStream(spill);
          memory.writeTo(out);
          memory = null;
        }
        if (memory != null) {
          memory.write(buffer, offset, length);
        } else {
          out.write(buffer, offset, length);
        }
        size += length;
      } catch (IOException e) {
        LOG.debug("cannot keep the probe's download for the task; it will download again", e);
        discard();
      }
    }

    /** The probe read the whole body: keep it for the task. */
    void keep() {
      synchronized (this) {
        if (broken) {
          return;
        }
        try {
          if (out != null) {
            out.close();
            out = null;
          }
        } catch (IOException e) {
          discard();
          return;
        }
      }
      kept(this);
    }

    long size() {
      return size;
    }

    /** The body, from the start. */
    synchronized InputStream open() throws IOException {
      if (memory != null) {
        return new ByteArrayInputStream(memory.toByteArray());
      }
      return Files.newInputStream(file);
    }

    /** Forgets the body and deletes its file. */
    synchronized void discard() {
      broken = true;
      memory = null;
      try {
        if (out != null) {
          out.close();
        }
        if (file != null) {
          Files.deleteIfExists(file);
        }
      } catch (IOException e) {
        LOG.warn("cannot delete {}, a probe's download: delete it by hand", file, e);
      }
      out = null;
    }
  }
}

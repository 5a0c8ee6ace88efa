package dev.flinders.orchestration.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file's content atomically: written to a hidden temporary file beside it ({@code
 * .<name>.<random>.tmp}) and renamed over it, so a reader sees the old content or the new, never
 * half; a crash leaves at most the temporary file, which {@link #TEMP_SUFFIX} lets owners sweep.
 */
public final class AtomicFiles {
  /** The suffix of temporary files. */
  public static final String TEMP_SUFFIX = ".tmp";

  private AtomicFiles() {}

  /**
   * Replaces {@code file} with {@code bytes}.
   *
   * @param durable whether the content and the rename are forced to disk before returning
   * @throws IOException after removing the temporary file
   */
  public static void replace(Path file, byte[] bytes, boolean durable) throws IOException {
    Path temporary =
        file.resolveSibling(
            "."
                + file.getFileName()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + TEMP_SUFFIX);
    try {
      try (FileChannel channel =
          FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        if (durable) {
          channel.force(true);
        }
      }
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
      if (durable) {
        forceDirectory(file.getParent());
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * How old a temporary file must be to count as left by a crash, where other processes may be
   * writing beside it: no replacement takes that long.
   */
  public static final java.time.Duration STALE = java.time.Duration.ofHours(1);

  /**
   * Deletes the temporary files in {@code directory} (and the folders below it, down to {@code
   * depth}; 1 for the directory alone) last modified more than {@link #STALE} ago: those of writers
   * that died before their rename. Files that cannot be read or deleted are left; a missing
   * directory is nothing to sweep.
   *
   * @return how many were deleted
   */
  public static int removeStale(Path directory, int depth) {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    // the operating system's clock, which stamps the files, not the engine's (maybe simulated)
    java.nio.file.attribute.FileTime before =
        java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(STALE));
    int removed = 0;
    try (java.util.stream.Stream<Path> files = Files.walk(directory, depth)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(TEMP_SUFFIX)) {
          try {
            if (Files.getLastModifiedTime(file).compareTo(before) < 0
                && Files.deleteIfExists(file)) {
              removed++;
            }
          } catch (IOException e) {
            // gone meanwhile, or not ours to delete: left
          }
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // a folder removed or unreadable while walking: the rest waits for the next sweep
    }
    return removed;
  }

  /** Makes a rename durable; some platforms cannot open a directory, which is then skipped. */
  public static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not supported here (e.g. Windows): the rename is still atomic, only its durability is
      // left to the file system.
    }
  }
}

package dev.flinders.orchestration.ptv.gtfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The GTFS source's scratch files (a download, a mode's inner zip while it is read), and the sweep
 * of those a killed process left. A file is {@code flinders-gtfs-<owner>-<what>-<n>.zip}, where the
 * owner is a random token of this JVM, which holds a lock on {@code flinders-gtfs-<owner>.lock} in
 * the same directory for as long as it runs. {@link #sweep} deletes the files of every owner whose
 * lock is free: a process that is gone, whatever its pid was, in this container or another one
 * sharing the directory. Locks are the operating system's (on a local file system, or one that
 * supports them).
 */
final class ScratchFiles {
  private static final String PREFIX = "flinders-gtfs-";
  private static final String LOCK_SUFFIX = ".lock";
  private static final String OWNER = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));

  /** Per directory, the open channel holding this JVM's lock, kept for the JVM's life. */
  private static final Map<Path, FileChannel> HELD = new HashMap<>();

  private ScratchFiles() {}

  /**
   * A new, empty scratch file in {@code directory} for {@code what} (e.g. {@code download}, {@code
   * mode4}), created with the directory if need be. The caller deletes it.
   *
   * @throws UncheckedIOException if the directory or the file cannot be made
   */
  static Path create(Path directory, String what) {
    try {
      Files.createDirectories(directory);
      hold(directory);
      return Files.createTempFile(directory, PREFIX + OWNER + "-" + what + "-", ".zip");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a scratch file in " + directory + ": " + e, e);
    }
  }

  /**
   * Locks this JVM's lock file in {@code directory}, once; again if the file has gone (the
   * directory deleted and made anew), so that a sweep never finds our files without our lock.
   */
  private static void hold(Path directory) throws IOException {
    Path dir = directory.toAbsolutePath().normalize();
    Path lock = dir.resolve(PREFIX + OWNER + LOCK_SUFFIX);
    synchronized (HELD) {
      FileChannel held = HELD.get(dir);
      if (held != null && Files.exists(lock)) {
        return;
      }
      if (held != null) {
        held.close();
      }
      FileChannel channel =
          FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        channel.lock(); // never released: the JVM's end releases it
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      HELD.put(dir, channel);
    }
  }

  /**
   * Deletes the scratch files in {@code directory} whose owner no longer holds its lock (a process
   * killed mid-ingestion), and their lock files. Never fails: what cannot be read or deleted stays
   * for a later sweep.
   */
  static void sweep(Path directory) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    for (Path file : list(directory)) {
      String name = file.getFileName().toString();
      String owner = name.substring(PREFIX.length(), name.indexOf('-', PREFIX.length()));
      if (!owner.equals(OWNER) && !locked(directory.resolve(PREFIX + owner + LOCK_SUFFIX))) {
        delete(file);
      }
    }
    for (Path lock : locks(directory)) {
      String name = lock.getFileName().toString();
      String owner = name.substring(PREFIX.length(), name.length() - LOCK_SUFFIX.length());
      if (!owner.equals(OWNER) && !locked(lock)) {
        delete(lock);
      }
    }
  }

  /** The scratch files of {@code directory}, of any owner. */
  private static List<Path> list(Path directory) {
    return matching(directory, PREFIX + "*-*.zip");
  }

  private static List<Path> locks(Path directory) {
    return matching(directory, PREFIX + "*" + LOCK_SUFFIX);
  }

  private static List<Path> matching(Path directory, String glob) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> found = Files.newDirectoryStream(directory, glob)) {
      for (Path file : found) {
        files.add(file);
      }
    } catch (IOException | DirectoryIteratorException e) {
      // a directory that cannot be listed: nothing to sweep now
    }
    return files;
  }

  /**
   * Whether a live process holds {@code lock}. A lock file that does not exist has no owner alive:
   * an owner makes its lock before its files.
   */
  private static boolean locked(Path lock) {
    if (!Files.exists(lock)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
      FileLock free = channel.tryLock();
      if (free == null) {
        return true;
      }
      free.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // held in this JVM
    } catch (IOException e) {
      return true; // cannot tell: keep the files
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // swept again at the next run
    }
  }
}

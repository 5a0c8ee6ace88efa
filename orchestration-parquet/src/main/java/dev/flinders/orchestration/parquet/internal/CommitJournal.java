package dev.flinders.orchestration.parquet.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The journal of a commit of several files: which finished temporary file becomes which final file,
 * then which files go. Written, forced, before the first rename and deleted after the last step, so
 * a writer that dies in between leaves it for the next one to finish (roll forward): the commit
 * happens wholly or, if it died before the journal, not at all.
 *
 * <p>A rename whose temporary file is gone was done (a temporary file in a journal is only ever
 * removed by its rename), so the deletions, listed after the renames, are safe to finish. A line is
 * {@code <from>\t<to>} (a rename) or {@code !<file>} (a deletion), relative to the directory.
 */
public final class CommitJournal {
  static final String PREFIX = ".commit-";
  static final String SUFFIX = ".journal";

  /** The journals this JVM is carrying out now: any other is left by a failure or a dead writer. */
  private static final Set<Path> ACTIVE = ConcurrentHashMap.newKeySet();

  private CommitJournal() {}

  /**
   * Writes a journal into {@code directory}: the {@code renames} (temporary file to final file) in
   * order, then the {@code deletions}.
   */
  static Path write(Path directory, Map<Path, Path> renames, List<Path> deletions)
      throws IOException {
    StringBuilder text = new StringBuilder();
    renames.forEach(
        (from, to) ->
            text.append(directory.relativize(from))
                .append('\t')
                .append(directory.relativize(to))
                .append('\n'));
    deletions.forEach(file -> text.append('!').append(directory.relativize(file)).append('\n'));
    String name = PREFIX + ProcessHandle.current().pid() + "-" + System.nanoTime();
    Path temporary = directory.resolve(name + ".tmp");
    Path journal = directory.resolve(name + SUFFIX);
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    ACTIVE.add(journal);
    Files.move(temporary, journal, StandardCopyOption.ATOMIC_MOVE);
    ParquetOutput.forceDirectory(directory);
    return journal;
  }

  /** Deletes a journal whose steps are all done. */
  static void delete(Path journal) {
    ACTIVE.remove(journal);
    try {
      Files.deleteIfExists(journal);
      ParquetOutput.forceDirectory(journal.getParent());
    } catch (IOException e) {
      // a journal whose steps are all done changes nothing when recovered: harmless
    }
  }

  /** Leaves a journal whose steps failed to the next {@link #recover} of its directory. */
  static void abandon(Path journal) {
    ACTIVE.remove(journal);
  }

  /**
   * Carries out a journal's steps, then deletes it; harmless to repeat.
   *
   * @throws IOException if a step fails: the journal stays, for {@link #recover}
   */
  static void replay(Path directory, Path journal) throws IOException {
    for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
      if (line.startsWith("!")) {
        Path file = inside(directory, line.substring(1));
        if (file != null) {
          Files.deleteIfExists(file);
        }
        continue;
      }
      int tab = line.indexOf('\t');
      if (tab <= 0) {
        continue;
      }
      Path from = inside(directory, line.substring(0, tab));
      Path to = inside(directory, line.substring(tab + 1));
      if (from != null && to != null && Files.exists(from)) {
        try {
          Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
          Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        ParquetOutput.forceDirectory(to.getParent());
      }
    }
    ParquetOutput.forceDirectory(directory);
    delete(journal);
  }

  /** {@code directory}'s file of that relative name, or null if it would be outside it. */
  private static Path inside(Path directory, String relative) {
    Path file = directory.resolve(relative).normalize();
    return file.startsWith(directory.normalize()) ? file : null; // never touch files outside
  }

  /**
   * Finishes the commits in {@code directory} that a dead writer or a failed step left: carries out
   * each journal's remaining steps, then deletes it. Journals this JVM is carrying out now, or that
   * another running process wrote, are left alone.
   *
   * @return how many journals were finished
   */
  public static int recover(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    int recovered = 0;
    try (var journals = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
      for (Path journal : journals) {
        String name = journal.getFileName().toString();
        String owner = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
        if (ACTIVE.contains(journal) || otherProcessAlive(owner)) {
          continue;
        }
        replay(directory, journal);
        recovered++;
      }
    }
    return recovered;
  }

  private static boolean otherProcessAlive(String owner) {
    int dash = owner.indexOf('-');
    if (dash <= 0) {
      return false;
    }
    try {
      long pid = Long.parseLong(owner.substring(0, dash));
      return pid != ProcessHandle.current().pid()
          && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}

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
 * <p>The deletions, listed after the renames, are finished only if every rename that names the size
 * of its file has that file in place with that size: a merged file that went missing (swept by
 * another process that took it for its own leftover, say) leaves the files it was to replace as
 * they are, and the journal is dropped. A line is {@code <from>\t<to>} or {@code
 * <from>\t<to>\t<size>} (a rename) or {@code !<file>} (a deletion), relative to the directory.
 */
public final class CommitJournal {
  private static final System.Logger LOG = System.getLogger(CommitJournal.class.getName());

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
    for (Map.Entry<Path, Path> rename : renames.entrySet()) {
      text.append(directory.relativize(rename.getKey()))
          .append('\t')
          .append(directory.relativize(rename.getValue()));
      if (!deletions.isEmpty()) { // the deletions wait for the renamed files: name their sizes
        text.append('\t').append(Files.size(rename.getKey()));
      }
      text.append('\n');
    }
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
    List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
    boolean renamed = true;
    for (String line : lines) {
      String[] parts = line.split("\t", -1);
      if (line.startsWith("!") || parts.length < 2) {
        continue;
      }
      Path from = inside(directory, parts[0]);
      Path to = inside(directory, parts[1]);
      if (from == null || to == null) {
        continue;
      }
      if (Files.exists(from)) {
        try {
          Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
          Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        ParquetOutput.forceDirectory(to.getParent());
      }
      if (parts.length > 2 && (!Files.exists(to) || Files.size(to) != Long.parseLong(parts[2]))) {
        renamed = false;
      }
    }
    if (!renamed) {
      LOG.log(
          System.Logger.Level.WARNING,
          journal
              + ": a file it renamed is not in place with its size; the files it was to replace"
              + " are kept, and it is dropped");
    } else {
      for (String line : lines) {
        Path file = line.startsWith("!") ? inside(directory, line.substring(1)) : null;
        if (file != null) {
          Files.deleteIfExists(file);
        }
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

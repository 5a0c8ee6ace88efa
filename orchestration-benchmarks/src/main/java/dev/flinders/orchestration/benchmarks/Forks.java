package dev.flinders.orchestration.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What the forked-JVM harnesses share: running rounds in a new JVM with this one's options and
 * class path, relaying its lines and reading back the line it ends with; medians; scratch folders.
 */
final class Forks {
  private Forks() {}

  /**
   * Runs {@code main} with {@code args} in a new JVM with this one's options (heap, collector) and
   * class path, relays its lines to {@code out} prefixed with {@code [fork n]}, and returns what
   * {@code result} reads from the one line it recognizes (returning null for every other line).
   *
   * @throws IllegalStateException if the fork fails or prints no result line
   */
  static <T> T run(
      Class<?> main,
      List<String> args,
      int fork,
      PrintStream out,
      Function<String, @Nullable T> result)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    T measured = null;
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        T read = result.apply(line);
        if (read != null) {
          measured = read;
        } else {
          out.println("  [fork " + fork + "] " + line);
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0 || measured == null) {
      throw new IllegalStateException(
          "fork " + fork + " failed (exit " + exit + "); its output is above");
    }
    return measured;
  }

  /** The line a fork ends with: {@code tag} and the values, for {@link #fields} to read back. */
  static String resultLine(String tag, Object... values) {
    StringBuilder line = new StringBuilder(tag);
    for (Object value : values) {
      line.append(' ').append(value);
    }
    return line.toString();
  }

  /** The values of a {@link #resultLine} tagged {@code tag}, or null if {@code line} is not one. */
  static String @Nullable [] fields(String tag, String line) {
    if (!line.startsWith(tag + " ")) {
      return null;
    }
    return line.substring(tag.length() + 1).split(" ");
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** Deletes a scratch directory and everything in it; what cannot be deleted stays. */
  static void deleteTree(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Collections.reverseOrder()).forEach(Forks::delete);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temporary directory: the OS cleans up what is left
    }
  }
}

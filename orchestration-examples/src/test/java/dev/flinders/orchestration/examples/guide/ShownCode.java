package dev.flinders.orchestration.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.core.DocsPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The code a page of the guide shows, kept equal to the compiled code: in the sources, each piece a
 * page shows stands between a line {@code // docs: begin} and a line {@code // docs: end}; every
 * {@code java} block of the page ({@link DocsPage}) must be one of those pieces, its indentation
 * removed, and every piece must be on the page. Editing either without the other fails the test.
 */
final class ShownCode {
  static final Path MAIN = Path.of("src", "main", "java", "dev", "flinders", "orchestration");
  static final Path TEST = Path.of("src", "test", "java", "dev", "flinders", "orchestration");

  private ShownCode() {}

  /** Checks that {@code page} (under docs/) shows exactly the marked pieces of {@code sources}. */
  static void assertPageShows(String page, Path... sources) {
    List<String> blocks = DocsPage.of(Path.of("..", "docs", page)).blocks("java");
    List<String> pieces = new ArrayList<>();
    for (Path source : sources) {
      pieces.addAll(pieces(source));
    }
    assertThat(blocks).as("the java blocks of docs/" + page).isNotEmpty();
    assertThat(pieces)
        .as("the marked code of " + List.of(sources) + ", against docs/" + page)
        .containsExactlyInAnyOrderElementsOf(blocks);
  }

  /** The marked pieces of a source file, in order, each without its common indentation. */
  static List<String> pieces(Path source) {
    List<String> lines;
    try {
      lines = Files.readAllLines(source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> pieces = new ArrayList<>();
    List<String> piece = null;
    for (String line : lines) {
      String marker = line.strip();
      if (marker.equals("// docs: begin")) {
        piece = new ArrayList<>();
      } else if (marker.equals("// docs: end")) {
        if (piece == null) {
          throw new AssertionError(source + ": \"// docs: end\" without a begin");
        }
        pieces.add(withoutIndentation(piece));
        piece = null;
      } else if (piece != null) {
        piece.add(line);
      }
    }
    if (piece != null) {
      throw new AssertionError(source + ": \"// docs: begin\" without an end");
    }
    return pieces;
  }

  private static String withoutIndentation(List<String> lines) {
    List<String> trimmed = new ArrayList<>(lines);
    while (!trimmed.isEmpty() && trimmed.get(trimmed.size() - 1).isBlank()) {
      trimmed.remove(trimmed.size() - 1);
    }
    int indent =
        trimmed.stream()
            .filter(line -> !line.isBlank())
            .mapToInt(line -> line.length() - line.stripLeading().length())
            .min()
            .orElse(0);
    StringBuilder text = new StringBuilder();
    for (String line : trimmed) {
      text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return text.toString();
  }
}

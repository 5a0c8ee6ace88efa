package dev.flinders.orchestration.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fenced code blocks of a page of {@code docs/}, for the tests that keep a page's examples
 * true: a JSON example is read and applied ({@code OrchestrationConfigTest}), a Java example is
 * compared with the compiled code it shows (the guide's tests in {@code orchestration-examples},
 * through this module's test jar). Immutable.
 */
public final class DocsPage {
  private final Path page;
  private final String text;

  private DocsPage(Path page, String text) {
    this.page = page;
    this.text = text;
  }

  /** The page at {@code page}, e.g. {@code Path.of("..", "docs", "configuration.md")}. */
  public static DocsPage of(Path page) {
    try {
      return new DocsPage(page, Files.readString(page));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The page's whole text. */
  public String text() {
    return text;
  }

  /**
   * The blocks fenced as {@code language} (a line {@code ```java}, say, up to the next fence), in
   * the order of the page, each without its fences: the lines between, each ending with a line
   * break.
   */
  public List<String> blocks(String language) {
    String open = "```" + language + "\n";
    List<String> blocks = new ArrayList<>();
    for (int start = text.indexOf(open); start >= 0; start = text.indexOf(open, start + 1)) {
      int end = text.indexOf("```", start + open.length());
      if (end < 0) {
        throw new AssertionError(page + ": the " + language + " block at " + start + " never ends");
      }
      blocks.add(text.substring(start + open.length(), end));
    }
    return blocks;
  }

  /** The {@code language} block at {@code index}, counting from 0. */
  public String block(String language, int index) {
    List<String> blocks = blocks(language);
    if (index >= blocks.size()) {
      throw new AssertionError(
          page + " has " + blocks.size() + " " + language + " examples, not " + (index + 1));
    }
    return blocks.get(index);
  }
}

package dev.flinders.orchestration.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.core.DocsPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/README.md lists every page of docs/ once, and the links of the guide's pages lead somewhere:
 * to a file that exists and, after a {@code #}, to one of its headings.
 */
class DocsIndexTest {
  private static final Path DOCS = Path.of("..", "docs");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  @Test
  void theIndex_listsEveryPageOnce() throws IOException {
    List<String> pages;
    try (Stream<Path> files = Files.walk(DOCS)) {
      pages =
          files
              .filter(file -> file.toString().endsWith(".md"))
              .map(file -> DOCS.relativize(file).toString().replace('\\', '/'))
              .filter(page -> !page.equals("README.md"))
              .sorted()
              .toList();
    }

    List<String> listed = new ArrayList<>();
    for (String target : links("README.md")) {
      if (!target.startsWith("../")) {
        listed.add(target);
      }
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(pages);
  }

  @Test
  void theGuidesLinks_leadToPagesAndHeadingsThatExist() {
    List<String> broken = new ArrayList<>();
    for (String page :
        List.of("README.md", "getting-started.md", "writing-a-source.md", "operations.md")) {
      for (String target : links(page)) {
        if (target.startsWith("http://") || target.startsWith("https://")) {
          continue;
        }
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        Path resolved = file.isEmpty() ? DOCS.resolve(page) : DOCS.resolve(file).normalize();
        if (!Files.isRegularFile(resolved)) {
          broken.add(page + " -> " + target + ": no such file");
        } else if (target.contains("#")
            && !anchors(resolved).contains(target.substring(target.indexOf('#') + 1))) {
          broken.add(page + " -> " + target + ": no such heading");
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  /** The targets of a page's Markdown links, in order. */
  private static List<String> links(String page) {
    Matcher matcher = LINK.matcher(DocsPage.of(DOCS.resolve(page)).text());
    List<String> targets = new ArrayList<>();
    while (matcher.find()) {
      targets.add(matcher.group(1));
    }
    return targets;
  }

  /** The anchors GitHub gives a page's headings (outside code blocks). */
  private static List<String> anchors(Path page) {
    List<String> anchors = new ArrayList<>();
    boolean code = false;
    for (String line : DocsPage.of(page).text().lines().toList()) {
      if (line.startsWith("```")) {
        code = !code;
      } else if (!code && line.startsWith("#")) {
        String heading = line.replaceFirst("^#+\\s*", "");
        anchors.add(
            heading
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-'));
      }
    }
    return anchors;
  }
}

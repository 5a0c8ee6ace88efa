package dev.flinders.orchestration.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless, for tests that check a page renders in a real browser:
 * {@link #installed()} says whether it is there (tests skip otherwise), {@link #dumpDom} loads a
 * page and returns the document as the browser built it.
 */
public final class HeadlessChromium {
  /** Where Debian's {@code chromium} package installs the browser. */
  public static final Path BROWSER = Path.of("/usr/bin/chromium");

  private HeadlessChromium() {}

  /** Whether the browser is installed here. */
  public static boolean installed() {
    return Files.isExecutable(BROWSER);
  }

  /**
   * Loads {@code page} (a {@code file:} or {@code http:} URI) and returns its DOM after scripts and
   * parsing, as HTML.
   *
   * @param profile a directory for the browser's profile, e.g. in the test's temporary directory
   * @throws IOException if the browser cannot start or does not finish within a minute
   */
  public static String dumpDom(URI page, Path profile) throws IOException, InterruptedException {
    Process browser =
        new ProcessBuilder(
                BROWSER.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + profile,
                "--dump-dom",
                page.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String dom;
    try (InputStream out = browser.getInputStream()) {
      dom = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!browser.waitFor(60, TimeUnit.SECONDS)) {
      browser.destroyForcibly();
      throw new IOException("chromium did not finish loading " + page + " within a minute");
    }
    return dom;
  }
}

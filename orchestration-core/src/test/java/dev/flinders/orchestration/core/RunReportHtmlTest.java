package dev.flinders.orchestration.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.Reason;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.report.ReportDirectory;
import dev.flinders.orchestration.core.report.RunReportHtml;
import dev.flinders.orchestration.core.report.RunReportJson;
import dev.flinders.orchestration.core.testing.ManualClock;
import dev.flinders.orchestration.core.testing.ManualRunner;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The HTML run report: well-formed, self-contained, every component with its status, the dependency
 * graph's edges, whatever text a reason or error holds; and the report directory that keeps them,
 * with the latest at a stable path.
 */
class RunReportHtmlTest {
  private static final String HOSTILE = "<script>alert('x')</script> & \"quoted\" \u0001 \uD800 ✓";

  @TempDir Path directory;

  /** Four components: a slow loader, a failing one, a downstream of each. */
  private static Pipeline pipeline() {
    return Pipeline.builder("victorian-transport")
        .component(
            Component.builder("gtfs-schedule")
                .task(
                    context -> {
                      ((ManualClock) context.clock()).advance(Duration.ofMinutes(3));
                      return Outcome.records(1234);
                    })
                .build())
        .component(
            Component.builder("patronage")
                .task(
                    context -> {
                      throw new IllegalStateException(HOSTILE);
                    })
                .build())
        .component(
            Component.builder("realtime")
                .dependsOn("gtfs-schedule")
                .task(context -> Outcome.records(10))
                .build())
        .component(
            Component.builder("patronage-monthly")
                .dependsOn("gtfs-schedule", "patronage")
                .task(context -> Outcome.success())
                .build())
        .build();
  }

  private static Document parse(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  private static NodeList select(Document document, String xpath) throws Exception {
    return (NodeList)
        XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET);
  }

  @Test
  void aRunsPage_isWellFormed_selfContained_andShowsEveryComponentWithItsStatus() throws Exception {
    try (ManualRunner runner = ManualRunner.builder(pipeline()).build()) {
      RunReport report = runner.runDue();
      String html = RunReportHtml.render(report, pipeline(), runner.orchestrator().insights());

      Document page = parse(html);
      for (ComponentResult result : report.results()) {
        NodeList rows =
            select(page, "//*[local-name()='tr'][@id='component-" + result.component() + "']");
        assertThat(rows.getLength()).as(result.component()).isEqualTo(1);
        assertThat(rows.item(0).getAttributes().getNamedItem("data-status").getNodeValue())
            .isEqualTo(result.status().name());
      }
      assertThat(report.status("patronage-monthly")).isEqualTo(Status.SKIPPED);
      // three dependencies, three arrows
      assertThat(select(page, "//*[local-name()='line'][@class='edge']").getLength()).isEqualTo(3);
      assertThat(select(page, "//*[local-name()='g'][@data-status='FAILED']").getLength())
          .isEqualTo(1);
      // nothing is fetched from elsewhere
      assertThat(html)
          .doesNotContainPattern(Pattern.compile("(?i)<script|<link|@import|\\bsrc\\s*="))
          .doesNotContainPattern(Pattern.compile("(?i)href\\s*=|url\\((?!#arrow\\))"));
      // the hostile error is shown as text
      String text = page.getDocumentElement().getTextContent();
      assertThat(text).contains("<script>alert('x')</script> & \"quoted\"").contains("✓");
      assertThat(html).contains("took 3m").contains("1234");
    }
  }

  /** Property: whatever text a reason or error holds, the page stays well-formed and shows it. */
  @RepeatedTest(100)
  void anyReasonText_keepsThePageWellFormed() throws Exception {
    Random random = new Random();
    long seed = random.nextLong();
    random.setSeed(seed);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      text.append((char) random.nextInt(random.nextBoolean() ? 0x80 : 0x10000));
    }
    String message = text.toString();
    ComponentResult result =
        ComponentResult.notStarted(
            "c", Status.SKIPPED, new Reason(ReasonCode.UPSTREAM_FAILED, message));
    RunReport report =
        new RunReport(
            "p",
            "r1",
            RunStatus.FAILED,
            Instant.parse("2026-12-02T00:00:00Z"),
            Instant.parse("2026-12-02T00:01:00Z"),
            false,
            List.of(result));

    Document page = parse(RunReportHtml.render(report));

    // what XML can hold: controls but tab and line breaks, lone surrogates and U+FFFE/FFFF become
    // U+FFFD; an XML parser reads line breaks as \n
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < message.length()
              && Character.isLowSurrogate(message.charAt(i + 1));
      if (pair) {
        expected.append(c).append(message.charAt(++i));
      } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r')
          || Character.isSurrogate(c)
          || c >= 0xFFFE) {
        expected.append('\uFFFD');
      } else {
        expected.append(c);
      }
    }
    String shown = page.getDocumentElement().getTextContent();
    assertThat(shown)
        .as("seed %d", seed)
        .contains(expected.toString().replace("\r\n", "\n").replace('\r', '\n'));
  }

  @Test
  void theReportDirectory_keepsTheNewestRuns_andTheLatestAtAStablePath() throws Exception {
    ReportDirectory reports = ReportDirectory.at(directory.resolve("reports")).keep(2);
    // left by writers that died an hour and more ago, and by one writing now
    Path dead = Files.createDirectories(reports.directory()).resolve(".latest.html.1a2b.tmp");
    Path writing = reports.directory().resolve(".latest.json.3c4d.tmp");
    Files.writeString(dead, "<html");
    Files.writeString(writing, "{");
    Files.setLastModifiedTime(
        dead,
        java.nio.file.attribute.FileTime.from(
            java.time.Instant.now().minus(Duration.ofMinutes(61))));
    try (ManualRunner runner =
        ManualRunner.builder(pipeline()).configure(builder -> builder.reports(reports)).build()) {
      RunReport first = runner.runDue();
      RunReport second = runner.tick(Duration.ofHours(1)).runDue();
      RunReport third = runner.tick(Duration.ofHours(1)).runDue();

      assertThat(reports.html(first.runId())).doesNotExist();
      assertThat(reports.html(second.runId())).exists();
      assertThat(reports.html(third.runId())).exists();
      assertThat(Files.readString(reports.latestHtml())).contains(third.runId());
      assertThat(RunReportJson.fromJson(Files.readString(reports.latestJson()))).isEqualTo(third);
      assertThat(dead).as("a dead writer's temporary file").doesNotExist();
      Files.delete(writing); // a live writer's is left alone
      try (var files = Files.list(reports.directory())) {
        assertThat(files.map(file -> file.getFileName().toString()))
            .as("no temporary files left")
            .containsExactlyInAnyOrder(
                "latest.html",
                "latest.json",
                second.runId() + ".html",
                second.runId() + ".json",
                third.runId() + ".html",
                third.runId() + ".json");
      }
      // an older run's report written later does not become the latest
      reports.write(second, null, null);
      assertThat(Files.readString(reports.latestHtml())).contains(third.runId());
    }
  }

  /** Where Debian's chromium is installed: the page renders in a real browser. */
  @Test
  void aRealBrowser_rendersEveryComponent() throws Exception {
    Assumptions.assumeTrue(
        dev.flinders.orchestration.core.testing.HeadlessChromium.installed(),
        "chromium is not installed");
    Path page = directory.resolve("report.html");
    try (ManualRunner runner = ManualRunner.builder(pipeline()).build()) {
      RunReport report = runner.runDue();
      Files.writeString(page, RunReportHtml.render(report, pipeline(), null));
      String dom =
          dev.flinders.orchestration.core.testing.HeadlessChromium.dumpDom(
              page.toUri(), directory.resolve("profile"));
      for (ComponentResult result : report.results()) {
        assertThat(dom)
            .contains(
                "id=\"component-"
                    + result.component()
                    + "\" data-status=\""
                    + result.status()
                    + "\"");
      }
    }
  }
}

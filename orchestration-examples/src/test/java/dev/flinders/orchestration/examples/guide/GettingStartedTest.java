package dev.flinders.orchestration.examples.guide;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.cli.FlindersCli;
import dev.flinders.orchestration.core.DocsPage;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.report.ReportDirectory;
import dev.flinders.orchestration.core.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/getting-started.md, kept true: its Java is {@link GettingStarted}'s and {@link
 * GettingStartedCli}'s code, its output is what that code prints, its Maven coordinates are the
 * project's, and its commands run.
 */
class GettingStartedTest {
  private static final DocsPage PAGE = DocsPage.of(Path.of("..", "docs", "getting-started.md"));

  @TempDir Path data;

  @Test
  void thePage_showsTheCompiledCode() {
    ShownCode.assertPageShows(
        "getting-started.md",
        ShownCode.MAIN.resolve("examples/guide/GettingStarted.java"),
        ShownCode.MAIN.resolve("examples/guide/GettingStartedCli.java"));
  }

  @Test
  void theFirstRun_loadsTheStations_andNamesTheBusiest() throws IOException {
    RunReport report = GettingStarted.runOnce(data);

    assertThat(report.status()).as(report.toText()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.result("stations").orElseThrow().reason().code())
        .isEqualTo(ReasonCode.FIRST_RUN);
    assertThat(report.result("stations").orElseThrow().outcome().records()).isEqualTo(222);
    assertThat(report.result("busiest").orElseThrow().outcome().notes())
        .containsExactly("busiest: Flinders Street, Southern Cross, Melbourne Central");
    assertThat(data.resolve("reports/latest.html")).isRegularFile();
    assertThat(Files.readString(data.resolve("reports/latest.json"), UTF_8))
        .contains("\"runId\" : \"" + report.runId() + "\"");
  }

  /** The plan, the reports and the files the page shows, at the page's time. */
  @Test
  void thePagesOutput_isWhatTheCodePrints() throws IOException {
    ManualClock clock = ManualClock.at("2026-12-01T10:00:00+11:00");
    List<String> printed = new ArrayList<>();
    try (Orchestrator orchestrator =
        GettingStarted.orchestrator(data)
            .timeSource(clock)
            .reports(ReportDirectory.at(data.resolve("reports")))
            .build()) {
      printed.add(orchestrator.plan().toText());
      printed.add(orchestrator.runOnce().toText());
      printed.add(files(data));
      clock.advance(Duration.ofHours(1));
      printed.add(orchestrator.runOnce().toText());
    }

    List<String> shown = PAGE.blocks("text");
    assertThat(shown).hasSize(printed.size());
    for (int i = 0; i < printed.size(); i++) {
      assertThat(comparable(shown.get(i)))
          .as("text block %d of docs/getting-started.md", i)
          .isEqualTo(comparable(printed.get(i)));
    }
  }

  @Test
  void theDependencies_areTheProjects() throws IOException {
    String xml = PAGE.block("xml", 0);
    String version = tag(Files.readString(Path.of("..", "pom.xml"), UTF_8), "version");
    String bom = Files.readString(Path.of("..", "flinders-bom", "pom.xml"), UTF_8);

    assertThat(tags(xml, "groupId")).containsOnly("dev.flinders");
    assertThat(tags(xml, "version")).containsExactly(version);
    assertThat(tags(xml, "artifactId"))
        .startsWith("flinders-bom")
        .allSatisfy(
            artifact ->
                assertThat(artifact.equals("flinders-bom") || bom.contains(">" + artifact + "<"))
                    .as(artifact + " is managed by flinders-bom")
                    .isTrue());
  }

  /** Each command of the page names a class with a main method, and the CLI's arguments work. */
  @Test
  void theCommands_run() throws Exception {
    List<String> commands = new ArrayList<>();
    for (String block : PAGE.blocks("sh")) {
      commands.addAll(List.of(block.replace("\\\n", " ").split("\n")));
    }
    Pattern mainClass = Pattern.compile("-Dexec\\.mainClass=(\\S+)");
    Pattern arguments = Pattern.compile("-Dexec\\.args=\"([^\"]*)\"");
    int ran = 0;
    for (String command : commands) {
      Matcher main = mainClass.matcher(command);
      if (!main.find()) {
        continue;
      }
      Method method = Class.forName(main.group(1)).getMethod("main", String[].class);
      assertThat(Modifier.isStatic(method.getModifiers())).as(command).isTrue();
      Matcher args = arguments.matcher(command);
      if (main.group(1).equals(GettingStartedCli.class.getName()) && args.find()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit =
            GettingStartedCli.commandLine(data)
                .output(new PrintWriter(out, true, UTF_8), new PrintWriter(out, true, UTF_8))
                .terminal(false)
                .execute(args.group(1).split(" "));
        assertThat(exit).as(command + "\n" + out.toString(UTF_8)).isEqualTo(FlindersCli.OK);
        ran++;
      }
    }
    assertThat(ran).as("commands of the command line on the page").isGreaterThanOrEqualTo(4);
  }

  @Test
  void startInBackground_runsAtOnce_untilClosed() throws Exception {
    Path reports = Files.createDirectories(data.resolve("reports"));
    try (WatchService watch = FileSystems.getDefault().newWatchService()) {
      reports.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
      Orchestrator orchestrator = GettingStarted.startInBackground(data);
      try {
        assertThat(orchestrator.isStarted()).isTrue();
        while (!Files.exists(reports.resolve("latest.json"))) {
          WatchKey key = watch.poll(60, TimeUnit.SECONDS);
          assertThat(key).as("a report within a minute").isNotNull();
          key.pollEvents();
          key.reset();
        }
        assertThat(orchestrator.history(1))
            .singleElement()
            .satisfies(run -> assertThat(run.status("stations")).isEqualTo(Status.SUCCEEDED));
      } finally {
        orchestrator.close();
      }
      assertThat(orchestrator.isStarted()).isFalse();
    }
  }

  /** The files under {@code data}, one path a line from {@code data/}, in order. */
  static String files(Path data) throws IOException {
    try (Stream<Path> files = Files.walk(data)) {
      StringBuilder listing = new StringBuilder();
      files
          .filter(Files::isRegularFile)
          .map(file -> "data/" + data.relativize(file).toString().replace('\\', '/'))
          .sorted()
          .forEach(file -> listing.append(file).append('\n'));
      return listing.toString();
    }
  }

  /**
   * Output as it can be compared with the page: durations and resource figures differ from machine
   * to machine, so they are left out, as is the "used:" line printed when they are notable.
   */
  private static String comparable(String output) {
    return output
        .lines()
        .filter(line -> !line.strip().startsWith("used:"))
        .map(
            line ->
                line.replaceAll("\\b\\d+(\\.\\d+)?(µs|ms|s|m|h)(\\d+(\\.\\d+)?(ms|s|m))*\\b", "…"))
        .map(line -> line.replaceAll("\\s+", " ").strip())
        .reduce("", (text, line) -> text + line + "\n");
  }

  private static String tag(String xml, String name) {
    return tags(xml, name).get(0);
  }

  private static List<String> tags(String xml, String name) {
    Matcher matcher = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
    List<String> values = new ArrayList<>();
    while (matcher.find()) {
      values.add(matcher.group(1));
    }
    return values;
  }
}

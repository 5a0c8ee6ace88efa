package dev.flinders.orchestration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.testing.HeadlessChromium;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line over a small pipeline with its state in a temporary directory: each command's
 * output and exit code, the reports it writes, and the status page it serves, read over HTTP and,
 * where Debian's chromium is installed, rendered in a real browser.
 */
class FlindersCliTest {
  @TempDir Path directory;

  /** Whether the "patronage" component fails. */
  private final AtomicBoolean patronageFails = new AtomicBoolean();

  private Pipeline pipeline() {
    return Pipeline.builder("victoria")
        .component(
            Component.builder("gtfs-schedule")
                .schedule(Schedule.every(Duration.ofDays(7)))
                .task(context -> Outcome.records(1234))
                .build())
        .component(
            Component.builder("patronage")
                .task(
                    context -> {
                      if (patronageFails.get()) {
                        throw new IllegalStateException("Data.vic answered 503");
                      }
                      return Outcome.records(42);
                    })
                .build())
        .component(
            Component.builder("patronage-monthly")
                .dependsOn("gtfs-schedule", "patronage")
                .task(context -> Outcome.success())
                .build())
        .build();
  }

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private FlindersCli cli() {
    return FlindersCli.of(
            "victoria",
            reports ->
                Orchestrator.builder(pipeline())
                    .stateDirectory(directory.resolve("state"))
                    .reports(reports))
        .reportsIn(directory.resolve("reports"))
        .output(new PrintWriter(out, true), new PrintWriter(err, true))
        .terminal(false);
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return cli().execute(args);
  }

  @Test
  void run_printsTheReport_writesItsPages_andExitsByOutcome() {
    assertThat(run("run")).isEqualTo(FlindersCli.OK);
    assertThat(out.toString())
        .contains("gtfs-schedule started")
        .contains("gtfs-schedule SUCCEEDED in")
        .contains("1234 records")
        .contains("3 components, 3 SUCCEEDED")
        .contains("report: " + directory.resolve("reports"));
    assertThat(directory.resolve("reports/latest.html")).exists();

    patronageFails.set(true);
    assertThat(run("run", "--force")).isEqualTo(FlindersCli.RUN_FAILED);
    assertThat(out.toString())
        .contains("patronage FAILED")
        .contains("patronage-monthly SKIPPED")
        .contains("Data.vic answered 503");
  }

  @Test
  void dryRunsPlansAndSelections_runNothing_orOnlyWhatIsAsked() {
    assertThat(run("run", "--dry-run")).isEqualTo(FlindersCli.OK);
    assertThat(out.toString()).contains("would run: first run");
    assertThat(run("history")).isEqualTo(FlindersCli.OK);
    assertThat(out.toString()).as("a dry run is not history").isEmpty();

    assertThat(run("run", "--only", "patronage")).isEqualTo(FlindersCli.OK);
    assertThat(out.toString())
        .contains("patronage SUCCEEDED")
        .doesNotContain("gtfs-schedule SUCCEEDED");

    assertThat(run("plan")).isEqualTo(FlindersCli.OK);
    assertThat(out.toString())
        .startsWith("Plan for victoria at ")
        .contains("gtfs-schedule")
        .contains("FIRST_RUN");
  }

  @Test
  void statusHistoryReportAndInsights_readTheHistory() throws Exception {
    run("run");
    patronageFails.set(true);
    run("run");

    assertThat(run("status")).isEqualTo(FlindersCli.OK);
    assertThat(out.toString())
        .contains("COMPONENT")
        .containsPattern("gtfs-schedule\\s+SUCCEEDED .*NOT_DUE: not due: every 7d")
        .containsPattern("patronage\\s+FAILED .*runs now: DUE");

    assertThat(run("history", "--component", "patronage", "--status", "failed"))
        .isEqualTo(FlindersCli.OK);
    assertThat(out.toString().lines()).hasSize(1).allMatch(line -> line.contains("FAILED"));

    assertThat(run("history")).isEqualTo(FlindersCli.OK);
    assertThat(out.toString().lines()).hasSize(2);
    String firstRun = out.toString().lines().toList().get(1).split(" ")[0];

    assertThat(run("report", firstRun)).isEqualTo(FlindersCli.OK);
    Path page = Path.of(out.toString().trim());
    assertThat(Files.readString(page)).contains(firstRun).contains("id=\"component-patronage\"");
    assertThat(Files.readString(directory.resolve("reports/latest.html")))
        .as("an older run's report does not become the latest")
        .doesNotContain(firstRun);
    assertThat(run("report", "--json")).isEqualTo(FlindersCli.OK);
    assertThat(out.toString()).startsWith("{").contains("\"pipeline\" : \"victoria\"");

    assertThat(run("insights")).isEqualTo(FlindersCli.OK);
    assertThat(out.toString()).contains("victoria");
  }

  @Test
  void usageErrors_andWorkThatCannotBeDone_haveTheirOwnExitCodes() throws Exception {
    assertThat(run("--bogus")).isEqualTo(FlindersCli.USAGE);
    assertThat(err.toString()).contains("Unknown option: '--bogus'");
    assertThat(run("run", "--only", "nope")).isEqualTo(FlindersCli.USAGE);
    assertThat(err.toString()).contains("nope");
    assertThat(run("history", "--limit", "0")).isEqualTo(FlindersCli.USAGE);
    assertThat(run("report", "20200101T000000.000Z-001")).isEqualTo(FlindersCli.USAGE);
    assertThat(err.toString()).contains("no run 20200101T000000.000Z-001 in the history");

    Files.createDirectories(directory.resolve("state"));
    Files.writeString(directory.resolve("config.json"), "{\"components\": {\"nope\": {}}}");
    int code =
        FlindersCli.of(
                "victoria",
                reports ->
                    Orchestrator.builder(pipeline())
                        .stateDirectory(directory.resolve("state"))
                        .config(directory.resolve("config.json")))
            .output(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute("plan");
    assertThat(code).isEqualTo(FlindersCli.CANNOT_RUN);
    assertThat(err.toString()).contains("$.components.nope: no component named \"nope\"");
  }

  @Test
  void serve_showsEveryComponentWithItsStatus_andTheReports_toABrowser() throws Exception {
    patronageFails.set(true);
    run("run");
    FlindersCli cli = cli();
    StringWriter served = new StringWriter();
    cli.output(new PrintWriter(served, true), new PrintWriter(err, true));
    CompletableFuture<Integer> serving =
        CompletableFuture.supplyAsync(() -> cli.execute("serve", "--port", "0"));
    try {
      Pattern address = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      Matcher matcher = address.matcher("");
      while (!matcher.reset(served.toString()).find()) {
        assertThat(System.nanoTime() - deadline).as("the server to start").isNegative();
        assertThat(serving).isNotDone();
        Thread.onSpinWait();
      }
      URI root = URI.create(matcher.group(1));
      HttpClient http = HttpClient.newHttpClient();

      HttpResponse<String> page =
          http.send(HttpRequest.newBuilder(root).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body())
          .contains("id=\"component-gtfs-schedule\" data-status=\"SUCCEEDED\"")
          .contains("id=\"component-patronage\" data-status=\"FAILED\"")
          .contains("id=\"component-patronage-monthly\" data-status=\"NEVER_RAN\"")
          .contains("href=\"reports/latest.html\"");
      HttpResponse<String> latest =
          http.send(
              HttpRequest.newBuilder(root.resolve("reports/latest.html")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(latest.statusCode()).isEqualTo(200);
      assertThat(latest.body()).contains("id=\"component-patronage\" data-status=\"FAILED\"");
      HttpResponse<String> outside =
          http.send(
              HttpRequest.newBuilder(URI.create(root + "reports/..%2Fstate%2Fvictoria")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(outside.statusCode()).isEqualTo(404);
      assertThat(outside.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

      Assumptions.assumeTrue(HeadlessChromium.installed(), "chromium is not installed");
      String dom = HeadlessChromium.dumpDom(root, directory.resolve("profile"));
      for (String component : new String[] {"gtfs-schedule", "patronage", "patronage-monthly"}) {
        assertThat(dom).contains("id=\"component-" + component + "\"");
      }
      assertThat(dom).contains("data-status=\"FAILED\"");
    } finally {
      cli.stopServing();
      assertThat(serving.get(20, TimeUnit.SECONDS)).isEqualTo(FlindersCli.OK);
    }
  }
}

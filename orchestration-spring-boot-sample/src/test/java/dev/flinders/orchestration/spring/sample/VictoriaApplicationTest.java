package dev.flinders.orchestration.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.examples.victoria.VictorianPipeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample application on a random port: its first run fetches the Victorian pipeline from the
 * local stand-ins, then health, the flinders endpoint and the status page answer over HTTP.
 */
class VictoriaApplicationTest {
  /** How long the first run may take on a busy machine (it takes a few seconds). */
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private static final BlockingQueue<RunReport> RUNS = new LinkedBlockingQueue<>();
  @TempDir static Path data;
  private static ConfigurableApplicationContext application;
  private static String base;
  private static RunReport first;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    RunListener runs =
        new RunListener() {
          @Override
          public void runFinished(RunReport report) {
            RUNS.add(report);
          }
        };
    org.springframework.boot.SpringApplication sample = VictoriaApplication.application();
    sample.addInitializers(context -> context.getBeanFactory().registerSingleton("runs", runs));
    // no tick during the test: next() takes the runs the test asks for, not a tick's
    application = sample.run("--server.port=0", "--victoria.data=" + data, "--flinders.tick=1h");
    base = "http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port");
    first = next();
  }

  @AfterAll
  static void stop() {
    if (application != null) {
      application.close();
    }
  }

  private static RunReport next() throws InterruptedException {
    RunReport report = RUNS.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    assertThat(report).as("a run finished within %s", PATIENCE).isNotNull();
    return report;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theFirstRun_fetchesEverySource_fromTheStandIns() {
    assertThat(first.pipeline()).isEqualTo(VictorianPipeline.NAME);
    assertThat(first.status(VictorianPipeline.GTFS_SCHEDULE)).isEqualTo(Status.SUCCEEDED);
    assertThat(first.status(VictorianPipeline.DISRUPTIONS)).isEqualTo(Status.SUCCEEDED);
    assertThat(data.resolve("reports").resolve("latest.html")).exists();
    assertThat(data.resolve("curated")).isNotEmptyDirectory();
  }

  @Test
  void health_isUp_withTheLastRun() throws Exception {
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body())
        .containsPattern(
            java.util.regex.Pattern.quote(
                    "\"flinders\":{\"details\":{\"pipeline\":\"victorian-transport\"")
                + ".*?"
                + java.util.regex.Pattern.quote(
                    "\"failingComponents\":{},\"staleDatasets\":{}},\"status\":\"UP\"}"))
        .contains("\"pipeline\":\"victorian-transport\"")
        .contains("\"ticker\":\"running\"")
        .contains("\"status\":\"" + first.status() + "\"")
        .doesNotContain("demo-realtime-key");
  }

  @Test
  void theEndpoint_showsStatusAndPlan_andRunsAForcedComponent() throws Exception {
    HttpResponse<String> status = get("/actuator/flinders");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body())
        .contains("\"pipeline\":\"victorian-transport\"")
        .contains("{\"component\":\"gtfs-schedule\",\"lastOutcome\":\"SUCCEEDED\"")
        .doesNotContain("demo-realtime-key");

    HttpResponse<String> plan = get("/actuator/flinders/plan");
    assertThat(plan.statusCode()).isEqualTo(200);
    assertThat(plan.body()).contains("\"component\":\"ptv-disruptions\"").contains("\"text\":");

    HttpResponse<String> forced =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/actuator/flinders"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"action\": \"check\", \"components\": \"gtfs-schedule\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
    RunReport checked = next();
    assertThat(checked.status(VictorianPipeline.GTFS_SCHEDULE))
        .as("the stand-in's schedule has not changed since the first run")
        .isEqualTo(Status.UNCHANGED);
  }

  @Test
  void theStatusPage_andTheReports_areServedUnderFlinders() throws Exception {
    HttpResponse<String> page = get("/flinders/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body())
        .contains("<title>victorian-transport status</title>")
        .contains("id=\"component-gtfs-schedule\"")
        .doesNotContain("demo-realtime-key");
    assertThat(get("/flinders").statusCode()).as("redirected to /flinders/").isEqualTo(302);
    HttpResponse<String> report = get("/flinders/reports/latest.html");
    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.body()).contains("victorian-transport");
    HttpResponse<String> outside = get("/flinders/reports/../state/x.json");
    assertThat(outside.statusCode()).isEqualTo(404);
    HttpResponse<String> missing = get("/flinders/reports/no-such-run.html");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }
}

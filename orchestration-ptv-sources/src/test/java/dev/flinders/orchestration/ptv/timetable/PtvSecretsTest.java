package dev.flinders.orchestration.ptv.timetable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.report.RunReportJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The developer id, the key and the signatures never reach a message, the run report (text and
 * JSON), the stored history or the log, even when PTV quotes them back in an error.
 */
class PtvSecretsTest extends PtvTestSupport {
  private static final String SIGNATURE =
      FakePtv.hmacSha1(FakePtv.KEY, "/v3/disruptions?devid=" + FakePtv.DEVID);

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private PrintStream out;
  private Object flinders;
  private Object level;

  /**
   * Logs of {@code dev.flinders} at DEBUG, captured from the console appender of logback-test.xml,
   * which writes to whatever {@code System.out} is at the time. The level is set by reflection,
   * through SLF4J's logger (a logback {@code Logger}): the module declares logback only as the
   * tests' runtime binding (its pom forces it "used"), and compiling against it or the SLF4J API
   * would break the build's declared-equals-used check.
   */
  @BeforeEach
  void captureLogs() throws ReflectiveOperationException {
    flinders =
        Class.forName("org.slf4j.LoggerFactory")
            .getMethod("getLogger", String.class)
            .invoke(null, "dev.flinders");
    level = flinders.getClass().getMethod("getLevel").invoke(flinders);
    setLevel(Class.forName("ch.qos.logback.classic.Level").getField("DEBUG").get(null));
    out = System.out;
    System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLogs() throws ReflectiveOperationException {
    System.setOut(out);
    setLevel(level);
  }

  private void setLevel(Object level) throws ReflectiveOperationException {
    flinders
        .getClass()
        .getMethod("setLevel", Class.forName("ch.qos.logback.classic.Level"))
        .invoke(flinders, level);
  }

  private String logged() {
    System.out.flush();
    return log.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aForbiddenCall_quotingTheDevidAndSignature_leavesNoSecretAnywhere() {
    ptv.script(
        "/v3/disruptions",
        FakePtv.error(
            403, "devid " + FakePtv.DEVID + " and signature " + SIGNATURE + " are not allowed"));

    RunReport report = run(everyRun(PtvTimetable.disruptions(client())));

    ComponentResult result = result(report, "ptv-disruptions");
    assertThat(result.status()).isEqualTo(Status.FAILED);
    assertThat(result.error())
        .contains(
            "failed with HTTP 403: devid **** and signature **** are not allowed. A 403 from PTV"
                + " most often means");
    List<String> texts =
        List.of(
            result.error(),
            result.errorDetail().toString(),
            report.toText(),
            RunReportJson.toJson(report),
            store.component("ptv", "ptv-disruptions").orElseThrow().toString(),
            logged());
    for (String text : texts) {
      assertThat(text)
          .doesNotContain(FakePtv.DEVID)
          .doesNotContain(FakePtv.KEY)
          .doesNotContain(SIGNATURE);
    }
    assertThat(logged()).contains("/v3/disruptions?devid=****&signature=****"); // it was captured
  }

  /**
   * The key never goes on the wire; the signed request names it as a secret to mask
   * (HttpRequest.Builder.mask), so should PTV quote it, it is masked everywhere, the HTTP client's
   * own DEBUG line of the raw error included.
   */
  @Test
  void anErrorQuotingTheKey_hasItMaskedInTheExceptionTheReportTheHistoryAndTheLog() {
    ptv.script("/v3/disruptions", FakePtv.error(403, "key " + FakePtv.KEY + " is not allowed"));

    RunReport report = run(everyRun(PtvTimetable.disruptions(client())));

    ComponentResult result = result(report, "ptv-disruptions");
    assertThat(result.error()).contains("failed with HTTP 403: key **** is not allowed.");
    for (String text :
        List.of(
            result.error(),
            result.errorDetail().toString(),
            report.toText(),
            RunReportJson.toJson(report),
            store.component("ptv", "ptv-disruptions").orElseThrow().toString(),
            logged())) {
      assertThat(text).doesNotContain(FakePtv.KEY);
    }
    assertThat(logged())
        .as("the error body was logged, masked")
        .contains("key **** is not allowed");
    ptv.script("/v3/routes", FakePtv.error(403, "key " + FakePtv.KEY + " is not allowed"));
    PtvException thrown =
        (PtvException)
            failureOf(
                context ->
                    dev.flinders.orchestration.Outcome.records(
                        client().routes(context.http(), List.of()).size()));
    assertThat(thrown.ptvMessage()).isEqualTo("key **** is not allowed");
    assertThat(List.of(thrown.getMessage(), thrown.errorText(), thrown.errorBody()))
        .allSatisfy(text -> assertThat(text).doesNotContain(FakePtv.KEY));
  }

  @Test
  void aSuccessfulRun_logsAndReportsNoSecretEither() {
    RunReport report = run(everyRun(PtvTimetable.stops(client())));

    assertThat(report.status("ptv-stops")).isEqualTo(Status.SUCCEEDED);
    for (String text : List.of(report.toText(), RunReportJson.toJson(report), logged())) {
      assertThat(text).doesNotContain(FakePtv.DEVID).doesNotContain(FakePtv.KEY);
    }
    assertThat(logged()).contains("/v3/stops/route/2/route_type/0?devid=****&signature=****");
    assertThat(ptv.targets()).allMatch(target -> target.contains("devid=" + FakePtv.DEVID));
  }
}

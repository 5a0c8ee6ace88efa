package dev.flinders.orchestration.ptv.timetable;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.flinders.orchestration.http.Http;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.ptv.JsonAnswer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz test of the client's reading of PTV's answers: the body of {@code /v3/disruptions}, {@code
 * /v3/routes} and {@code /v3/stops/…} comes from the fuzzer. Each must be read, or refused with a
 * {@link PtvResponseException} (or its {@link PtvOutageException}) that names the endpoint and the
 * URL with its secrets masked; anything else is a bug. Regression inputs in {@code
 * src/test/resources/.../PtvResponseFuzzTestInputs/<method>/}; to fuzz:
 *
 * <pre>{@code
 * JAZZER_FUZZ=1 mvn test -pl orchestration-ptv-sources -Dtest='PtvResponseFuzzTest#disruptions' \
 *   -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Djazzer.instrumentation_excludes=dev.flinders.orchestration.ptv.timetable.PtvDisruption
 * }</pre>
 *
 * <p>The exclusion works around a Jazzer 0.24.0 bug: in fuzzing mode (not in the regression runs of
 * {@code mvn verify}) its data-flow instrumentation corrupts {@link PtvDisruption}'s constructor,
 * which then throws {@code NoSuchFieldError: modeGroup} for every input (fixed upstream by "fix:
 * properly instrument nested records", CodeIntelligenceTesting/jazzer#1009). {@code routes} and
 * {@code stops} need no exclusion.
 */
class PtvResponseFuzzTest {
  private static final PtvClient CLIENT =
      PtvClient.builder(Secret.of(FakePtv.DEVID), Secret.of(FakePtv.KEY))
          .baseUrl("https://ptv.test")
          .build();

  @FuzzTest(maxDuration = "5m")
  @Timeout(value = 6, unit = TimeUnit.MINUTES) // fuzzing outlasts the module's 60 s default
  void disruptions(byte[] input) {
    List<PtvDisruption> read =
        readOrRefused(input, http -> CLIENT.disruptions(http, List.of(), null), "/v3/disruptions");
    if (read != null) {
      read.forEach(disruption -> assertThat(disruption.modeGroup()).isNotNull());
    }
  }

  @FuzzTest(maxDuration = "5m")
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void routes(byte[] input) {
    readOrRefused(input, http -> CLIENT.routes(http, List.of()), "/v3/routes");
  }

  @FuzzTest(maxDuration = "5m")
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void stops(byte[] input) {
    readOrRefused(input, http -> CLIENT.stopsOnRoute(http, 2, 0), "/v3/stops/route/2/route_type/0");
  }

  /** What {@code call} read from an answer of {@code input}, or null when it was refused. */
  private static <T> T readOrRefused(byte[] input, Function<Http, T> call, String endpoint) {
    try {
      return call.apply(new FixedAnswer(input));
    } catch (PtvResponseException refused) {
      assertThat(refused.url()).startsWith("https://ptv.test" + endpoint);
      assertThat(refused.getMessage())
          .startsWith("PTV Timetable API GET " + endpoint + " answered ")
          .doesNotContain(FakePtv.DEVID)
          .doesNotContain(FakePtv.KEY);
      return null;
    }
  }

  /** Answers the request with the input, as JSON with status 200. */
  private static final class FixedAnswer implements Http {
    private final byte[] body;

    FixedAnswer(byte[] body) {
      this.body = body;
    }

    @Override
    public HttpResponse send(HttpRequest request) {
      return new JsonAnswer(request.url(), body);
    }
  }
}

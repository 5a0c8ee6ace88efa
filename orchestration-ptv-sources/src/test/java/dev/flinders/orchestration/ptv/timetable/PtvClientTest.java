package dev.flinders.orchestration.ptv.timetable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.http.Secret;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** The client against the fake PTV: answers read, errors explained. */
class PtvClientTest extends PtvTestSupport {
  /** Every mode group PTV's answers have been seen with. */
  private static final List<String> GROUPS =
      List.of(
          "general",
          "metro_train",
          "metro_tram",
          "metro_bus",
          "regional_train",
          "regional_coach",
          "regional_bus",
          "school_bus",
          "telebus",
          "night_bus",
          "ferry",
          "interstate_train",
          "skybus",
          "taxi");

  private <T> T read(Function<ComponentContext, T> call) {
    AtomicReference<T> result = new AtomicReference<>();
    RunReport report =
        run(
            everyRun(
                Component.builder("read")
                    .task(
                        context -> {
                          result.set(call.apply(context));
                          return Outcome.success();
                        })));
    assertThat(report.status("read")).as(report.toText()).isEqualTo(Status.SUCCEEDED);
    return result.get();
  }

  private List<PtvDisruption> disruptions() {
    return read(context -> client().disruptions(context.http(), List.of(), null));
  }

  @Test
  void theDisruptions_areReadWithTheirGroupsRoutesAndStops_unknownFieldsIgnored() {
    List<PtvDisruption> disruptions = disruptions();

    assertThat(disruptions)
        .extracting(PtvDisruption::modeGroup, PtvDisruption::disruptionId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("general", 310001L),
            org.assertj.core.groups.Tuple.tuple("metro_train", 310120L),
            org.assertj.core.groups.Tuple.tuple("metro_train", 310155L),
            org.assertj.core.groups.Tuple.tuple("metro_tram", 310177L),
            org.assertj.core.groups.Tuple.tuple("metro_bus", 310190L));
    PtvDisruption belgrave = disruptions.get(1);
    assertThat(belgrave)
        .isEqualTo(
            new PtvDisruption(
                "metro_train",
                310120L,
                "Belgrave line: buses replace trains between Ringwood and Belgrave",
                "http://ptv.vic.gov.au/live-travel-updates/article/belgrave-line-buses-replace-trains",
                "Buses replace trains between Ringwood and Belgrave from 8.30pm to the last service"
                    + " each night, due to works.",
                "Current",
                "Planned Works",
                Instant.parse("2026-11-20T05:00:12Z"),
                Instant.parse("2026-11-30T22:41:09Z"),
                Instant.parse("2026-11-30T09:30:00Z"),
                Instant.parse("2026-12-03T16:00:00Z"),
                "#ffd500",
                true,
                true,
                List.of(
                    new PtvDisruptionRoute(0, 2, "Belgrave", "", "2-BEL", null, null, null, null)),
                List.of(
                    new PtvDisruptionStop(1018, "Belgrave "),
                    new PtvDisruptionStop(1200, "Upwey "),
                    new PtvDisruptionStop(1163, "Ringwood "))));
    assertThat(disruptions.get(2).toDate()).isNull(); // "to_date": null, not known yet
    assertThat(disruptions.get(3).routes().get(0))
        .isEqualTo(
            new PtvDisruptionRoute(
                1,
                722,
                "Box Hill - Port Melbourne",
                "109",
                "3-109",
                4,
                "Box Hill",
                72201,
                "07:42:00"));
    assertThat(disruptions.get(4).routes().get(0).directionId()).isNull(); // no "direction" at all
    assertThat(ptv.calls()).containsExactly("/v3/disruptions");
  }

  @Test
  void everyModeGroup_isRead_andAMissingFieldIsNull() {
    StringBuilder body = new StringBuilder("{\"disruptions\": {");
    for (int i = 0; i < GROUPS.size(); i++) {
      body.append(i == 0 ? "" : ", ")
          .append('"')
          .append(GROUPS.get(i))
          .append("\": [{\"disruption_id\": ")
          .append(400 + i)
          .append("}]");
    }
    body.append(", \"a_mode_added_later\": [{\"disruption_id\": 499, \"title\": \"new\"}]");
    body.append(", \"empty\": null}, \"status\": {\"version\": \"3.0\", \"health\": 1}}");
    ptv.disruptions = body.toString();

    List<PtvDisruption> disruptions = disruptions();

    assertThat(disruptions).extracting(PtvDisruption::modeGroup).containsSubsequence(GROUPS);
    assertThat(disruptions).hasSize(GROUPS.size() + 1);
    assertThat(disruptions.get(GROUPS.size()).modeGroup()).isEqualTo("a_mode_added_later");
    PtvDisruption taxi = disruptions.get(GROUPS.indexOf("taxi"));
    assertThat(taxi.disruptionId()).isEqualTo(413L);
    assertThat(taxi.title()).isNull();
    assertThat(taxi.fromDate()).isNull();
    assertThat(taxi.displayOnBoard()).isNull();
    assertThat(taxi.routes()).isEmpty();
  }

  @Test
  void theQuery_carriesRouteTypesAndStatus() {
    read(context -> client().disruptions(context.http(), List.of(0, 1), DisruptionStatus.PLANNED));
    read(context -> client().routes(context.http(), List.of(3)));

    assertThat(ptv.calls())
        .containsExactly(
            "/v3/disruptions?route_types=0&route_types=1&disruption_status=planned",
            "/v3/routes?route_types=3");
  }

  @Test
  void routesAndStops_areRead() {
    List<PtvRoute> routes = read(context -> client().routes(context.http(), List.of()));
    List<PtvStop> stops = read(context -> client().stopsOnRoute(context.http(), 722, 1));

    assertThat(routes).hasSize(4);
    assertThat(routes.get(2))
        .isEqualTo(
            new PtvRoute(
                1,
                722,
                "Box Hill - Port Melbourne",
                "109",
                "3-109",
                "Good Service",
                Instant.parse("2026-12-01T21:00:04.1234567Z")));
    assertThat(routes.get(3).serviceStatus()).isNull(); // no route_service_status
    assertThat(stops)
        .containsExactly(
            new PtvStop(
                1,
                2553,
                "Box Hill Central/Whitehorse Rd #70",
                "Box Hill",
                -37.8183,
                145.1218,
                0,
                "Box Hill Central"),
            new PtvStop(
                1,
                2950,
                "Port Melbourne/Beach St #129",
                "Port Melbourne",
                -37.8415,
                144.9398,
                0,
                null));
  }

  @Test
  void a400_isExplained_withPtvsMessage_andNotRetried() {
    Throwable thrown =
        failureOf(
            context -> Outcome.records(client().stopsOnRoute(context.http(), 99999, 0).size()));

    assertThat(thrown)
        .isInstanceOf(PtvException.class)
        .hasMessageStartingWith(
            "PTV Timetable API GET /v3/stops/route/99999/route_type/0 failed with HTTP 400:"
                + " Invalid route_id and route_type combination. PTV refused the request itself"
                + " (an unknown route id or route type, a bad parameter): fix the request; it is"
                + " not retried [GET http://");
    PtvException failure = (PtvException) thrown;
    assertThat(failure.status()).isEqualTo(400);
    assertThat(failure.isRetryable()).isFalse();
    assertThat(failure.endpoint()).isEqualTo("/v3/stops/route/99999/route_type/0");
    assertThat(failure.ptvMessage()).isEqualTo("Invalid route_id and route_type combination");
    assertThat(failure.getMessage()).endsWith("?devid=****&signature=****]");
  }

  @Test
  void aBadKey_getsPtvs403_explainedWithTheCredentialsToCheck() {
    PtvClient wrongKey =
        PtvClient.builder(Secret.of(FakePtv.DEVID), Secret.of("0b8e-not-the-key"))
            .baseUrl(baseUrl())
            .build();

    Throwable thrown =
        failureOf(context -> Outcome.records(wrongKey.routes(context.http(), List.of()).size()));

    assertThat(ptv.refused()).containsExactly("Signature does not match");
    assertThat(thrown)
        .isInstanceOf(PtvException.class)
        .hasMessageStartingWith(
            "PTV Timetable API GET /v3/routes failed with HTTP 403: Forbidden (403): Signature"
                + " does not match. A 403 from PTV most often means that the signature, the"
                + " developer id or the API key is wrong: check that the developer id and key"
                + " given to PtvClient.builder hold the developer id and the API key (the GUID)"
                + " from PTV's email, unquoted and not swapped, and that no proxy rewrites the URL,"
                + " since the signature covers its path and query exactly as sent [GET http://");
    assertThat(thrown.getMessage())
        .doesNotContain(FakePtv.DEVID)
        .doesNotContain("0b8e-not-the-key")
        .endsWith("/v3/routes?devid=****&signature=****]");
  }

  @Test
  void a404_pointsAtTheBaseUrl_andA503_isRetryable() {
    ptv.prefix = "/ptv-proxy"; // the client below leaves the proxy's prefix out

    Throwable notFound =
        failureOf(context -> Outcome.records(client().routes(context.http(), List.of()).size()));

    assertThat(notFound)
        .isInstanceOf(PtvException.class)
        .hasMessageStartingWith(
            "PTV Timetable API GET /v3/routes failed with HTTP 404: No HTTP resource was found that"
                + " matches the request URI. Check that the base URL is PTV's API"
                + " (https://timetableapi.ptv.vic.gov.au, or a proxy that forwards paths from /v3"
                + " on unchanged) [GET http://");
    assertThat(((PtvException) notFound).isRetryable()).isFalse();

    ptv.prefix = "";
    ptv.script(
        "/v3/routes",
        new MockResponse.Builder()
            .code(503)
            .addHeader("Retry-After", "30")
            .body("<html>Service Unavailable</html>")
            .build());
    PtvException unavailable =
        (PtvException)
            failureOf(
                context -> Outcome.records(client().routes(context.http(), List.of()).size()));

    assertThat(unavailable.isRetryable()).isTrue();
    assertThat(unavailable.retryAfter()).contains(java.time.Duration.ofSeconds(30));
    assertThat(unavailable.ptvMessage()).isEqualTo("<html>Service Unavailable</html>");
    assertThat(unavailable)
        .hasMessageStartingWith(
            "PTV Timetable API GET /v3/routes failed with HTTP 503: <html>Service"
                + " Unavailable</html>. PTV or the network is struggling: the retry policy tries"
                + " again [GET http://");
  }

  @Test
  void healthZero_isAnOutage_notAnEmptyAnswer() {
    ptv.disruptions =
        "{\"disruptions\": {\"general\": [], \"metro_train\": []},"
            + " \"status\": {\"version\": \"3.0\", \"health\": 0}}";

    Throwable thrown =
        failureOf(
            context ->
                Outcome.records(client().disruptions(context.http(), List.of(), null).size()));

    assertThat(thrown)
        .isInstanceOf(PtvOutageException.class)
        .hasMessageStartingWith(
            "PTV Timetable API GET /v3/disruptions answered with status.health 0: PTV reports its"
                + " API offline, so the answer is not trusted and nothing is kept; the previous"
                + " datasets stay, and the retry policy or the next run asks again [GET http://");
  }

  private Throwable disruptionsFailure(String body) {
    ptv.disruptions = body;
    return failureOf(
        context -> Outcome.records(client().disruptions(context.http(), List.of(), null).size()));
  }

  private static String answered(String what) {
    return "PTV Timetable API GET /v3/disruptions answered "
        + what
        + "; nothing from this answer is kept and the next attempt asks again (if it persists,"
        + " PTV changed the shape of its answers: see docs/sources/ptv-timetable.md) [GET http://";
  }

  @Test
  void malformedAnswers_areRefused_sayingWhatWasWrongAndWhere() {
    assertThat(disruptionsFailure("{\"disruptions\": {\"general\": [{\"disruption_id\": 1"))
        .isInstanceOf(PtvResponseException.class)
        .hasMessageStartingWith(
            answered(
                "malformed JSON: Unexpected end-of-input: expected close marker for Object (start"
                    + " marker at [line: 1, column: 30]) (at line 1, column 49)"));
    assertThat(disruptionsFailure("{\"disruptions\": {}} {\"more\": 1}"))
        .hasMessageContaining("answered malformed JSON: Trailing token");
    assertThat(disruptionsFailure("{\"disruptions\": {}, \"disruptions\": {}}"))
        .hasMessageContaining("answered malformed JSON: Duplicate field 'disruptions'");
    assertThat(disruptionsFailure(""))
        .hasMessageStartingWith(answered("an empty body where a JSON object was expected"));
    assertThat(disruptionsFailure("[1, 2]"))
        .hasMessageStartingWith(answered("JSON [1,2] where a JSON object was expected"));
    assertThat(disruptionsFailure("{\"status\": {\"health\": 1}}"))
        .hasMessageStartingWith(
            answered("an object without \"disruptions\", its disruptions by mode group"));
    assertThat(disruptionsFailure("{\"disruptions\": [1, 2, 3, 4, 5, 6, 7, 8, 9]}"))
        .hasMessageStartingWith(
            answered("\"disruptions\": an array of 9 elements, not an object of mode groups"));
    assertThat(disruptionsFailure("{\"disruptions\": [1]}"))
        .hasMessageStartingWith(answered("\"disruptions\": [1], not an object of mode groups"));
    assertThat(disruptionsFailure("{\"disruptions\": {\"metro_train\": {\"a\": 1}}}"))
        .hasMessageStartingWith(
            answered("mode group \"metro_train\" as {\"a\":1}, not an array of disruptions"));
    assertThat(disruptionsFailure("{\"disruptions\": {\"metro_train\": [{}, 7]}}"))
        .hasMessageStartingWith(answered("metro_train[1] as 7, not an object"));
    assertThat(
            disruptionsFailure(
                "{\"disruptions\": {\"metro_tram\": [{\"disruption_id\": 5, \"from_date\":"
                    + " \"soon\"}]}}"))
        .hasMessageStartingWith(
            answered(
                "metro_tram[0] with \"from_date\": \"soon\", not an ISO 8601 time such as"
                    + " \"2026-12-02T07:30:00Z\""));
    assertThat(
            disruptionsFailure("{\"disruptions\": {\"general\": [{\"disruption_id\": \"x1\"}]}}"))
        .hasMessageStartingWith(
            answered("general[0] with \"disruption_id\": \"x1\", not a whole number"));
    assertThat(
            disruptionsFailure(
                "{\"disruptions\": {\"general\": [{\"routes\": [{\"route_id\": 3000000000}]}]}}"))
        .hasMessageStartingWith(
            answered(
                "general[0].routes[0] with \"route_id\": 3000000000, not a 32-bit whole number"));
    assertThat(
            disruptionsFailure("{\"disruptions\": {\"general\": [{\"stops\": {\"stop_id\": 1}}]}}"))
        .hasMessageStartingWith(
            answered("general[0] with \"stops\": {\"stop_id\":1}, not an array"));
    assertThat(
            disruptionsFailure(
                "{\"disruptions\": {\"general\": [{\"title\": {\"text\": \"nested\"}}]}}"))
        .hasMessageStartingWith(
            answered("general[0] with \"title\": {\"text\":\"nested\"}, not text"));
  }

  @Test
  void aWebPageWhereJsonWasExpected_pointsAtTheBaseUrl() {
    ptv.script(
        "/v3/disruptions",
        new MockResponse.Builder()
            .addHeader("Content-Type", "text/html; charset=utf-8")
            .body("<html><body>Gateway login</body></html>")
            .build());

    assertThat(
            failureOf(
                context ->
                    Outcome.records(client().disruptions(context.http(), List.of(), null).size())))
        .isInstanceOf(PtvResponseException.class)
        .hasMessageStartingWith(
            answered(
                "malformed JSON (Content-Type text/html; charset=utf-8: a proxy's or a portal's"
                    + " page? check the base URL): Unexpected character ('<' (code 60)): expected a"
                    + " valid value (JSON String, Number, Array, Object or token 'null', 'true' or"
                    + " 'false') (at line 1, column 1)"));
  }

  @Test
  void aProxyPrefix_isLeftOutOfTheSignature_asThePtvBehindItSeesNoPrefix() {
    ptv.prefix = "/ptv-proxy";
    PtvClient proxied =
        PtvClient.builder(Secret.of(FakePtv.DEVID), Secret.of(FakePtv.KEY))
            .baseUrl(server.url("/ptv-proxy").toString())
            .build();

    List<PtvRoute> routes = read(context -> proxied.routes(context.http(), List.of()));

    assertThat(routes).hasSize(4);
    assertThat(ptv.targets().get(0)).startsWith("/ptv-proxy/v3/routes?devid=3000123&signature=");
    assertThat(ptv.refused()).isEmpty();
  }
}

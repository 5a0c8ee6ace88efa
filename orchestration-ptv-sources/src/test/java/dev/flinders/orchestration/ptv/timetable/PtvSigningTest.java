package dev.flinders.orchestration.ptv.timetable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpStatusException;
import dev.flinders.orchestration.http.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Request signing: the design's test vector, the layout of a signed URL, random requests. */
class PtvSigningTest extends PtvTestSupport {
  private static final PtvClient PTV =
      PtvClient.builder(Secret.of(FakePtv.DEVID), Secret.of(FakePtv.KEY)).build();

  @Test
  void theSignature_matchesTheDesignsTestVector() {
    assertThat(
            PtvClient.signature(
                Secret.of("9c132d31-6a30-4cac-8d8b-8a1970834799"), "/v2/Add/to/me?devid=2"))
        .isEqualTo("A719D44E60D504F26F1D60EE942F5C386D5AF4D5");
  }

  @Test
  void sign_addsDevidThenTheSignatureOfThePathAndQuery_andMasksBoth() {
    HttpRequest signed =
        PTV.sign(
            HttpRequest.get(PTV.url("/v3/routes"))
                .query("route_types", "0")
                .query("route_name", "Box Hill & City")
                .build());

    String message = "/v3/routes?route_types=0&route_name=Box%20Hill%20%26%20City&devid=3000123";
    assertThat(signed.url(true))
        .isEqualTo(
            "https://timetableapi.ptv.vic.gov.au"
                + message
                + "&signature="
                + FakePtv.hmacSha1(FakePtv.KEY, message));
    assertThat(signed.url())
        .isEqualTo(
            "https://timetableapi.ptv.vic.gov.au/v3/routes?route_types=0"
                + "&route_name=Box%20Hill%20%26%20City&devid=****&signature=****");
    assertThat(signed.toString()).doesNotContain(FakePtv.DEVID).doesNotContain(FakePtv.KEY);
    assertThat(signed.secrets()).as("devid and signature sent, the key masked").hasSize(3);
    assertThat(PTV.toString())
        .isEqualTo(
            "PtvClient[https://timetableapi.ptv.vic.gov.au, devid and key from the developer id"
                + " and key given to PtvClient.builder]");
  }

  @Test
  void aProxysPrefix_isNotSigned() {
    PtvClient proxied =
        PtvClient.builder(Secret.of(FakePtv.DEVID), Secret.of(FakePtv.KEY))
            .baseUrl("https://proxy.example/ptv/")
            .build();

    HttpRequest signed = proxied.sign(HttpRequest.get(proxied.url("/v3/route_types")).build());

    assertThat(signed.url(true))
        .isEqualTo(
            "https://proxy.example/ptv/v3/route_types?devid=3000123&signature="
                + FakePtv.hmacSha1(FakePtv.KEY, "/v3/route_types?devid=3000123"));
  }

  /**
   * Random paths and queries (any text in the values, safe characters in the paths), random
   * developer ids and keys: the signature of each, recomputed here from the URL as the client would
   * send it, matches; and a sample sent through the orchestrator's HTTP client to the fake PTV,
   * which recomputes it from the raw request target, is accepted.
   */
  @Test
  void randomRequests_carryASignatureThatVerifies_offlineAndOnTheWire() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    List<HttpRequest> sample = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String devid = text(random, "0123456789ABCDEFabcdef-", random.nextInt(12)) + i; // unique
      String key = text(random, "0123456789abcdef-", 8 + random.nextInt(40));
      PtvClient client =
          PtvClient.builder(Secret.of(devid), Secret.of(key)).baseUrl(baseUrl()).build();
      ptv.register(devid, key);
      StringBuilder path = new StringBuilder("/v3");
      for (int s = random.nextInt(4); s >= 0; s--) {
        String segment = text(random, PATH_CHARACTERS, 1 + random.nextInt(10));
        path.append('/').append(segment.matches("\\.+") ? "x" + segment : segment);
      }
      HttpRequest.Builder request = HttpRequest.get(client.url(path.toString()));
      for (int q = random.nextInt(4); q > 0; q--) {
        request.query(
            text(random, ANY, 1 + random.nextInt(6)), text(random, ANY, random.nextInt(12)));
      }
      HttpRequest signed = client.sign(request.build());

      String url = signed.url(true);
      int at = url.lastIndexOf("&signature=");
      String message = url.substring(baseUrl().length() - 1, at);
      assertThat(url.substring(at + "&signature=".length()))
          .as("seed %d, %s", seed, signed)
          .isEqualTo(FakePtv.hmacSha1(key, message));
      assertThat(message).as("seed %d", seed).endsWith("devid=" + encode(devid));
      if (i % 10 == 0) {
        sample.add(signed);
      }
    }

    var report =
        run(
            everyRun(
                dev.flinders.orchestration.Component.builder("random")
                    .task(
                        context -> {
                          for (HttpRequest request : sample) {
                            try {
                              context.http().send(request).close();
                            } catch (HttpStatusException e) {
                              assertThat(e.status()).as("seed %d", seed).isEqualTo(404);
                            }
                          }
                          return Outcome.success();
                        })));

    assertThat(report.status("random")).as(report.toText()).isEqualTo(Status.SUCCEEDED);
    assertThat(ptv.targets()).hasSize(sample.size());
    assertThat(ptv.refused()).as("seed %d", seed).isEmpty();
  }

  @Test
  void aUrlThatHttpClientsWouldRewrite_isRefusedBeforeSigning() {
    assertThatThrownBy(() -> PTV.sign(HttpRequest.get(PTV.url("/v3/search/Café")).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "https://timetableapi.ptv.vic.gov.au/v3/search/Café holds U+00E9 at index 14 of its"
                + " path and query, which HTTP clients encode before sending, so its signature"
                + " would not match what PTV receives: add values with"
                + " HttpRequest.Builder.query(name, value), which encodes them");
    assertThatThrownBy(
            () -> PTV.sign(HttpRequest.get(PTV.url("/v3/routes?route_name=O'Brien")).build()))
        .hasMessageContaining("holds U+0027 at index 23");
    assertThatThrownBy(() -> PTV.sign(HttpRequest.get(PTV.url("/v3/./routes")).build()))
        .hasMessage(
            "the path of https://timetableapi.ptv.vic.gov.au/v3/./routes has a \".\" segment,"
                + " which HTTP clients resolve before sending, so its signature would not match:"
                + " give the path without it");
    assertThatThrownBy(() -> PTV.sign(HttpRequest.get(PTV.url("/v3/%2E%2e/routes")).build()))
        .hasMessageContaining("has a \"%2E%2e\" segment");
    assertThat(PTV.sign(HttpRequest.get(PTV.url("/v3/search/100%25")).build()).url())
        .isEqualTo(
            "https://timetableapi.ptv.vic.gov.au/v3/search/100%25?devid=****&signature=****");
  }

  @Test
  void requestsTheClientCannotSign_areRefusedWithTheFix() {
    assertThatThrownBy(() -> PTV.sign(HttpRequest.get("https://example.org/v3/routes").build()))
        .hasMessage(
            "https://example.org/v3/routes is not a URL of this client's base URL"
                + " https://timetableapi.ptv.vic.gov.au: build it with PtvClient.url(path)");
    assertThatThrownBy(
            () ->
                PTV.sign(
                    HttpRequest.get(PTV.url("/v3/routes")).query("devid", Secret.of("1")).build()))
        .hasMessage(
            "GET https://timetableapi.ptv.vic.gov.au/v3/routes?devid=**** already has a \"devid\""
                + " parameter: leave devid and signature to PtvClient.sign, which adds both");
    assertThatThrownBy(() -> PTV.sign(HttpRequest.head(PTV.url("/v3/routes")).build()))
        .hasMessage(
            "PTV's API is read with GET, not HEAD: https://timetableapi.ptv.vic.gov.au/v3/routes");
    assertThatThrownBy(() -> PTV.url("v3/routes"))
        .hasMessage("a PTV API path starts with /, e.g. /v3/disruptions; it was \"v3/routes\"");
  }

  @Test
  void badConfiguration_isRefusedWithTheFix() {
    PtvClient.Builder builder = PtvClient.builder(Secret.of("1"), Secret.of("k"));
    assertThatThrownBy(() -> builder.baseUrl("timetableapi.ptv.vic.gov.au"))
        .hasMessage(
            "the PTV base URL must start with http:// or https://: timetableapi.ptv.vic.gov.au");
    assertThatThrownBy(() -> builder.baseUrl("https://timetableapi.ptv.vic.gov.au/v3/"))
        .hasMessage(
            "the PTV base URL ends in /v3, but the paths start with /v3: use"
                + " https://timetableapi.ptv.vic.gov.au (e.g. https://timetableapi.ptv.vic.gov.au)");
    assertThatThrownBy(() -> builder.baseUrl("https://proxy.example/ptv?token=1"))
        .hasMessage(
            "the PTV base URL must not have a query or fragment: https://proxy.example/ptv?token=1");
  }

  @Test
  void missingEnvironmentVariables_areNamed_withHowToGetAKey() {
    assertThatThrownBy(
            () ->
                PtvClient.builderFromEnvironment(
                    "FLINDERS_TEST_UNSET_PTV_DEVID", "FLINDERS_TEST_UNSET_PTV_API_KEY"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the PTV Timetable API needs a developer id and an API key, but environment variables"
                + " FLINDERS_TEST_UNSET_PTV_DEVID and FLINDERS_TEST_UNSET_PTV_API_KEY are not set."
                + " PTV sends both by email: write to APIKeyRequest@ptv.vic.gov.au with the subject"
                + " \"PTV Timetable API - request for key\", then set FLINDERS_TEST_UNSET_PTV_DEVID"
                + " to the developer id and FLINDERS_TEST_UNSET_PTV_API_KEY to the key (see"
                + " docs/sources/ptv-timetable.md)");
  }

  private static final String PATH_CHARACTERS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&()*+,;=:@";

  /** Letters, digits, URL delimiters, spaces, quotes, percent signs, accents, CJK, an emoji. */
  private static final String ANY = "aZ09 -._~!$&'()*+,;=:@/?#[]%\"<>\\^`{|}éü中文\uD83D\uDE8B";

  private static String text(Random random, String alphabet, int length) {
    int[] codePoints = alphabet.codePoints().toArray();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
    }
    return text.toString();
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}

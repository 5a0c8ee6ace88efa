package dev.flinders.orchestration.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpRequestTest {
  @Test
  void aMaskedSecret_isNotSent_butMaskedLikeTheOthers() {
    Secret key = Secret.of("k3y-never-sent");
    HttpRequest request =
        HttpRequest.get("https://example.org/v3/x")
            .query("signature", Secret.of("SIG"))
            .mask(key)
            .build();

    assertThat(request.url(true)).isEqualTo("https://example.org/v3/x?signature=SIG");
    assertThat(request.headers()).isEmpty();
    assertThat(request.secrets()).containsExactly(key, request.query().get(0).secret());
    assertThat(request.mask("the server said: key k3y-never-sent, signature SIG"))
        .isEqualTo("the server said: key ****, signature ****");
    assertThat(request.toBuilder().build().secrets()).as("kept by toBuilder").contains(key);
  }

  private static final Secret KEY = Secret.of("s3cr3t key/+");

  @Test
  void theUrl_carriesEncodedParameters_andShowsSecretsMasked() {
    HttpRequest request =
        HttpRequest.get("https://example.org/api?existing=1")
            .query("q", "bus & tram")
            .query("key", KEY)
            .header("KeyId", KEY)
            .build();

    assertThat(request.url())
        .isEqualTo("https://example.org/api?existing=1&q=bus%20%26%20tram&key=****");
    assertThat(request.url(true))
        .isEqualTo("https://example.org/api?existing=1&q=bus%20%26%20tram&key=s3cr3t%20key%2F%2B");
    assertThat(request.toString()).isEqualTo("GET " + request.url());
    assertThat(request.headers().get(0).toString()).isEqualTo("KeyId=****");
    assertThat(request.secrets()).containsExactly(KEY, KEY);
    assertThat(request.mask("rejected s3cr3t key/+")).isEqualTo("rejected ****");
    assertThat(request.mask("GET " + request.url(true) + " failed; key=s3cr3t+key%2F%2B"))
        .isEqualTo("GET " + request.url() + " failed; key=****");
    assertThat(request.maxBodyBytes()).isEqualTo(-1);
  }

  @Test
  void onlyAbsoluteHttpUrlsAreAccepted_andTheErrorDoesNotQuoteTheQuery() {
    assertThatThrownBy(() -> HttpRequest.get("ftp://example.org/file"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an absolute http or https URL: ftp://example.org/file");
    assertThatThrownBy(() -> HttpRequest.head("/relative?key=abc"))
        .hasMessage("not an absolute http or https URL: /relative?…");
    assertThatThrownBy(() -> HttpRequest.get("https://exa mple.org"))
        .hasMessageStartingWith("not a valid URL: ");
    assertThatThrownBy(() -> HttpRequest.get("https://example.org").maxBodyBytes(-2))
        .hasMessage("maxBodyBytes must not be negative, was -2");
  }

  @Test
  void secretsHideTheirValue() {
    assertThat(KEY.toString()).isEqualTo("****");
    assertThat(KEY.reveal()).isEqualTo("s3cr3t key/+");
    assertThatThrownBy(() -> Secret.of("")).hasMessage("the secret must not be empty or blank");
    assertThatThrownBy(() -> Secret.fromEnvironment("FLINDERS_TEST_SURELY_UNSET_VARIABLE"))
        .hasMessage(
            "environment variable FLINDERS_TEST_SURELY_UNSET_VARIABLE is not set; it must hold the"
                + " secret");
  }

  @Test
  void whitespaceAroundASecretIsRemoved_controlCharactersInsideAreRefused_withoutTheValue() {
    assertThat(Secret.of("  abc-123\r\n").reveal()).isEqualTo("abc-123");
    assertThatThrownBy(() -> Secret.of(" \n")).hasMessage("the secret must not be empty or blank");
    assertThatThrownBy(() -> Secret.of("abc\n123"))
        .hasMessage(
            "the secret holds a control character (U+000A) at index 3 of 7; a credential is one"
                + " line of printable characters: check how it was read")
        .hasMessageNotContaining("abc");
  }

  @Test
  void headersThatHttpCannotCarry_areRefusedWhenBuilt_namingTheHeaderButNotTheSecret() {
    HttpRequest.Builder builder = HttpRequest.get("https://example.org/api");

    assertThatThrownBy(() -> builder.header("X-Api-Key", Secret.of("clé-0123456789")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "header X-Api-Key: the secret holds a character header values do not allow (U+00E9 at"
                + " index 2 of 14); values are printable ASCII: check the key")
        .hasMessageNotContaining("0123456789");
    assertThatThrownBy(() -> builder.header("Accept", "text/csv\r\nX-Injected: 1"))
        .hasMessage(
            "header Accept: the value \"text/csv\r\nX-Injected: 1\" holds a character header"
                + " values do not allow (U+000D at index 8 of 23); values are printable ASCII");
    assertThatThrownBy(() -> builder.header("Bad Name", "x"))
        .hasMessage(
            "header name \"Bad Name\" holds a character header names do not allow (U+0020 at index"
                + " 3)");
    assertThat(builder.header("Accept", "text/csv;\tq=1").build().headers()).hasSize(1);
  }

  @Test
  void clientErrorsAreNeverRetried_tooManyRequestsAndServerErrorsAre() {
    RetryPolicy policy = RetryPolicy.exponential(5, Duration.ofSeconds(1));

    assertThat(policy.isRetryable(status(404, null))).isFalse();
    assertThat(policy.isRetryable(status(400, null))).isFalse();
    assertThat(policy.isRetryable(status(429, null))).isTrue();
    assertThat(policy.isRetryable(status(500, null))).isTrue();
    assertThat(policy.isRetryable(status(503, null))).isTrue();
  }

  @Test
  void theRetryDelay_isAtLeastWhatTheServerAskedFor() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(3)
            .initialDelay(Duration.ofSeconds(4))
            .maxDelay(Duration.ofSeconds(30))
            .jitter(0)
            .build();

    assertThat(policy.delayAfter(1, 0.5, status(429, Duration.ofMinutes(2))))
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(policy.delayAfter(1, 0.5, status(503, Duration.ofSeconds(1))))
        .isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.delayAfter(2, 0.5, status(503, null))).isEqualTo(Duration.ofSeconds(8));
    assertThat(policy.delayAfter(1, 0.5, new IllegalStateException()))
        .isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void aStatusFailureSaysWhatWasCalledAndWhatCameBack() {
    HttpStatusException failure =
        new HttpStatusException(
            "GET", "https://example.org/x?key=****", 429, "slow down", Duration.ofSeconds(30));

    assertThat(failure)
        .hasMessage(
            "GET https://example.org/x?key=**** answered HTTP 429: slow down (Retry-After 30 s)");
    assertThat(failure.url()).isEqualTo("https://example.org/x?key=****");
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void usageReadsAsOneLine() {
    HttpUsage usage =
        new HttpUsage(
            3, 1, 12_600, Duration.ofMillis(340), Duration.ofMillis(200), Map.of(304, 1, 200, 2));

    assertThat(usage.toString())
        .isEqualTo("3 calls (2×200, 1×304), 1 failure, 12.3 KiB, 340.0ms, slowest 200.0ms");
    assertThat(new HttpUsage(1, 0, 15, Duration.ZERO, Duration.ZERO, Map.of(200, 1)).toString())
        .startsWith("1 call (1×200), 15 B, ");
  }

  private static HttpStatusException status(int status, Duration retryAfter) {
    return new HttpStatusException("GET", "https://example.org/", status, "", retryAfter);
  }
}

package dev.flinders.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void delays_growExponentially_fromTheInitialDelay() {
    RetryPolicy policy =
        RetryPolicy.builder().maxAttempts(5).initialDelay(Duration.ofSeconds(2)).jitter(0).build();

    assertThat(policy.delayAfter(1, 0.3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayAfter(2, 0.3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.delayAfter(3, 0.3)).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void delays_neverExceedTheCap_jitterIncluded_andStayWithinTheJitterBand() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      long seed = random.nextLong();
      Random values = new Random(seed);
      Duration initial = Duration.ofMillis(1 + values.nextInt(10_000));
      Duration cap = initial.multipliedBy(1 + values.nextInt(100));
      double jitter = values.nextDouble();
      double multiplier = 1 + values.nextDouble() * 4;
      RetryPolicy policy =
          RetryPolicy.builder()
              .maxAttempts(100)
              .initialDelay(initial)
              .maxDelay(cap)
              .jitter(jitter)
              .multiplier(multiplier)
              .build();
      int attempt = 1 + values.nextInt(60);
      double sample = values.nextDouble();

      Duration delay = policy.delayAfter(attempt, sample);

      assertThat(delay)
          .as("seed %d", seed)
          .isLessThanOrEqualTo(cap)
          .isGreaterThanOrEqualTo(Duration.ZERO);
      double plain =
          Math.min(initial.toNanos() * Math.pow(multiplier, attempt - 1), Double.MAX_VALUE);
      if (plain * (1 + jitter) <= cap.toNanos()) {
        assertThat((double) delay.toNanos())
            .as("seed %d", seed)
            .isBetween(plain * (1 - jitter) - 1, plain * (1 + jitter) + 1);
      }
    }
  }

  @Test
  void shouldRetry_followsRetryOnAndAbortOn_andTheAttemptLimit() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(3)
            .retryOn(IOException.class, UncheckedIOException.class)
            .abortOn(java.io.FileNotFoundException.class)
            .build();

    assertThat(policy.shouldRetry(1, new IOException("reset"))).isTrue();
    assertThat(policy.shouldRetry(3, new IOException("reset"))).as("attempts used up").isFalse();
    assertThat(policy.shouldRetry(1, new java.io.FileNotFoundException("gone")))
        .as("abortOn wins")
        .isFalse();
    assertThat(policy.shouldRetry(1, new IllegalStateException())).as("not listed").isFalse();
    assertThat(policy.shouldRetry(1, new OutOfMemoryError())).as("errors never").isFalse();
    assertThat(
            RetryPolicy.exponential(3, Duration.ofSeconds(1))
                .shouldRetry(1, new IllegalStateException()))
        .as("default: any exception")
        .isTrue();
    assertThat(
            RetryPolicy.builder()
                .retryIf(e -> e.getMessage().contains("503"))
                .build()
                .isRetryable(new IOException("HTTP 503")))
        .isTrue();
    assertThat(RetryPolicy.none().shouldRetry(1, new IOException())).isFalse();
  }

  @Test
  void badSettings_areRejectedAtOnce_namingTheValue() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .hasMessage("maxAttempts must be at least 1, was 0");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5))
        .hasMessage("jitter must be between 0 and 1, was 1.5");
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5))
        .hasMessage("multiplier must be at least 1, was 0.5");
    assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ofSeconds(-1)))
        .hasMessage("initialDelay must not be negative, was -1s");
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .initialDelay(Duration.ofMinutes(10))
                    .maxDelay(Duration.ofMinutes(1))
                    .build())
        .hasMessage("maxDelay (1m) must not be shorter than initialDelay (10m)");
    assertThatThrownBy(() -> RetryPolicy.none().delayAfter(0, 0.5))
        .hasMessage("attempt must be at least 1, was 0");
    assertThatThrownBy(() -> RetryPolicy.none().delayAfter(1, 1.0))
        .hasMessage("random must be in [0, 1), was 1.0");
  }

  @Test
  void toString_describesThePolicy() {
    assertThat(RetryPolicy.exponential(3, Duration.ofSeconds(2)).toString())
        .isEqualTo("3 attempts, backoff 2s x2.0 up to 5m, jitter 10%");
    assertThat(RetryPolicy.none().toString()).isEqualTo("no retry");
  }
}

package dev.flinders.orchestration.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuotaPolicyTest {
  private static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  @Test
  void aPolicyDescribesItsLimits() {
    QuotaPolicy policy =
        QuotaPolicy.builder("ptv-gtfsr")
            .rateLimit(24, Duration.ofSeconds(60))
            .dailyBudget(1_000, MELBOURNE, 0.2)
            .build();

    assertThat(policy.toString())
        .isEqualTo(
            "ptv-gtfsr: 24 calls per 1m, 1000 calls a day (Australia/Melbourne), 20 % reserved for"
                + " priority");
    assertThat(policy.dailyBudget().orElseThrow().normalCalls()).isEqualTo(800);
    assertThat(policy.alertAt()).isEqualTo(0.8);
    assertThat(QuotaPolicy.builder("free").build().toString()).isEqualTo("free: no limits");
  }

  @Test
  void badLimits_areRefusedWithWhatWasWrong() {
    assertThatThrownBy(() -> QuotaPolicy.builder("ptv gtfsr"))
        .hasMessageStartingWith("provider name \"ptv gtfsr\" is not valid");
    QuotaPolicy.Builder builder = QuotaPolicy.builder("ptv");
    assertThatThrownBy(() -> builder.rateLimit(0, Duration.ofSeconds(1)))
        .hasMessage("a rate limit allows at least 1 call, was 0");
    assertThatThrownBy(() -> builder.rateLimit(5, Duration.ZERO))
        .hasMessage("a rate limit's window must be positive, was 0s");
    assertThatThrownBy(() -> builder.dailyBudget(0, MELBOURNE))
        .hasMessage("a daily budget allows at least 1 call, was 0");
    assertThatThrownBy(() -> builder.dailyBudget(10, MELBOURNE, 1))
        .hasMessage("the reserved share must be at least 0 and below 1, was 1.0");
    assertThatThrownBy(() -> builder.alertAt(0))
        .hasMessage("alertAt must be above 0 and at most 1, was 0.0");
  }
}

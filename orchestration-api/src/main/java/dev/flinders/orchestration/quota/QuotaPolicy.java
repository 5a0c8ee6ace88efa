package dev.flinders.orchestration.quota;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The limits of one API provider, shared by every component and request that names it. Register it
 * with {@code Orchestrator.builder(...).quota(policy)}; name it with {@code
 * Component.Builder.quota("ptv-gtfsr")} or {@code HttpRequest.Builder.quota(...)}.
 *
 * <pre>{@code
 * QuotaPolicy gtfsr = QuotaPolicy.builder("ptv-gtfsr")
 *     .rateLimit(24, Duration.ofSeconds(60))
 *     .dailyBudget(1_000, ZoneId.of("Australia/Melbourne"), 0.2)
 *     .alertAt(0.8)
 *     .build();
 * }</pre>
 *
 * <p>A call waits for a rate-limit permit within its component's deadline; a call that cannot get
 * one in time, or finds the day's budget used, is not sent and the component ends {@code SKIPPED}
 * with reason {@code QUOTA_EXHAUSTED}. Immutable.
 */
public final class QuotaPolicy {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final String provider;
  private final List<RateLimit> rateLimits;
  private final @Nullable DailyBudget dailyBudget;
  private final double alertAt;

  private QuotaPolicy(Builder builder) {
    this.provider = builder.provider;
    this.rateLimits = List.copyOf(builder.rateLimits);
    this.dailyBudget = builder.dailyBudget;
    this.alertAt = builder.alertAt;
  }

  /**
   * Starts the policy of {@code provider}: letters, digits, '.', '_' and '-', up to 100.
   *
   * @throws IllegalArgumentException if the name is not valid
   */
  public static Builder builder(String provider) {
    Objects.requireNonNull(provider, "provider");
    if (!NAME.matcher(provider).matches()) {
      throw new IllegalArgumentException(
          "provider name \""
              + provider
              + "\" is not valid: use up to 100 letters, digits, '.', '_' or '-', starting with a"
              + " letter or digit");
    }
    return new Builder(provider);
  }

  public String provider() {
    return provider;
  }

  public List<RateLimit> rateLimits() {
    return rateLimits;
  }

  public Optional<DailyBudget> dailyBudget() {
    return Optional.ofNullable(dailyBudget);
  }

  /** The share of the daily budget at which listeners hear {@code quotaAlert}; default 0.8. */
  public double alertAt() {
    return alertAt;
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    rateLimits.forEach(limit -> parts.add(limit.toString()));
    if (dailyBudget != null) {
      parts.add(dailyBudget.toString());
    }
    return provider + ": " + (parts.isEmpty() ? "no limits" : String.join(", ", parts));
  }

  /** Builds a {@link QuotaPolicy}. Not thread-safe. */
  public static final class Builder {
    private final String provider;
    private final List<RateLimit> rateLimits = new ArrayList<>();
    private @Nullable DailyBudget dailyBudget;
    private double alertAt = 0.8;

    private Builder(String provider) {
      this.provider = provider;
    }

    /** At most {@code calls} calls in any window of {@code per}; may be given several times. */
    public Builder rateLimit(int calls, Duration per) {
      rateLimits.add(new RateLimit(calls, per));
      return this;
    }

    /** At most {@code calls} calls per day in {@code zone}, none reserved for priority calls. */
    public Builder dailyBudget(long calls, ZoneId zone) {
      return dailyBudget(calls, zone, 0);
    }

    /**
     * At most {@code calls} calls per day in {@code zone}; the last {@code reservedShare} of them
     * only for priority calls.
     */
    public Builder dailyBudget(long calls, ZoneId zone, double reservedShare) {
      this.dailyBudget = new DailyBudget(calls, zone, reservedShare);
      return this;
    }

    /** The share of the daily budget, in (0, 1], at which listeners are told. Default 0.8. */
    public Builder alertAt(double share) {
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException("alertAt must be above 0 and at most 1, was " + share);
      }
      this.alertAt = share;
      return this;
    }

    public QuotaPolicy build() {
      return new QuotaPolicy(this);
    }
  }
}

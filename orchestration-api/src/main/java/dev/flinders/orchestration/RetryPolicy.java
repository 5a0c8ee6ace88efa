package dev.flinders.orchestration;

import dev.flinders.orchestration.dataset.DataQualityException;
import dev.flinders.orchestration.http.HttpStatusException;
import dev.flinders.orchestration.quota.QuotaExhaustedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How often to try a component and how long to wait between attempts: exponential backoff with a
 * cap and jitter, and rules for which failures are worth retrying. Immutable and thread-safe.
 *
 * <p>A policy is a pure function: the engine asks it whether a failure after an attempt should be
 * retried ({@link #shouldRetry(int, Throwable)}) and how long to wait ({@link #delayAfter(int,
 * double)}), supplying the random number for jitter itself. The engine does not hold a worker while
 * waiting.
 *
 * <pre>{@code
 * RetryPolicy.builder()
 *     .maxAttempts(4)
 *     .initialDelay(Duration.ofSeconds(2))
 *     .maxDelay(Duration.ofMinutes(1))
 *     .abortOn(IllegalArgumentException.class)
 *     .build();
 * }</pre>
 */
public final class RetryPolicy {
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialDelay;
  private final double multiplier;
  private final Duration maxDelay;
  private final double jitter;
  private final List<Class<? extends Throwable>> retryOn;
  private final List<Class<? extends Throwable>> abortOn;
  private final Predicate<Throwable> retryIf;

  private RetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.initialDelay = builder.initialDelay;
    this.multiplier = builder.multiplier;
    this.maxDelay = builder.maxDelay;
    this.jitter = builder.jitter;
    this.retryOn = List.copyOf(builder.retryOn);
    this.abortOn = List.copyOf(builder.abortOn);
    this.retryIf = builder.retryIf;
  }

  /** One attempt, no retry. The default for components. */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * Up to {@code maxAttempts} attempts, waiting {@code initialDelay} after the first failure and
   * doubling each time, capped at 5 minutes, with 10% jitter.
   */
  public static RetryPolicy exponential(int maxAttempts, Duration initialDelay) {
    return builder().maxAttempts(maxAttempts).initialDelay(initialDelay).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Total attempts allowed, including the first. */
  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration initialDelay() {
    return initialDelay;
  }

  public double multiplier() {
    return multiplier;
  }

  /** The cap on any one delay, jitter included. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** The share of each delay that is randomised, from 0 (none) to 1. */
  public double jitter() {
    return jitter;
  }

  /**
   * Whether {@code failure} is of a kind this policy retries: not an {@link Error}, not a {@link
   * QuotaExhaustedException} (the component is skipped instead), not an HTTP status that retrying
   * cannot fix (a 4xx other than 429, see {@link HttpStatusException#isRetryable()}), not a subtype
   * of an {@code abortOn} type, a subtype of a {@code retryOn} type (any {@link Exception} if none
   * were given), and accepted by the {@code retryIf} predicate.
   */
  public boolean isRetryable(Throwable failure) {
    if (failure instanceof Error
        || failure instanceof QuotaExhaustedException
        || failure instanceof DataQualityException
        || failure instanceof HttpStatusException status && !status.isRetryable()) {
      return false;
    }
    for (Class<? extends Throwable> type : abortOn) {
      if (type.isInstance(failure)) {
        return false;
      }
    }
    boolean listed = retryOn.isEmpty() && failure instanceof Exception;
    for (Class<? extends Throwable> type : retryOn) {
      listed |= type.isInstance(failure);
    }
    return listed && retryIf.test(failure);
  }

  /** Whether to try again after attempt number {@code attemptsMade} failed with {@code failure}. */
  public boolean shouldRetry(int attemptsMade, Throwable failure) {
    return attemptsMade < maxAttempts && isRetryable(failure);
  }

  /**
   * How long to wait after attempt number {@code attempt} (1-based) failed, before the next one:
   * {@code initialDelay * multiplier^(attempt-1)}, with the jitter share scaled by {@code random}
   * (uniform in [0, 1): 0.5 gives the plain delay), never above {@link #maxDelay()}.
   */
  public Duration delayAfter(int attempt, double random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
    if (!(random >= 0 && random < 1)) {
      throw new IllegalArgumentException("random must be in [0, 1), was " + random);
    }
    double base = initialDelay.toNanos() * Math.pow(multiplier, attempt - 1);
    double jittered = base * (1 - jitter + 2 * jitter * random);
    double capped = Math.min(jittered, maxDelay.toNanos());
    return Duration.ofNanos((long) Math.max(0, capped));
  }

  /**
   * How long to wait after attempt number {@code attempt} failed with {@code failure}: {@link
   * #delayAfter(int, double)}, or longer if the failure is an {@link HttpStatusException} whose
   * server asked, with {@code Retry-After}, to wait longer. The server's wait is honoured even
   * above {@link #maxDelay()}.
   */
  public Duration delayAfter(int attempt, double random, Throwable failure) {
    Duration delay = delayAfter(attempt, random);
    if (failure instanceof HttpStatusException status) {
      Duration asked = status.retryAfter().orElse(Duration.ZERO);
      if (asked.compareTo(delay) > 0) {
        return asked;
      }
    }
    return delay;
  }

  @Override
  public String toString() {
    if (maxAttempts == 1) {
      return "no retry";
    }
    return maxAttempts
        + " attempts, backoff "
        + Durations.format(initialDelay)
        + " x"
        + multiplier
        + " up to "
        + Durations.format(maxDelay)
        + (jitter > 0 ? ", jitter " + Math.round(jitter * 100) + "%" : "");
  }

  /** Builds a {@link RetryPolicy}. Each setter rejects a bad value at once. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialDelay = Duration.ofSeconds(1);
    private double multiplier = 2.0;
    private Duration maxDelay = Duration.ofMinutes(5);
    private double jitter = 0.1;
    private final List<Class<? extends Throwable>> retryOn = new ArrayList<>();
    private final List<Class<? extends Throwable>> abortOn = new ArrayList<>();
    private Predicate<Throwable> retryIf = failure -> true;

    private Builder() {}

    private Builder(RetryPolicy policy) {
      maxAttempts = policy.maxAttempts;
      initialDelay = policy.initialDelay;
      multiplier = policy.multiplier;
      maxDelay = policy.maxDelay;
      jitter = policy.jitter;
      retryOn.addAll(policy.retryOn);
      abortOn.addAll(policy.abortOn);
      retryIf = policy.retryIf;
    }

    /** Total attempts including the first; 1 means no retry. Default 3. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The wait after the first failure. Default 1 second. */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = nonNegative("initialDelay", initialDelay);
      return this;
    }

    /** The factor each further wait grows by; at least 1. Default 2. */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /** The cap on any one wait, jitter included. Default 5 minutes. */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = nonNegative("maxDelay", maxDelay);
      return this;
    }

    /** The share of each wait that is randomised, from 0 to 1. Default 0.1. */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /** Retries only failures of these types (and their subtypes). Default: any exception. */
    @SafeVarargs
    public final Builder retryOn(Class<? extends Throwable>... types) {
      for (Class<? extends Throwable> type : types) {
        retryOn.add(Objects.requireNonNull(type, "retryOn type"));
      }
      return this;
    }

    /** Never retries failures of these types (and their subtypes); wins over retryOn. */
    @SafeVarargs
    public final Builder abortOn(Class<? extends Throwable>... types) {
      for (Class<? extends Throwable> type : types) {
        abortOn.add(Objects.requireNonNull(type, "abortOn type"));
      }
      return this;
    }

    /** Retries only failures this predicate accepts (besides the type rules). */
    public Builder retryIf(Predicate<Throwable> retryIf) {
      this.retryIf = Objects.requireNonNull(retryIf, "retryIf");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @throws IllegalArgumentException if {@code maxDelay} is shorter than {@code initialDelay}
     */
    public RetryPolicy build() {
      if (maxDelay.compareTo(initialDelay) < 0) {
        throw new IllegalArgumentException(
            "maxDelay ("
                + Durations.format(maxDelay)
                + ") must not be shorter than initialDelay ("
                + Durations.format(initialDelay)
                + ")");
      }
      return new RetryPolicy(this);
    }

    private static Duration nonNegative(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(
            name + " must not be negative, was " + Durations.format(value));
      }
      return value;
    }
  }
}

package dev.flinders.orchestration.core.notify;

import dev.flinders.orchestration.notify.Alert;
import dev.flinders.orchestration.notify.AlertKind;
import dev.flinders.orchestration.notify.Notifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which alerts go to which notifiers, and how they are delivered: one alert per incident within a
 * cool-down, then one when it is resolved; each delivery off the run's thread, bounded in time and
 * retried a bounded number of times. Give it to {@code Orchestrator.Builder.notifications}.
 *
 * <pre>{@code
 * Notifications notifications = Notifications.builder()
 *     .route(SlackNotifier.of(Secret.fromEnvironment("SLACK_WEBHOOK_URL")), Severity.WARNING)
 *     .route(new LogNotifier(), Severity.INFO)
 *     .coolDown(Duration.ofHours(1))
 *     .build();
 * }</pre>
 *
 * <p>Immutable; see docs/notifications.md.
 */
public final class Notifications {
  private final List<Route> routes;
  private final Duration coolDown;
  private final int attempts;
  private final Duration retryDelay;
  private final Duration timeout;
  private final Map<String, Duration> freshness;

  private Notifications(Builder builder) {
    this.routes = List.copyOf(builder.routes);
    this.coolDown = builder.coolDown;
    this.attempts = builder.attempts;
    this.retryDelay = builder.retryDelay;
    this.timeout = builder.timeout;
    this.freshness = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(builder.freshness));
  }

  /** A builder holding these settings and routes, to derive changed notifications. */
  public Builder toBuilder() {
    Builder builder =
        builder().coolDown(coolDown).attempts(attempts).retryDelay(retryDelay).timeout(timeout);
    builder.routes.addAll(routes);
    builder.freshness.putAll(freshness);
    return builder;
  }

  /** The freshness limit of each dataset watched, by name. */
  public Map<String, Duration> freshness() {
    return freshness;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The routes, in the order added. */
  public List<Route> routes() {
    return routes;
  }

  /** How long an open incident stays quiet after an alert. */
  public Duration coolDown() {
    return coolDown;
  }

  /** How many times a delivery is tried. */
  public int attempts() {
    return attempts;
  }

  /** The wait before a failed delivery is tried again. */
  public Duration retryDelay() {
    return retryDelay;
  }

  /** How long one delivery may take. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Where alerts go: to {@code notifier}, those of at least {@code minimum} severity and of one of
   * {@code kinds}.
   */
  public record Route(Notifier notifier, Alert.Severity minimum, Set<AlertKind> kinds) {
    public Route {
      Objects.requireNonNull(notifier, "notifier");
      Objects.requireNonNull(minimum, "minimum");
      kinds =
          java.util.Collections.unmodifiableSet(
              kinds.isEmpty() ? EnumSet.allOf(AlertKind.class) : EnumSet.copyOf(kinds));
    }

    /** Whether {@code alert} goes this way. A resolution follows the alert it resolves. */
    public boolean takes(Alert alert) {
      return alert.severity().compareTo(minimum) >= 0 && kinds.contains(alert.kind());
    }
  }

  /** Builds {@link Notifications}. Not thread-safe. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();
    private Duration coolDown = Duration.ofHours(1);
    private int attempts = 3;
    private Duration retryDelay = Duration.ofSeconds(30);
    private Duration timeout = Duration.ofSeconds(10);
    private final Map<String, Duration> freshness = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Alerts ({@code DATA_STALE}) when {@code dataset}'s newest committed file is older than {@code
     * limit}, checked at the end of every run (each tick of {@code start(...)} is one), whether or
     * not its component was due; resolved when a fresh file arrives. Needs a sink that can tell
     * when it committed ({@code DatasetSink.lastCommitted}), as the Parquet sink can.
     */
    public Builder freshness(String dataset, Duration limit) {
      freshness.put(Objects.requireNonNull(dataset, "dataset"), positive(limit, "limit"));
      return this;
    }

    /** Removes the routes added so far, e.g. to replace those of {@link #toBuilder()}. */
    public Builder withoutRoutes() {
      routes.clear();
      return this;
    }

    /** Removes the freshness limits added so far. */
    public Builder withoutFreshness() {
      freshness.clear();
      return this;
    }

    /** Sends alerts of at least {@code minimum} severity, of {@code kinds} (all if none), there. */
    public Builder route(Notifier notifier, Alert.Severity minimum, AlertKind... kinds) {
      routes.add(
          new Route(notifier, minimum, new java.util.HashSet<>(java.util.Arrays.asList(kinds))));
      return this;
    }

    /**
     * How long an open incident stays quiet after an alert: a component failing every run is
     * reported once, then again after this if it still fails. Default 1 hour.
     */
    public Builder coolDown(Duration coolDown) {
      this.coolDown = positive(coolDown, "coolDown");
      return this;
    }

    /** How many times a delivery is tried before it is dropped with a warning. Default 3. */
    public Builder attempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
      }
      this.attempts = attempts;
      return this;
    }

    /** The wait before a failed delivery is tried again. Default 30 seconds. */
    public Builder retryDelay(Duration retryDelay) {
      this.retryDelay = positive(retryDelay, "retryDelay");
      return this;
    }

    /** How long one delivery may take before it counts as failed. Default 10 seconds. */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * Builds the notifications.
     *
     * @throws IllegalStateException if no route was added
     */
    public Notifications build() {
      if (routes.isEmpty()) {
        throw new IllegalStateException(
            "notifications without a route send nothing: add route(notifier, severity)");
      }
      return new Notifications(this);
    }

    private static Duration positive(Duration duration, String name) {
      Objects.requireNonNull(duration, name);
      if (duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, was " + duration);
      }
      return duration;
    }
  }
}

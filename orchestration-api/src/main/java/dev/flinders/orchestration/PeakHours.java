package dev.flinders.orchestration;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The hours of the day when deferrable components wait: by default the Melbourne peaks, 07:00–09:30
 * and 16:00–19:00, when dashboards are busiest and networks and APIs slowest. A deferrable
 * component that is due in a peak is deferred (reason {@code DEFERRED}, shown in the plan) until
 * the peak ends, unless it has been due for longer than the grace period. Immutable.
 *
 * <pre>{@code
 * Orchestrator.builder(pipeline)
 *     .peakHours(PeakHours.of(ZoneId.of("Australia/Melbourne"))
 *         .window(LocalTime.of(7, 0), LocalTime.of(9, 30))
 *         .grace(Duration.ofHours(3)))
 * }</pre>
 */
public final class PeakHours {
  private final ZoneId zone;
  private final List<LocalTime[]> windows;
  private final Duration grace;

  private PeakHours(ZoneId zone, List<LocalTime[]> windows, Duration grace) {
    this.zone = zone;
    this.windows = windows;
    this.grace = grace;
  }

  /** The Melbourne peaks, 07:00–09:30 and 16:00–19:00 Australia/Melbourne, with 2 hours' grace. */
  public static PeakHours melbourne() {
    return of(ZoneId.of("Australia/Melbourne"))
        .window(LocalTime.of(7, 0), LocalTime.of(9, 30))
        .window(LocalTime.of(16, 0), LocalTime.of(19, 0));
  }

  /** No peak: nothing is deferred. */
  public static PeakHours none() {
    return of(ZoneId.of("UTC"));
  }

  /** No windows yet, in {@code zone}, with 2 hours' grace; add them with {@link #window}. */
  public static PeakHours of(ZoneId zone) {
    return new PeakHours(Objects.requireNonNull(zone, "zone"), List.of(), Duration.ofHours(2));
  }

  /** These peak hours and the window from {@code from} to {@code to} (local, same day). */
  public PeakHours window(LocalTime from, LocalTime to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException(
          "a peak window must start before it ends on the same day, was " + from + "–" + to);
    }
    List<LocalTime[]> more = new ArrayList<>(windows);
    more.add(new LocalTime[] {from, to});
    return new PeakHours(zone, List.copyOf(more), grace);
  }

  /**
   * These peak hours with another grace period: a deferrable component due for longer than this
   * runs even in a peak. Default 2 hours.
   */
  public PeakHours grace(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative, was " + grace);
    }
    return new PeakHours(zone, windows, grace);
  }

  /** The grace period. */
  public Duration grace() {
    return grace;
  }

  /** When the peak that {@code at} falls in ends, or empty if {@code at} is off-peak. */
  public Optional<Instant> peakEnd(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    LocalTime time = local.toLocalTime();
    for (LocalTime[] window : windows) {
      if (!time.isBefore(window[0]) && time.isBefore(window[1])) {
        return Optional.of(local.with(window[1]).toInstant());
      }
    }
    return Optional.empty();
  }

  /** {@code 07:00–09:30, 16:00–19:00 Australia/Melbourne}, or {@code none}. */
  @Override
  public String toString() {
    if (windows.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    for (LocalTime[] window : windows) {
      parts.add(window[0] + "–" + window[1]);
    }
    return String.join(", ", parts) + " " + zone;
  }
}

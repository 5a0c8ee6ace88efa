package dev.flinders.orchestration.quota;

import java.time.ZoneId;
import java.util.Objects;

/**
 * At most {@code calls} calls per calendar day in {@code zone} (the budget resets at local
 * midnight), of which {@code reservedShare} is kept for priority calls: once the day's calls reach
 * {@code calls × (1 - reservedShare)}, only priority calls proceed.
 *
 * @param calls calls per day, at least 1
 * @param zone where the day starts and ends
 * @param reservedShare the share kept for priority calls, in [0, 1)
 */
public record DailyBudget(long calls, ZoneId zone, double reservedShare) {
  public DailyBudget {
    Objects.requireNonNull(zone, "zone");
    if (calls < 1) {
      throw new IllegalArgumentException("a daily budget allows at least 1 call, was " + calls);
    }
    if (!(reservedShare >= 0 && reservedShare < 1)) {
      throw new IllegalArgumentException(
          "the reserved share must be at least 0 and below 1, was " + reservedShare);
    }
  }

  /** How many calls of the day normal (not priority) calls may take. */
  public long normalCalls() {
    return (long) Math.floor(calls * (1 - reservedShare));
  }

  @Override
  public String toString() {
    return calls
        + " calls a day ("
        + zone
        + ")"
        + (reservedShare > 0
            ? ", " + Math.round(reservedShare * 100) + " % reserved for priority"
            : "");
  }
}

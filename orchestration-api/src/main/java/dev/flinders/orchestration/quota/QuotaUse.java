package dev.flinders.orchestration.quota;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A provider's quota after a run: calls charged in the run, and the day's use against its budget.
 *
 * @param provider the provider
 * @param callsInRun calls this run sent to it
 * @param day the budget's current day (ISO date in the budget's zone), or null without a budget
 * @param usedToday calls counted in that day's budget (all runs and processes sharing the store)
 * @param dailyBudget the day's budget, or 0 without one
 */
public record QuotaUse(
    String provider, long callsInRun, @Nullable String day, long usedToday, long dailyBudget) {
  public QuotaUse {
    Objects.requireNonNull(provider, "provider");
  }

  @Override
  public String toString() {
    return provider
        + ": "
        + callsInRun
        + (callsInRun == 1 ? " call" : " calls")
        + (dailyBudget > 0 ? ", " + usedToday + " of " + dailyBudget + " used on " + day : "");
  }
}

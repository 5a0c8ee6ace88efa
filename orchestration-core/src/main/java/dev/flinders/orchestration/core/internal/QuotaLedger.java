package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.ComponentCancelledException;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.core.TimeSource;
import dev.flinders.orchestration.quota.DailyBudget;
import dev.flinders.orchestration.quota.QuotaExhaustedException;
import dev.flinders.orchestration.quota.QuotaPolicy;
import dev.flinders.orchestration.quota.QuotaUse;
import dev.flinders.orchestration.quota.RateLimit;
import dev.flinders.orchestration.spi.Counter;
import dev.flinders.orchestration.spi.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quotas of an orchestrator's API providers. Rate limits are sliding windows kept in the state
 * store as shared records ({@link StateStore#updateShared}, scope {@value #RATE_SCOPE}), updated
 * atomically per call, so instances and processes sharing a store share a provider's limit; a store
 * without shared records leaves them in this ledger's memory, shared by the orchestrator's
 * components. Daily budgets are counters in the state store, updated atomically per call, so they
 * hold across runs, restarts and processes sharing the store. See docs/quotas.md.
 */
public final class QuotaLedger {
  private static final Logger LOG = LoggerFactory.getLogger("dev.flinders.orchestration.quota");
  static final String SCOPE = "quota";
  static final String RATE_SCOPE = "rate";

  private final Map<String, Provider> providers = new LinkedHashMap<>();
  private final StateStore store;
  private final TimeSource time;
  private final List<RunListener> listeners;
  private volatile boolean sharedWindows = true; // until the store says it keeps no shared records

  public QuotaLedger(
      Collection<QuotaPolicy> policies,
      StateStore store,
      TimeSource time,
      List<RunListener> listeners) {
    for (QuotaPolicy policy : policies) {
      if (providers.put(policy.provider(), new Provider(policy)) != null) {
        throw new IllegalArgumentException(
            "two quota policies for provider \"" + policy.provider() + "\": give it one");
      }
    }
    this.store = store;
    this.time = time;
    this.listeners = List.copyOf(listeners);
  }

  /** The time on the ledger's clock: where permits are given. */
  Instant now() {
    return time.clock().instant();
  }

  /** Whether a policy exists for {@code provider}. */
  public boolean knows(String provider) {
    return providers.containsKey(provider);
  }

  /** The providers with a policy, in registration order. */
  public java.util.Set<String> providers() {
    return providers.keySet();
  }

  /**
   * Waits for a permit of every rate limit of {@code provider} and takes one call from its daily
   * budget, or throws without taking anything from the budget.
   *
   * @return the time of the permit: the call may go from then on
   * @throws QuotaExhaustedException if the budget is used or a permit comes after {@code deadline}
   * @throws ComponentCancelledException if the thread is interrupted (the attempt was stopped)
   */
  Instant acquire(String provider, boolean priority, Instant deadline) {
    Provider ledger = provider(provider);
    Instant now = time.clock().instant();
    Instant permit = reserve(ledger, now, deadline);
    if (permit.isAfter(now)) {
      // no waiting for a permit when the day's budget is used already (charge() would refuse)
      Optional<String> exhausted = exhausted(provider, priority, now);
      if (exhausted.isPresent()) {
        throw new QuotaExhaustedException(provider, exhausted.get());
      }
      await(provider, Duration.between(now, permit));
    }
    ledger.policy.dailyBudget().ifPresent(budget -> charge(provider, budget, priority));
    return permit;
  }

  /** A permit of every rate limit of the provider, from the store's window or this ledger's. */
  private Instant reserve(Provider ledger, Instant now, Instant deadline) {
    QuotaPolicy policy = ledger.policy;
    if (policy.rateLimits().isEmpty()) {
      return now;
    }
    if (sharedWindows) {
      Instant[] permit = new Instant[1];
      QuotaExhaustedException[] refused = new QuotaExhaustedException[1];
      try {
        store.updateShared(
            RATE_SCOPE,
            policy.provider(),
            text -> {
              Windows windows = Windows.parse(policy, text);
              refused[0] = null;
              try {
                permit[0] = windows.reserve(policy, now, deadline);
                return windows.encode(policy);
              } catch (QuotaExhaustedException e) {
                refused[0] = e;
                return text != null ? text : windows.encode(policy);
              }
            });
        if (refused[0] != null) {
          throw refused[0];
        }
        return permit[0];
      } catch (UnsupportedOperationException e) {
        sharedWindows = false;
        LOG.info(
            "{} keeps no shared records: the rate limits of {} are kept by this orchestrator"
                + " alone; give each process sharing a provider its share of the limit",
            store,
            providers.keySet());
      }
    }
    synchronized (ledger.windows) {
      return ledger.windows.reserve(policy, now, deadline);
    }
  }

  private void await(String provider, Duration wait) {
    CountDownLatch permitted = new CountDownLatch(1);
    TimeSource.Timer timer = time.schedule(wait, permitted::countDown);
    try {
      // simulated time (a ManualRunner) moves on to the permit on this thread, firing what falls
      // due before it (an interrupt from the attempt's deadline ends the wait); real time waits
      while (permitted.getCount() > 0
          && !Thread.currentThread().isInterrupted()
          && time.skipToNextTimer()) {
        // each skip fires the next timer
      }
      permitted.await();
    } catch (InterruptedException e) {
      timer.cancel();
      Thread.currentThread().interrupt();
      throw new ComponentCancelledException(
          "stopped while waiting " + Durations.format(wait) + " for a permit of " + provider);
    }
  }

  private void charge(String provider, DailyBudget budget, boolean priority) {
    Instant now = time.clock().instant();
    String day = LocalDate.ofInstant(now, budget.zone()).toString();
    long ceiling = priority ? budget.calls() : budget.normalCalls();
    StateStore.CounterUpdate update = store.addToCounter(SCOPE, provider, day, 1, ceiling);
    if (!update.added()) {
      throw new QuotaExhaustedException(
          provider, budgetUsed(provider, budget, update.counter().value(), priority, now));
    }
    long used = update.counter().value();
    double alertAt = providers.get(provider).policy.alertAt();
    if (used == (long) Math.ceil(budget.calls() * alertAt)) {
      QuotaUse use = new QuotaUse(provider, 0, day, used, budget.calls());
      LOG.warn("quota of {}: {} of {} calls used on {}", provider, used, budget.calls(), day);
      for (RunListener listener : listeners) {
        try {
          listener.quotaAlert(use);
        } catch (RuntimeException e) {
          LOG.warn("a run listener failed on a quota alert; the run goes on", e);
        }
      }
    }
  }

  /**
   * Why a call to {@code provider} would not get quota now, or empty if it would: its daily budget
   * (its normal share, for a call without priority) is used. Reads the store; changes nothing.
   */
  public Optional<String> exhausted(String provider, boolean priority, Instant now) {
    Optional<DailyBudget> budget = provider(provider).policy.dailyBudget();
    if (budget.isEmpty()) {
      return Optional.empty();
    }
    long used = usedToday(provider, budget.get(), now);
    long ceiling = priority ? budget.get().calls() : budget.get().normalCalls();
    return used < ceiling
        ? Optional.empty()
        : Optional.of(budgetUsed(provider, budget.get(), used, priority, now));
  }

  private long usedToday(String provider, DailyBudget budget, Instant now) {
    String day = LocalDate.ofInstant(now, budget.zone()).toString();
    return store
        .counter(SCOPE, provider)
        .filter(c -> c.window().equals(day))
        .map(Counter::value)
        .orElse(0L);
  }

  private static String budgetUsed(
      String provider, DailyBudget budget, long used, boolean priority, Instant now) {
    ZoneId zone = budget.zone();
    LocalDate day = LocalDate.ofInstant(now, zone);
    String resets = Planner.format(day.plusDays(1).atStartOfDay(zone).toInstant(), zone);
    String share =
        priority || budget.reservedShare() == 0
            ? "its daily budget of " + budget.calls() + " calls"
            : "the "
                + budget.normalCalls()
                + " calls of its daily budget of "
                + budget.calls()
                + " open to calls without priority (the rest is reserved for priority)";
    return "quota exhausted: "
        + provider
        + " has used "
        + share
        + " on "
        + day
        + " ("
        + used
        + " calls); it resets at "
        + resets;
  }

  /** The quota of {@code provider} for a report, with {@code callsInRun} calls of the run. */
  public QuotaUse use(String provider, long callsInRun) {
    Optional<DailyBudget> budget = provider(provider).policy.dailyBudget();
    if (budget.isEmpty()) {
      return new QuotaUse(provider, callsInRun, null, 0, 0);
    }
    Instant now = time.clock().instant();
    return new QuotaUse(
        provider,
        callsInRun,
        LocalDate.ofInstant(now, budget.get().zone()).toString(),
        usedToday(provider, budget.get(), now),
        budget.get().calls());
  }

  private Provider provider(String provider) {
    Provider ledger = providers.get(provider);
    if (ledger == null) {
      throw new IllegalArgumentException(
          "no quota policy for provider \""
              + provider
              + "\"; the orchestrator has "
              + (providers.isEmpty() ? "none" : providers.keySet())
              + ": register one with Orchestrator.builder(...).quota(QuotaPolicy.builder(\""
              + provider
              + "\")...build())");
    }
    return ledger;
  }

  /** One provider's policy, and its rate-limit windows when they are kept in memory. */
  private static final class Provider {
    private final QuotaPolicy policy;
    private final Windows windows;

    Provider(QuotaPolicy policy) {
      this.policy = policy;
      this.windows = new Windows();
    }
  }

  /**
   * The windows of a provider's rate limits. Every permit goes into every window, so they are one
   * list, the latest permits oldest first, as many as the largest limit keeps; a limit of n calls
   * looks at its last n. Kept as a shared record in the store as text: a first line naming the
   * limits ({@code 24/PT1M;1000/PT1H}), then one line per limit with its permits as ISO instants.
   * Each line is the tail of the longest, so the longest is the list, whatever limits wrote it (the
   * policy changed, or differs between instances); a record that cannot be read starts empty.
   */
  static final class Windows {
    private final List<Instant> permits = new java.util.ArrayList<>();

    static Windows parse(QuotaPolicy policy, @Nullable String text) {
      Windows windows = new Windows();
      if (text == null) {
        return windows;
      }
      String[] lines = text.split("\n", -1);
      try {
        List<Instant> latest = List.of();
        for (int i = 1; i < lines.length; i++) {
          List<Instant> permits = permits(lines[i]);
          if (permits.size() > latest.size()) {
            latest = permits;
          }
        }
        int keep = kept(policy);
        windows.permits.addAll(latest.subList(Math.max(0, latest.size() - keep), latest.size()));
      } catch (java.time.format.DateTimeParseException e) {
        LOG.warn(
            "the rate-limit window of {} in the state store cannot be read ({}); it starts empty",
            policy.provider(),
            e.getMessage());
        return new Windows();
      }
      return windows;
    }

    /** The permits of one line of a record, oldest first. */
    private static List<Instant> permits(String line) {
      if (line.isEmpty()) {
        return List.of();
      }
      List<Instant> permits = new java.util.ArrayList<>();
      for (String permit : line.split(" ")) {
        permits.add(Instant.parse(permit));
      }
      permits.sort(null);
      return permits;
    }

    /** How many of the latest permits the largest limit looks at. */
    private static int kept(QuotaPolicy policy) {
      int keep = 0;
      for (RateLimit limit : policy.rateLimits()) {
        keep = Math.max(keep, limit.calls());
      }
      return keep;
    }

    /** The last {@code limit.calls()} permits: that limit's window. */
    private List<Instant> window(RateLimit limit) {
      return permits.subList(Math.max(0, permits.size() - limit.calls()), permits.size());
    }

    String encode(QuotaPolicy policy) {
      StringBuilder text = new StringBuilder();
      for (RateLimit limit : policy.rateLimits()) {
        text.append(text.length() == 0 ? "" : ";");
        text.append(limit.calls()).append('/').append(limit.per());
      }
      for (RateLimit limit : policy.rateLimits()) {
        text.append('\n');
        boolean first = true;
        for (Instant permit : window(limit)) {
          text.append(first ? "" : " ").append(permit);
          first = false;
        }
      }
      return text.toString();
    }

    /**
     * Reserves the earliest permit at or after {@code now} that keeps every window within its
     * limit: with a limit of n calls per w, a permit comes no earlier than w after the n-th latest
     * one, so no window of length w ever holds more than n. Permits are handed out in order of
     * request: none before the latest given.
     *
     * @throws QuotaExhaustedException if that permit comes after {@code deadline}; nothing is
     *     reserved then
     */
    Instant reserve(QuotaPolicy policy, Instant now, Instant deadline) {
      Instant lastPermit = permits.isEmpty() ? null : permits.get(permits.size() - 1);
      Instant permit = lastPermit != null && lastPermit.isAfter(now) ? lastPermit : now;
      RateLimit binding = null;
      for (RateLimit limit : policy.rateLimits()) {
        List<Instant> recent = window(limit);
        if (recent.size() >= limit.calls()) {
          Instant earliest = recent.get(0).plus(limit.per());
          if (earliest.isAfter(permit)) {
            permit = earliest;
            binding = limit;
          }
        }
      }
      if (permit.isAfter(deadline)) {
        throw new QuotaExhaustedException(
            policy.provider(),
            "quota exhausted: the rate limit of "
                + policy.provider()
                + " ("
                + (binding != null ? binding : policy.rateLimits())
                + ") gives the next permit at "
                + permit
                + ", after the deadline "
                + deadline);
      }
      permits.add(permit);
      int keep = kept(policy);
      if (permits.size() > keep) {
        permits.subList(0, permits.size() - keep).clear();
      }
      return permit;
    }
  }
}

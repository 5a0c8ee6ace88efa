package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.insight.Insight;
import dev.flinders.orchestration.core.insight.Insights;
import dev.flinders.orchestration.quota.QuotaUse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Computes {@link Insights} from a pipeline's recent runs. */
public final class InsightFinder {
  /** How many of the slowest components are named. */
  static final int SLOWEST = 3;

  private InsightFinder() {}

  /**
   * @param runs the recent runs, newest first
   * @param parallelism the pipeline's parallelism, for the advice on slots
   */
  public static Insights find(
      Pipeline pipeline, List<RunReport> runs, int parallelism, Instant at) {
    List<RunReport> oldestFirst = new ArrayList<>(runs);
    Collections.reverse(oldestFirst);
    Map<String, List<ComponentResult>> byComponent = new LinkedHashMap<>();
    for (RunReport run : oldestFirst) {
      for (ComponentResult result : run.results()) {
        if (result.attempts() > 0) {
          byComponent.computeIfAbsent(result.component(), name -> new ArrayList<>()).add(result);
        }
      }
    }
    List<Insight> insights = new ArrayList<>();
    slowest(byComponent, insights);
    if (!runs.isEmpty()) {
      criticalPath(pipeline, runs.get(0), insights);
    }
    regressions(byComponent, insights);
    mostlyUnchanged(byComponent, insights);
    slotWaiting(byComponent, parallelism, insights);
    if (!runs.isEmpty()) {
      quotas(runs.get(0), insights);
    }
    return new Insights(pipeline.name(), at, runs.size(), insights);
  }

  private static List<Duration> successes(List<ComponentResult> results) {
    return results.stream()
        .filter(result -> result.status().isSuccess())
        .map(ComponentResult::duration)
        .toList();
  }

  private static Duration mean(List<Duration> durations) {
    return durations.isEmpty()
        ? Duration.ZERO
        : durations.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(durations.size());
  }

  private static Duration median(List<Duration> durations) {
    List<Duration> sorted = new ArrayList<>(durations);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static void slowest(Map<String, List<ComponentResult>> byComponent, List<Insight> out) {
    Map<String, Duration> means = new HashMap<>();
    byComponent.forEach(
        (name, results) -> {
          List<Duration> ok = successes(results);
          if (!ok.isEmpty()) {
            means.put(name, mean(ok));
          }
        });
    means.entrySet().stream()
        .filter(entry -> !entry.getValue().isZero())
        .sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
        .limit(SLOWEST)
        .forEach(
            entry -> {
              List<Duration> ok = successes(byComponent.get(entry.getKey()));
              Map<String, Double> numbers = new LinkedHashMap<>();
              numbers.put("mean_seconds", seconds(entry.getValue()));
              numbers.put("successes", (double) ok.size());
              String trend = "";
              if (ok.size() >= 4) {
                Duration older = mean(ok.subList(0, ok.size() / 2));
                Duration newer = mean(ok.subList(ok.size() / 2, ok.size()));
                if (!older.isZero()) {
                  double change = 100.0 * (seconds(newer) - seconds(older)) / seconds(older);
                  numbers.put("trend_percent", change);
                  trend =
                      String.format(
                          Locale.ROOT,
                          "; its newer half took %s on average against %s before (%+.0f %%)",
                          Durations.format(newer),
                          Durations.format(older),
                          change);
                }
              }
              out.add(
                  new Insight(
                      Insight.Kind.SLOWEST,
                      entry.getKey(),
                      entry.getKey()
                          + " is among the slowest: "
                          + Durations.format(entry.getValue())
                          + " on average over "
                          + ok.size()
                          + (ok.size() == 1 ? " success" : " successes")
                          + trend,
                      numbers));
            });
  }

  /** The chain of dependencies whose durations add up to the longest, in the last run. */
  private static void criticalPath(Pipeline pipeline, RunReport last, List<Insight> out) {
    Map<String, Duration> took = new HashMap<>();
    for (ComponentResult result : last.results()) {
      took.put(result.component(), result.attempts() > 0 ? result.duration() : Duration.ZERO);
    }
    Map<String, Duration> finish = new HashMap<>();
    Map<String, String> via = new HashMap<>();
    String end = null;
    for (Component component : pipeline.executionOrder()) {
      Duration start = Duration.ZERO;
      for (String upstream : component.dependsOn()) {
        Duration upstreamFinish = finish.getOrDefault(upstream, Duration.ZERO);
        if (upstreamFinish.compareTo(start) > 0) {
          start = upstreamFinish;
          via.put(component.name(), upstream);
        }
      }
      Duration done = start.plus(took.getOrDefault(component.name(), Duration.ZERO));
      finish.put(component.name(), done);
      if (end == null || done.compareTo(finish.get(end)) > 0) {
        end = component.name();
      }
    }
    if (end == null || finish.get(end).isZero()) {
      return;
    }
    List<String> path = new ArrayList<>();
    for (String at = end; at != null; at = via.get(at)) {
      path.add(0, at + " (" + Durations.format(took.getOrDefault(at, Duration.ZERO)) + ")");
    }
    out.add(
        new Insight(
            Insight.Kind.CRITICAL_PATH,
            null,
            "the critical path of run "
                + last.runId()
                + " took "
                + Durations.format(finish.get(end))
                + " of its "
                + Durations.format(last.duration())
                + ": "
                + String.join(" → ", path),
            Map.of(
                "path_seconds",
                seconds(finish.get(end)),
                "run_seconds",
                seconds(last.duration()))));
  }

  private static void regressions(
      Map<String, List<ComponentResult>> byComponent, List<Insight> out) {
    byComponent.forEach(
        (name, results) -> {
          List<Duration> ok = successes(results);
          if (ok.size() < 4) {
            return;
          }
          Duration latest = ok.get(ok.size() - 1);
          Duration usual = median(ok.subList(0, ok.size() - 1));
          if (!usual.isZero() && latest.compareTo(usual.multipliedBy(2)) > 0) {
            out.add(
                new Insight(
                    Insight.Kind.REGRESSION,
                    name,
                    name
                        + " took "
                        + Durations.format(latest)
                        + " in its latest success, more than twice its median of "
                        + Durations.format(usual)
                        + " over the "
                        + (ok.size() - 1)
                        + " before",
                    Map.of("latest_seconds", seconds(latest), "median_seconds", seconds(usual))));
          }
        });
  }

  private static void mostlyUnchanged(
      Map<String, List<ComponentResult>> byComponent, List<Insight> out) {
    byComponent.forEach(
        (name, results) -> {
          long ran = results.stream().filter(result -> result.status().isSuccess()).count();
          long unchanged = results.stream().filter(r -> r.status() == Status.UNCHANGED).count();
          if (ran >= 5 && unchanged >= 0.8 * ran) {
            out.add(
                new Insight(
                    Insight.Kind.MOSTLY_UNCHANGED,
                    name,
                    name
                        + " found its source unchanged in "
                        + unchanged
                        + " of its last "
                        + ran
                        + " runs: a longer interval, or adaptive polling, would spend fewer calls",
                    Map.of("unchanged", (double) unchanged, "runs", (double) ran)));
          }
        });
  }

  private static void slotWaiting(
      Map<String, List<ComponentResult>> byComponent, int parallelism, List<Insight> out) {
    byComponent.forEach(
        (name, results) -> {
          Duration waited = Duration.ZERO;
          Duration took = Duration.ZERO;
          for (ComponentResult result : results) {
            if (result.resources() != null) {
              waited = waited.plus(result.resources().slotWait());
              took = took.plus(result.duration());
            }
          }
          if (waited.compareTo(Duration.ofSeconds(1)) >= 0
              && waited.compareTo(took.dividedBy(10)) >= 0) {
            out.add(
                new Insight(
                    Insight.Kind.SLOT_WAITING,
                    name,
                    name
                        + " waited "
                        + Durations.format(waited)
                        + " for a worker slot over its last "
                        + results.size()
                        + " runs, against "
                        + Durations.format(took)
                        + " running: more parallelism than "
                        + parallelism
                        + " would start it sooner",
                    Map.of(
                        "wait_seconds",
                        seconds(waited),
                        "run_seconds",
                        seconds(took),
                        "parallelism",
                        (double) parallelism)));
          }
        });
  }

  private static void quotas(RunReport last, List<Insight> out) {
    for (QuotaUse use : last.quotas()) {
      if (use.dailyBudget() > 0) {
        double share = 100.0 * use.usedToday() / use.dailyBudget();
        out.add(
            new Insight(
                Insight.Kind.QUOTA_HEADROOM,
                null,
                String.format(
                    Locale.ROOT,
                    "quota %s: %d of %d calls used on %s (%.0f %%), %d left",
                    use.provider(),
                    use.usedToday(),
                    use.dailyBudget(),
                    use.day(),
                    share,
                    use.dailyBudget() - use.usedToday()),
                Map.of(
                    "used", (double) use.usedToday(),
                    "budget", (double) use.dailyBudget(),
                    "used_percent", share)));
      }
    }
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}

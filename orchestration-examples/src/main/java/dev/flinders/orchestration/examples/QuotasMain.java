package dev.flinders.orchestration.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.examples.victoria.LocalVictoria;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import dev.flinders.orchestration.ptv.datavic.DataVic;
import dev.flinders.orchestration.quota.QuotaPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Quotas, offline, against the Data.vic stand-in: a provider allows 2 calls per half second and 7 a
 * day. A component reads the annual station entries in 4 pages: the first two calls go at once, the
 * next two wait for their permits (the report says how long). The second run has 3 calls left in
 * the day's budget: it reads 3 pages and is refused the fourth, so the component is {@code SKIPPED}
 * with reason {@code QUOTA_EXHAUSTED}, never sending a call over the limit. See docs/quotas.md.
 *
 * <p>Run it with {@code mvn -q -B -DskipTests package exec:java -pl orchestration-examples -am
 * -Dexec.mainClass=dev.flinders.orchestration.examples.QuotasMain}.
 */
public final class QuotasMain {
  static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  /** Provider {@code datavic}: 2 calls per 500 ms, 7 a day in Melbourne. */
  static final QuotaPolicy DATAVIC =
      QuotaPolicy.builder("datavic")
          .rateLimit(2, Duration.ofMillis(500))
          .dailyBudget(7, MELBOURNE)
          .build();

  static final int PAGES = 4;

  private static final ObjectMapper JSON = new ObjectMapper();

  private QuotasMain() {}

  public static void main(String[] args) throws IOException {
    run(System.out);
  }

  /** Two runs; prints and returns their reports. */
  static List<RunReport> run(PrintStream out) throws IOException {
    List<RunReport> runs = new ArrayList<>();
    try (LocalVictoria victoria = LocalVictoria.start(Clock.systemUTC());
        Orchestrator orchestrator =
            Orchestrator.builder(pipeline(victoria.endpoints().dataVic()))
                .stateStore(new InMemoryStateStore())
                .zone(MELBOURNE)
                .quota(DATAVIC)
                .build()) {
      out.println("== " + DATAVIC);
      runs.add(orchestrator.runOnce());
      out.println(runs.get(0).toText());
      out.println("== The same day, again: 3 calls are left in the budget");
      runs.add(orchestrator.runOnce());
      out.println(runs.get(1).toText());
    }
    return runs;
  }

  static Pipeline pipeline(String dataVic) {
    return Pipeline.builder("quotas")
        .component(
            Component.builder("station-entries")
                .quota("datavic")
                .timeout(Duration.ofSeconds(30))
                .task(
                    context -> {
                      long records = 0;
                      for (int page = 0; page < PAGES; page++) {
                        HttpRequest request =
                            HttpRequest.get(dataVic + "/datastore_search")
                                .query("resource_id", DataVic.STATION_PATRONAGE_ANNUAL_RESOURCE)
                                .query("limit", "60")
                                .query("offset", Integer.toString(page * 60))
                                .build();
                        try (HttpResponse response = context.http().send(request)) {
                          records +=
                              JSON.readTree(response.body()).path("result").path("records").size();
                        }
                      }
                      return Outcome.records(records);
                    })
                .build())
        .build();
  }
}

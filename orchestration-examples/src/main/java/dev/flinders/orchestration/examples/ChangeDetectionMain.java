package dev.flinders.orchestration.examples;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.TriggerRule;
import dev.flinders.orchestration.change.ChangeDetector;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.examples.victoria.LocalVictoria;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import dev.flinders.orchestration.ptv.datavic.DataVic;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Change detection, offline, against the Victorian stand-ins: Transport Victoria's {@code gtfs.zip}
 * probed by its ETag (a conditional HEAD), a Data.vic datastore page by the SHA-256 of its content
 * (the probe's download serves the task: one request), and a summary that runs only when an
 * upstream brought new data. The second run finds both sources unchanged, for two small requests,
 * and skips the summary; after Transport Victoria publishes a new tram timetable, the third run
 * fetches the zip again, and only it. See docs/change-detection.md.
 *
 * <p>Run it with {@code mvn -q -B -DskipTests package exec:java -pl orchestration-examples -am
 * -Dexec.mainClass=dev.flinders.orchestration.examples.ChangeDetectionMain}.
 */
public final class ChangeDetectionMain {
  private ChangeDetectionMain() {}

  public static void main(String[] args) throws IOException {
    run(System.out);
  }

  /** Three runs; prints and returns their reports. */
  static List<RunReport> run(PrintStream out) throws IOException {
    List<RunReport> runs = new ArrayList<>();
    try (LocalVictoria victoria = LocalVictoria.start(Clock.systemUTC());
        Orchestrator orchestrator =
            Orchestrator.builder(pipeline(victoria)).stateStore(new InMemoryStateStore()).build()) {
      out.println("== First run: nothing seen before");
      runs.add(orchestrator.runOnce());
      out.println(runs.get(0).toText());
      out.println("== Second run: the sources are as they were");
      runs.add(orchestrator.runOnce());
      out.println(runs.get(1).toText());
      victoria.publishTimetable(3);
      out.println("== Third run: Transport Victoria has published a new tram timetable");
      runs.add(orchestrator.runOnce());
      out.println(runs.get(2).toText());
    }
    return runs;
  }

  static Pipeline pipeline(LocalVictoria victoria) {
    String zip = victoria.endpoints().gtfsSchedule();
    HttpRequest page =
        HttpRequest.get(victoria.endpoints().dataVic() + "/datastore_search")
            .query("resource_id", DataVic.STATION_PATRONAGE_ANNUAL_RESOURCE)
            .query("limit", "1000")
            .build();
    return Pipeline.builder("change-detection")
        .component(
            Component.builder("gtfs-zip")
                .changeDetector(ChangeDetector.httpValidators(zip))
                .task(context -> bytes(context.http().send(HttpRequest.get(zip).build())))
                .build())
        .component(
            Component.builder("station-entries")
                .changeDetector(
                    ChangeDetector.contentHashOfBytes(
                        "datastore page",
                        probe -> {
                          try (HttpResponse response = probe.http().send(page)) {
                            return response.bytes();
                          }
                        }))
                .task(context -> bytes(context.http().send(page)))
                .build())
        .component(
            Component.builder("summary")
                .dependsOn("gtfs-zip", "station-entries")
                .trigger(TriggerRule.ANY_CHANGED)
                .task(context -> Outcome.success())
                .build())
        .build();
  }

  private static Outcome bytes(HttpResponse response) {
    try (response) {
      return Outcome.builder().note("downloaded " + response.bytes().length + " bytes").build();
    }
  }
}

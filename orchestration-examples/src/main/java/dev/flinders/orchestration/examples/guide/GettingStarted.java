package dev.flinders.orchestration.examples.guide;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.TriggerRule;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.csv.CsvReader;
import dev.flinders.orchestration.core.report.ReportDirectory;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.parquet.ParquetDatasetReader;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import dev.flinders.orchestration.parquet.ParquetRow;
import dev.flinders.orchestration.quality.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;

/**
 * The first pipeline of docs/getting-started.md: {@code stations} loads the annual entries of
 * Melbourne's metropolitan train stations (the real Data.vic file bundled with this module) into a
 * Parquet dataset, and {@code busiest} names the three busiest stations when that brought new data.
 * {@code GettingStartedTest} runs it and checks that the page shows this code as it is here.
 *
 * <p>Run it with {@code mvn -q -B -DskipTests package exec:java -pl orchestration-examples -am
 * -Dexec.mainClass=dev.flinders.orchestration.examples.guide.GettingStarted}; it keeps its state,
 * datasets and reports under {@code data/} in the working directory, or under the directory given
 * as the first argument.
 */
public final class GettingStarted {
  static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  /** The bundled file (CC BY 4.0, Department of Transport and Planning; see its SOURCE.md). */
  static final String STATION_ENTRIES =
      "/datavic/annual_metropolitan_train_station_entries_fy_2024_2025.csv";

  private GettingStarted() {}

  public static void main(String[] args) {
    runOnce(Path.of(args.length > 0 ? args[0] : "data"));
  }

  // docs: begin
  static Pipeline pipeline(ParquetDatasetSink curated) {
    return Pipeline.builder("getting-started")
        .component(
            Component.builder("stations")
                .task(GettingStarted::loadStations)
                .schedule(Schedule.daily().at(6, 0).in(MELBOURNE))
                .build())
        .component(
            Component.builder("busiest")
                .task(context -> busiest(curated))
                .dependsOn("stations")
                .trigger(TriggerRule.ANY_CHANGED)
                .build())
        .build();
  }

  // docs: end

  // docs: begin
  static Orchestrator.Builder orchestrator(Path data) {
    ParquetDatasetSink curated =
        ParquetDatasetSink.builder(data.resolve("curated")).zone(MELBOURNE).build();
    ParquetDatasetSink quarantine =
        ParquetDatasetSink.builder(data.resolve("quarantine")).zone(MELBOURNE).build();
    return Orchestrator.builder(pipeline(curated))
        .stateDirectory(data.resolve("state"))
        .datasets(curated, quarantine)
        .zone(MELBOURNE);
  }

  static RunReport runOnce(Path data) {
    try (Orchestrator orchestrator =
        orchestrator(data).reports(ReportDirectory.at(data.resolve("reports"))).build()) {
      System.out.println(orchestrator.plan().toText());
      RunReport report = orchestrator.runOnce();
      System.out.println(report.toText());
      return report;
    }
  }

  // docs: end

  // docs: begin
  static final DatasetSpec STATIONS =
      DatasetSpec.builder(
              "station_entries",
              DatasetSchema.builder()
                  .required("Stop_ID", ColumnType.INT)
                  .required("Stop_name", ColumnType.STRING)
                  .optional("Pax_annual", ColumnType.INT)
                  .build())
          .rule(Rule.unique("Stop_ID"))
          .rule(Rule.atLeast("Pax_annual", 0))
          .build();

  static Outcome loadStations(ComponentContext context) throws IOException {
    try (InputStream in = GettingStarted.class.getResourceAsStream(STATION_ENTRIES);
        CsvReader csv = CsvReader.open(in, "station entries", STATIONS.schema())) {
      return Outcome.records(csv.copyTo(context.dataset(STATIONS)));
    }
  }

  static Outcome busiest(ParquetDatasetSink curated) {
    try (ParquetDatasetReader reader = curated.readLatest(STATIONS.name()).orElseThrow()) {
      List<String> busiest =
          reader
              .rows()
              .filter(row -> !row.isNull("Pax_annual"))
              .sorted(
                  Comparator.comparingInt((ParquetRow row) -> row.integer("Pax_annual")).reversed())
              .limit(3)
              .map(row -> row.string("Stop_name"))
              .toList();
      return Outcome.builder()
          .records(busiest.size())
          .note("busiest: " + String.join(", ", busiest))
          .build();
    }
  }

  // docs: end

  // docs: begin
  static Orchestrator startInBackground(Path data) {
    Orchestrator orchestrator =
        orchestrator(data).reports(ReportDirectory.at(data.resolve("reports"))).build();
    orchestrator.start(Duration.ofMinutes(1)); // a run now, then one a minute, until close()
    return orchestrator;
  }
  // docs: end
}

package dev.flinders.orchestration.examples;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.csv.CsvReader;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.dataset.DatasetWriter;
import dev.flinders.orchestration.parquet.ParquetDatasetReader;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import dev.flinders.orchestration.parquet.ParquetRow;
import dev.flinders.orchestration.ptv.datavic.DataVic;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Data-quality rules with quarantine, offline: the real annual station entries (222 rows, bundled)
 * with four bad rows planted at the end go through the rules of {@code
 * DataVic.STATION_PATRONAGE_ANNUAL}. The 222 good rows are written to {@code curated/}; each bad
 * row goes to {@code quarantine/} with the rule it broke and why, printed here from the Parquet
 * file. A second file lacks a required column: that rule fails the component and nothing of it is
 * written. See docs/datasets.md#data-quality-rules.
 *
 * <p>Run it with {@code mvn -q -B -DskipTests package exec:java -pl orchestration-examples -am
 * -Dexec.mainClass=dev.flinders.orchestration.examples.QualityRulesMain}; give a directory to keep
 * the files.
 */
public final class QualityRulesMain {
  static final String FILE = "/datavic/annual_metropolitan_train_station_entries_fy_2024_2025.csv";

  /** Four rows the rules catch, in the file's own columns (its last line has no line end). */
  static final String BAD_ROWS =
      "\r\nFY24-25,15351,Sunbury again,-37.579,144.727,50,50,50,50,50,50,50,50,50,50,50\r\n"
          + "FY24-25,99001,Null Island,0,0,50,50,50,50,50,50,50,50,50,50,50\r\n"
          + "FY24-25,99002,Negative,-37.8,144.9,-100,50,50,50,50,50,50,50,50,50,50\r\n"
          + "FY24-25,abc,Not a number,-37.8,144.9,50,50,50,50,50,50,50,50,50,50,50\r\n";

  private QualityRulesMain() {}

  public static void main(String[] args) throws IOException {
    run(
        args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("flinders-quality"),
        System.out);
  }

  /** One run into {@code data}; prints the report and the quarantined rows. */
  static RunReport run(Path data, PrintStream out) throws IOException {
    DatasetSpec spec = DataVic.STATION_PATRONAGE_ANNUAL;
    Pipeline pipeline =
        Pipeline.builder("quality")
            .component(
                Component.builder("station-entries")
                    .task(context -> copy(withBadRows(), FILE, spec, context.dataset(spec)))
                    .build())
            .component(
                Component.builder("renamed-columns")
                    .task(
                        context ->
                            copy(
                                text("Fin_year,Stop_ID,Station\r\nFY24-25,15351,Sunbury\r\n"),
                                "renamed.csv",
                                spec,
                                context.dataset(spec)))
                    .build())
            .build();
    ParquetDatasetSink quarantine = ParquetDatasetSink.builder(data.resolve("quarantine")).build();
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline)
            .stateStore(new InMemoryStateStore())
            .datasets(ParquetDatasetSink.builder(data.resolve("curated")).build(), quarantine)
            .build()) {
      RunReport report = orchestrator.runOnce();
      out.println(report.toText());
      out.println("Quarantined rows, read back from " + data.resolve("quarantine") + ":");
      try (ParquetDatasetReader reader = quarantine.readLatest(spec.name()).orElseThrow()) {
        for (ParquetRow row = reader.nextRow(); row != null; row = reader.nextRow()) {
          out.println(
              "  row "
                  + row.get("_row")
                  + " "
                  + row.get("Stop_name")
                  + ": "
                  + row.get("_rule")
                  + ": "
                  + row.get("_reason"));
        }
      }
      return report;
    }
  }

  private static Outcome copy(InputStream in, String source, DatasetSpec spec, DatasetWriter writer)
      throws IOException {
    try (in;
        CsvReader csv = CsvReader.open(in, source, spec.schema())) {
      return Outcome.records(csv.copyTo(writer));
    }
  }

  private static InputStream withBadRows() {
    return new SequenceInputStream(
        QualityRulesMain.class.getResourceAsStream(FILE), text(BAD_ROWS));
  }

  private static InputStream text(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}

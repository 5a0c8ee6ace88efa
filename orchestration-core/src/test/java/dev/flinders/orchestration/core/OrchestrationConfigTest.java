package dev.flinders.orchestration.core;

import static dev.flinders.orchestration.core.Fixtures.clock;
import static dev.flinders.orchestration.core.Fixtures.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ConfigurationException;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.Problem;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.config.OrchestrationConfig;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrchestrationConfigTest {
  @TempDir Path directory;

  private static Pipeline pipeline() {
    return Pipeline.builder("victorian-transport")
        .component(component("gtfs-schedule").schedule(Schedule.weekly()).build())
        .component(component("patronage-monthly").dependsOn("gtfs-schedule").build())
        .component(component("station-patronage").build())
        .build();
  }

  /** The full example of docs/configuration.md, read from that page so the page cannot rot. */
  static final String FULL_EXAMPLE = firstJsonBlock(Path.of("..", "docs", "configuration.md"));

  static String firstJsonBlock(Path page) {
    return jsonBlock(page, 0);
  }

  /** The json block of the page at {@code index}, counting from 0. */
  static String jsonBlock(Path page, int index) {
    return DocsPage.of(page).block("json", index);
  }

  @Test
  void theFullExample_overlaysTheCodedPipeline_byComponentName() {
    OrchestrationConfig.Applied applied =
        OrchestrationConfig.parse(FULL_EXAMPLE, "orchestration.json").applyTo(pipeline());

    Pipeline pipeline = applied.pipeline();
    assertThat(pipeline.timeout()).isEqualTo(Duration.ofHours(2));
    assertThat(pipeline.parallelism()).isEqualTo(2);
    Component gtfs = pipeline.component("gtfs-schedule").orElseThrow();
    assertThat(gtfs.schedule().description())
        .isEqualTo("weekly on Monday at 05:00 Australia/Melbourne");
    assertThat(gtfs.timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(gtfs.retry().toString())
        .isEqualTo("3 attempts, backoff 2s x2.0 up to 1m, jitter 10%");
    assertThat(pipeline.component("patronage-monthly").orElseThrow().dependsOn())
        .containsExactly("station-patronage");
    assertThat(pipeline.component("station-patronage").orElseThrow().enabled()).isFalse();
    assertThat(applied.forced()).containsExactly("patronage-monthly");
  }

  @Test
  void theOrchestrator_appliesTheFile_andForcesWhatItForces() throws Exception {
    Path file = directory.resolve("orchestration.json");
    Files.writeString(file, FULL_EXAMPLE);

    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline())
            .config(file)
            .timeSource(clock())
            .stateStore(new InMemoryStateStore())
            .build()) {
      orchestrator.runOnce();
      RunReport second = orchestrator.runOnce();

      assertThat(orchestrator.parallelism()).isEqualTo(2);
      assertThat(second.result("patronage-monthly").orElseThrow().reason().toString())
          .isEqualTo(
              "FORCED: forced by the configuration file (\"force\": true), on every run until it"
                  + " is removed");
      // the plan and the report say what came from the file
      String fromFile =
          file
              + " sets \"patronage-monthly\": schedule \"monthly on day 1 at 07:00\", dependsOn"
              + " [\"station-patronage\"], force true (on every run until it is removed) (zone"
              + " \"Australia/Melbourne\")";
      assertThat(second.configuration())
          .containsExactly(
              file + " sets the pipeline: timeout \"2h\", parallelism 2",
              file
                  + " sets \"gtfs-schedule\": schedule \"weekly on Monday at 05:00\", timeout"
                  + " \"30m\", retry {\"maxAttempts\":3,\"initialDelay\":\"2s\",\"maxDelay\":\"1m\","
                  + "\"multiplier\":2.0,\"jitter\":0.1} (zone \"Australia/Melbourne\")",
              fromFile,
              file + " sets \"station-patronage\": enabled false");
      assertThat(second.toText()).contains(fromFile);
      assertThat(orchestrator.plan().toText()).contains(fromFile);
      assertThat(orchestrator.history(1).get(0).configuration())
          .as("kept in the history")
          .isEqualTo(second.configuration());
      assertThat(second.result("station-patronage").orElseThrow().reason().code())
          .isEqualTo(ReasonCode.DISABLED);
      assertThat(second.status("gtfs-schedule")).isEqualTo(Status.SKIPPED);
    }
  }

  @Test
  void theFilesZone_isTheZoneOfReasonsAndReports_unlessTheBuilderSetsOne() throws Exception {
    Path file = directory.resolve("orchestration.json");
    Files.writeString(file, "{\"zone\": \"Australia/Melbourne\"}");
    dev.flinders.orchestration.core.testing.ManualClock utc =
        dev.flinders.orchestration.core.testing.ManualClock.at("2026-11-25T06:00:00+11:00");

    try (Orchestrator fromFile =
            Orchestrator.builder(pipeline())
                .config(file)
                .timeSource(utc)
                .stateStore(new InMemoryStateStore())
                .build();
        Orchestrator fromBuilder =
            Orchestrator.builder(pipeline())
                .config(file)
                .timeSource(utc)
                .zone(java.time.ZoneOffset.UTC)
                .stateStore(new InMemoryStateStore())
                .build()) {
      assertThat(fromFile.runOnce().zone()).isEqualTo(java.time.ZoneId.of("Australia/Melbourne"));
      assertThat(fromFile.plan().toText())
          .startsWith("Plan for victorian-transport at 2026-11-25T06:00+11:00");
      assertThat(fromBuilder.plan().zone()).isEqualTo(java.time.ZoneOffset.UTC);
    }
  }

  @Test
  void anInvalidFile_getsOneErrorListingEveryProblemWithItsJsonPath() {
    String json =
        """
        {
          "zone": "Mars/Olympus",
          "pipelin": {},
          "pipeline": { "timeout": "0s", "parallelism": 0 },
          "components": {
            "gtfs": { "enabled": true },
            "gtfs-schedule": {
              "enabled": "yes",
              "schedule": "fortnightly",
              "timout": "30m",
              "timeout": "30 minutes",
              "retry": { "maxAttempts": 0, "jitter": 2, "backoff": "2s" },
              "dependsOn": "patronage-monthly",
              "force": 1
            }
          }
        }
        """;

    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () -> OrchestrationConfig.parse(json, "orchestration.json").applyTo(pipeline()));

    assertThat(e.source()).isEqualTo("orchestration.json");
    assertThat(e.problems())
        .extracting(Problem::where)
        .containsExactly(
            "$.pipelin",
            "$.zone",
            "$.pipeline.timeout",
            "$.pipeline.parallelism",
            "$.components.gtfs",
            "$.components['gtfs-schedule'].timout",
            "$.components['gtfs-schedule'].enabled",
            "$.components['gtfs-schedule'].schedule",
            "$.components['gtfs-schedule'].timeout",
            "$.components['gtfs-schedule'].retry.backoff",
            "$.components['gtfs-schedule'].retry.maxAttempts",
            "$.components['gtfs-schedule'].retry.jitter",
            "$.components['gtfs-schedule'].dependsOn",
            "$.components['gtfs-schedule'].force");
    assertThat(e.getMessage())
        .startsWith("configuration orchestration.json is not valid (14 problems):")
        .contains(
            "$.pipelin: unknown setting \"pipelin\": the settings here are zone, pipeline, components, peakHours, notifications",
            "$.zone: unknown time zone \"Mars/Olympus\": use a region such as Australia/Melbourne",
            "$.pipeline.timeout: must be positive, was \"0s\"",
            "$.pipeline.parallelism: must be a whole number of at least 1, was 0",
            "$.components.gtfs: no component named \"gtfs\" in pipeline \"victorian-transport\"; its components are gtfs-schedule, patronage-monthly, station-patronage",
            "$.components['gtfs-schedule'].enabled: must be true or false, was the string \"yes\"",
            "$.components['gtfs-schedule'].schedule: not a schedule: \"fortnightly\": unknown frequency \"fortnightly\"",
            "$.components['gtfs-schedule'].timeout: not a duration: \"30 minutes\"",
            "$.components['gtfs-schedule'].retry.maxAttempts: must be a whole number of at least 1, was 0",
            "$.components['gtfs-schedule'].retry.jitter: jitter must be between 0 and 1, was 2.0",
            "$.components['gtfs-schedule'].dependsOn: must be an array of component names, was the string \"patronage-monthly\"",
            "$.components['gtfs-schedule'].force: must be true or false, was 1");
  }

  @Test
  void dependenciesThatMakeACycle_areReportedAfterApplying() {
    String json = "{\"components\": {\"gtfs-schedule\": {\"dependsOn\": [\"patronage-monthly\"]}}}";

    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () -> OrchestrationConfig.parse(json, "orchestration.json").applyTo(pipeline()));

    assertThat(e.getMessage())
        .contains(
            "$.components: after applying this file, component \"gtfs-schedule\": dependency cycle gtfs-schedule ->"
                + " patronage-monthly -> gtfs-schedule (each depends on the next): remove one of these dependencies");
  }

  @Test
  void syntaxErrors_missingFiles_andDuplicateKeys_sayWhere() {
    assertThat(
            catchThrowableOfType(
                    ConfigurationException.class,
                    () -> OrchestrationConfig.parse("{\"components\": {,}", "x.json"))
                .getMessage())
        .startsWith(
            "configuration x.json is not valid (1 problem):\n  - $: not valid JSON at line 1, column 17: Unexpected character (',' (code 44))");
    assertThat(
            catchThrowableOfType(
                    ConfigurationException.class,
                    () ->
                        OrchestrationConfig.parse(
                            "{\"zone\": \"UTC\", \"zone\": \"UTC\"}", "x.json"))
                .getMessage())
        .contains("Duplicate field 'zone'");
    assertThat(
            catchThrowableOfType(
                    ConfigurationException.class,
                    () -> OrchestrationConfig.read(directory.resolve("missing.json")))
                .getMessage())
        .endsWith("$: the file does not exist: create it or remove the config(...) setting");
    assertThat(
            catchThrowableOfType(
                    ConfigurationException.class,
                    () -> OrchestrationConfig.parse("[]", "x.json").applyTo(pipeline()))
                .getMessage())
        .endsWith("$: must be a JSON object, was an array");
  }

  @Test
  void textAfterTheObject_isRefused_sayingWhere() {
    assertThat(
            catchThrowableOfType(
                    ConfigurationException.class,
                    () ->
                        OrchestrationConfig.parse("{\"pipeline\":{\"parallelism\":2}} }", "x.json"))
                .getMessage())
        .endsWith(
            "$: not valid JSON at line 1, column 32: Unexpected close marker '}': no open Object to close");
    assertThat(
            catchThrowableOfType(
                    ConfigurationException.class,
                    () ->
                        OrchestrationConfig.parse(
                            "{\"zone\":\"UTC\"}\n{\"zone\":\"UTC\"}", "x.json"))
                .getMessage())
        .endsWith(
            "$: text after the end of the JSON object at line 2, column 1: the file holds one object");
  }

  @Test
  void aByteOrderMark_isAccepted_andInvalidUtf8_isRefusedSayingWhere() throws Exception {
    java.nio.file.Path withBom = directory.resolve("bom.json");
    java.nio.file.Files.write(
        withBom, ("\uFEFF{\"zone\": \"UTC\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(OrchestrationConfig.read(withBom).applyTo(pipeline()).pipeline()).isNotNull();

    java.nio.file.Path latin1 = directory.resolve("latin1.json");
    java.nio.file.Files.write(
        latin1,
        "{\n \"zone\": \"Z\u00fcrich\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThat(
            catchThrowableOfType(
                    ConfigurationException.class, () -> OrchestrationConfig.read(latin1))
                .getMessage())
        .endsWith(
            "$: the file is not UTF-8 text: byte 0xFC at offset 13 (line 2) is not valid UTF-8;"
                + " save it as UTF-8");
  }
}

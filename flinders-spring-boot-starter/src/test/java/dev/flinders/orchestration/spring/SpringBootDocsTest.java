package dev.flinders.orchestration.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.core.DocsPage;
import dev.flinders.orchestration.core.Orchestrator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * docs/spring-boot.md stays true: its Java is compiled code (here, or the sample's), its first
 * properties block starts the application it describes, and its reference table lists exactly the
 * properties of the generated metadata.
 */
class SpringBootDocsTest {
  private static final Path PAGE = Path.of("..", "docs", "spring-boot.md");
  private static final Path SAMPLE =
      Path.of(
          "..",
          "orchestration-spring-boot-sample",
          "src",
          "main",
          "java",
          "dev",
          "flinders",
          "orchestration",
          "spring",
          "sample",
          "VictoriaApplication.java");

  @TempDir Path data;

  @Configuration(proxyBeanMethods = false)
  static class Ingestion {
    // docs: begin
    @Bean
    Component stations() {
      return Component.builder("stations")
          .task(context -> Outcome.records(222)) // your source: fetch, parse, write a dataset
          .schedule(Schedule.daily().at(6, 0).in(ZoneId.of("Australia/Melbourne")))
          .build();
    }

    @Bean
    Component patronage() {
      return Component.builder("patronage")
          .task(context -> Outcome.records(4000))
          .dependsOn("stations")
          .build();
    }
    // docs: end
  }

  @Test
  void theJavaBlocks_areCompiledCode() throws Exception {
    String sources =
        stripped(Files.readString(Path.of("src/test/java").resolve(source(getClass()))))
            + stripped(Files.readString(SAMPLE));
    List<String> blocks = DocsPage.of(PAGE).blocks("java");
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(2);
    for (String block : blocks) {
      assertThat(sources).as("compiled code showing:%n%s", block).contains(stripped(block));
    }
  }

  @Test
  void theFirstPropertiesBlock_startsTheComponentsOfThePage() {
    List<String> properties = new ArrayList<>();
    for (String line : DocsPage.of(PAGE).block("properties", 0).split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        properties.add(line.replace("data/", data + "/"));
      }
    }
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FlindersAutoConfiguration.class))
        .withUserConfiguration(Ingestion.class)
        .withPropertyValues(properties.toArray(String[]::new))
        .withPropertyValues("flinders.start-on-startup=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Orchestrator orchestrator = context.getBean(Orchestrator.class);
              assertThat(orchestrator.pipeline().name()).isEqualTo("dashboard-ingestion");
              assertThat(orchestrator.runOnce().status()).isEqualTo(RunStatus.SUCCEEDED);
            });
  }

  @Test
  void theReferenceTable_listsEveryProperty() throws Exception {
    Set<String> documented = new TreeSet<>();
    Matcher row =
        Pattern.compile("(?m)^\\| `(flinders\\.[a-z0-9.\\-\\[\\]<>*]+)`")
            .matcher(DocsPage.of(PAGE).text());
    while (row.find()) {
      documented.add(row.group(1).replaceAll("\\.<[a-z]+>.*$", ""));
    }
    String json;
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int start = json.indexOf("\"properties\": [");
    int end = json.indexOf("\"hints\": [", start);
    String section = json.substring(start, end < 0 ? json.length() : end);
    Matcher name = Pattern.compile("\"name\": \"(flinders\\.[^\"]+)\"").matcher(section);
    Set<String> properties = new TreeSet<>();
    while (name.find()) {
      properties.add(name.group(1));
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(properties);
  }

  private static Path source(Class<?> type) {
    return Path.of(type.getName().replace('.', '/') + ".java");
  }

  /** The text with each line stripped of its indentation and blank lines dropped. */
  private static String stripped(String text) {
    return text.lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .collect(Collectors.joining("\n", "", "\n"));
  }
}

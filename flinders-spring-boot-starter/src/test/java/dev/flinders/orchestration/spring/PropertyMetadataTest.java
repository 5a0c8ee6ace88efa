package dev.flinders.orchestration.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The metadata IDEs complete {@code flinders.*} properties from: generated from {@link
 * FlindersProperties} by spring-boot-configuration-processor, with a description for each.
 */
class PropertyMetadataTest {
  @Test
  void everyPropertyOfTheGuide_hasADescription() throws Exception {
    String json;
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("the generated metadata").isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String property :
        new String[] {
          "flinders.enabled",
          "flinders.start-on-startup",
          "flinders.tick",
          "flinders.shutdown-grace",
          "flinders.config",
          "flinders.zone",
          "flinders.pipeline.name",
          "flinders.pipeline.parallelism",
          "flinders.pipeline.timeout",
          "flinders.state.store",
          "flinders.state.postgres.table-prefix",
          "flinders.reports.directory",
          "flinders.datasets.directory",
          "flinders.datasets.freshness",
          "flinders.notifications.slack.webhook-url",
          "flinders.notifications.email.password",
          "flinders.quotas",
          "flinders.health.max-failing-components",
          "flinders.status-page.path",
          // the guide's switch for the health indicator: Spring Boot declares only its own
          "management.health.flinders.enabled"
        }) {
      Matcher entry =
          Pattern.compile(
                  "\"name\": \""
                      + Pattern.quote(property)
                      + "\",[^}]*?\"description\": \"([^\"]+)\"",
                  Pattern.DOTALL)
              .matcher(json);
      assertThat(entry.find()).as("%s with a description", property).isTrue();
      assertThat(entry.group(1)).as(property).hasSizeGreaterThan(15);
    }
    assertThat(json)
        .as("the default state directory, from additional-spring-configuration-metadata.json")
        .containsAnyOf("\"defaultValue\": \"data/state\"", "\"defaultValue\": \"data\\/state\"");
  }
}

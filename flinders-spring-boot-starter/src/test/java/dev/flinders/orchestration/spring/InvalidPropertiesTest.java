package dev.flinders.orchestration.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Problem;
import dev.flinders.orchestration.spring.internal.FlindersFailureAnalyzer;
import java.nio.file.Path;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Bad properties stop the start with every problem at once, each naming its property, what was
 * wrong and the fix, and no secret; the failure analyzer prints them.
 */
class InvalidPropertiesTest {
  @TempDir Path data;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FlindersAutoConfiguration.class))
        .withBean(Component.class, () -> Runs.component("gtfs"))
        .withPropertyValues(
            "flinders.state.directory=" + data.resolve("state"), "flinders.start-on-startup=false");
  }

  @Test
  void everyProblem_isReportedAtOnce_withItsPropertyAndFix_andNoSecret() {
    runner()
        .withPropertyValues(
            "flinders.tick=0s",
            "flinders.shutdown-grace=-1s",
            "flinders.pipeline.parallelism=0",
            "flinders.zone=Melbourne/Flinders",
            "flinders.config=" + data.resolve("missing.json"),
            "flinders.status-page.path=flinders/",
            "flinders.quotas.ptv.daily-budget=2000",
            "flinders.quotas.ptv.reserved-share=1.5",
            "flinders.quotas.gtfs.rate-limits[0].calls=0",
            "flinders.quotas.gtfs.rate-limits[0].per=60s",
            "flinders.notifications.slack.webhook-url=http://hooks.example/XSECRETX",
            "flinders.notifications.email.host=smtp.example.org",
            "flinders.notifications.email.to=ops@example.org",
            "flinders.notifications.email.password=NEVER-SHOWN-PASSWORD",
            "flinders.state.store=postgres")
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable failure = context.getStartupFailure();
              FlindersPropertiesException exception = cause(failure);
              assertThat(exception.problems())
                  .extracting(Problem::where)
                  .containsExactlyInAnyOrder(
                      "flinders.tick",
                      "flinders.shutdown-grace",
                      "flinders.pipeline.parallelism",
                      "flinders.zone",
                      "flinders.config",
                      "flinders.status-page.path",
                      "flinders.quotas.ptv.daily-budget",
                      "flinders.quotas.gtfs.rate-limits[0]",
                      "flinders.notifications.slack.webhook-url",
                      "flinders.notifications.email.from",
                      "flinders.notifications.email.username",
                      "flinders.state.store");
              assertThat(exception.getMessage())
                  .contains("Flinders' properties are not valid (12 problems)")
                  .contains("flinders.tick: must be positive, was 0s: e.g. flinders.tick=1m")
                  .contains(
                      "flinders.pipeline.parallelism: parallelism must be at least 1, was 0: set"
                          + " 1 or more")
                  .contains(
                      "flinders.state.store: is postgres but the application has no single"
                          + " DataSource bean: configure spring.datasource.*")
                  .contains(
                      "flinders.notifications.slack.webhook-url: is not an https URL (its value"
                          + " is not shown: it is a secret)")
                  .doesNotContain("XSECRETX")
                  .doesNotContain("NEVER-SHOWN-PASSWORD");

              FailureAnalysis analysis = new FlindersFailureAnalyzer().analyze(failure);
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription()).isEqualTo(exception.getMessage());
              assertThat(analysis.getAction())
                  .startsWith("Fix the flinders.* properties listed above")
                  .contains("docs/spring-boot.md");
            });
  }

  @Test
  void optionalModulesMissing_areNamedWithTheDependencyToAdd() {
    runner()
        .withClassLoader(
            new FilteredClassLoader(
                "dev.flinders.orchestration.postgres", "dev.flinders.orchestration.parquet"))
        .withPropertyValues(
            "flinders.state.store=postgres", "flinders.datasets.directory=" + data.resolve("out"))
        .run(
            context ->
                assertThat(cause(context.getStartupFailure()).problems())
                    .extracting(Problem::toString)
                    .containsExactly(
                        "flinders.state.store: is postgres but orchestration-postgres is not on"
                            + " the classpath: add the dependency"
                            + " dev.flinders:orchestration-postgres",
                        "flinders.datasets.directory: is set but orchestration-parquet is not on"
                            + " the classpath: add the dependency"
                            + " dev.flinders:orchestration-parquet"));
  }

  @Test
  void aBadPipeline_isAnalysedAsTheComponentBeansToFix() {
    runner()
        .withBean("again", Component.class, () -> Runs.component("gtfs"))
        .run(
            context -> {
              FailureAnalysis analysis =
                  new FlindersFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription()).contains("gtfs");
              assertThat(analysis.getAction()).startsWith("Fix the Component beans");
            });
  }

  @Test
  void aBadConfigurationFile_isAnalysedWithItsJsonPaths() throws Exception {
    Path config = data.resolve("orchestration.json");
    java.nio.file.Files.writeString(config, "{\"components\": {\"gtfs\": {\"timeout\": 5}}}");
    runner()
        .withPropertyValues("flinders.config=" + config)
        .run(
            context -> {
              FailureAnalysis analysis =
                  new FlindersFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription()).contains("$.components.gtfs.timeout");
              assertThat(analysis.getAction()).startsWith("Fix the configuration file " + config);
            });
  }

  private static FlindersPropertiesException cause(Throwable failure) {
    Throwable cause = failure;
    while (cause != null && !(cause instanceof FlindersPropertiesException)) {
      cause = cause.getCause();
    }
    assertThat(cause)
        .as("a FlindersPropertiesException in %s", failure)
        .asInstanceOf(InstanceOfAssertFactories.type(FlindersPropertiesException.class))
        .isNotNull();
    return (FlindersPropertiesException) cause;
  }
}

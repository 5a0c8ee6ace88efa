package dev.flinders.orchestration.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicator and the actuator endpoint over a real orchestrator. */
class ActuatorTest {
  @TempDir Path data;
  private final ManualClock clock = ManualClock.at("2026-03-02T06:00:00+11:00");

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                FlindersAutoConfiguration.class,
                FlindersHealthAutoConfiguration.class,
                FlindersEndpointAutoConfiguration.class))
        .withBean(OrchestratorCustomizer.class, () -> builder -> builder.timeSource(clock))
        .withPropertyValues(
            "flinders.state.directory=" + data.resolve("state"),
            "flinders.start-on-startup=false",
            "management.endpoints.web.exposure.include=flinders");
  }

  @Test
  void health_isUp_withTheLastRun_thenDown_whenAComponentFails() {
    runner()
        .withBean("gtfs", Component.class, () -> Runs.component("gtfs"))
        .withBean("feed", Component.class, () -> Runs.failing("feed"))
        .run(
            context -> {
              FlindersHealthIndicator indicator = context.getBean(FlindersHealthIndicator.class);
              Health before = indicator.health();
              assertThat(before.getStatus().getCode()).isEqualTo("UP");
              assertThat(before.getDetails())
                  .containsEntry("pipeline", "flinders")
                  .containsEntry("ticker", "stopped")
                  .doesNotContainKey("lastRun");

              String runId = context.getBean(Orchestrator.class).runOnce().runId();
              Health after = indicator.health();
              assertThat(after.getStatus().getCode()).isEqualTo("DOWN");
              assertThat(after.getDetails().get("lastRun"))
                  .isEqualTo(
                      Map.of(
                          "id", runId,
                          "status", "FAILED",
                          "startedAt", "2026-03-01T19:00:00Z",
                          "endedAt", "2026-03-01T19:00:00Z"));
              assertThat(after.getDetails().get("failingComponents"))
                  .isEqualTo(
                      Map.of(
                          "feed",
                          "FAILED in run "
                              + runId
                              + ": failed on attempt 1 of 1: IllegalStateException: the source answered"
                              + " 503"));
            });
  }

  @Test
  void health_toleratesAsManyFailingComponentsAsConfigured() {
    runner()
        .withBean("feed", Component.class, () -> Runs.failing("feed"))
        .withPropertyValues("flinders.health.max-failing-components=1")
        .run(
            context -> {
              context.getBean(Orchestrator.class).runOnce();
              assertThat(context.getBean(FlindersHealthIndicator.class).health().getStatus())
                  .hasToString("UP");
            });
  }

  @Test
  void health_isDown_whenNoRunStartedForTwoTicksAndARunTimeout() {
    Runs runs = new Runs();
    FlakyStore store = new FlakyStore();
    runner()
        .withBean("gtfs", Component.class, () -> Runs.component("gtfs"))
        .withBean(Runs.class, () -> runs)
        .withBean(dev.flinders.orchestration.spi.StateStore.class, () -> store)
        .withPropertyValues(
            "flinders.start-on-startup=true", "flinders.tick=1m", "flinders.pipeline.timeout=1m")
        .run(
            context -> {
              assertThat(runs.next().status()).isEqualTo(RunStatus.SUCCEEDED);
              FlindersHealthIndicator indicator = context.getBean(FlindersHealthIndicator.class);
              assertThat(indicator.health().getStatus()).hasToString("UP");
              assertThat(indicator.health().getDetails()).containsEntry("ticker", "running");

              store.down = true; // every tick from now on fails to start a run
              clock.advance(Duration.ofMinutes(4));
              Health health = indicator.health();
              assertThat(health.getStatus()).hasToString("DOWN");
              assertThat((String) health.getDetails().get("tickerProblem"))
                  .isEqualTo(
                      "no run started since 2026-03-01T19:00:00Z, more than 3m ago: the ticker"
                          + " seems stuck");
            });
  }

  @Test
  void health_reportsStaleDatasets() {
    runner()
        .withBean("gtfs", Component.class, () -> Runs.component("gtfs"))
        .withPropertyValues(
            "flinders.datasets.directory=" + data.resolve("datasets"),
            "flinders.datasets.freshness.stops=1h")
        .run(
            context -> {
              Health health = context.getBean(FlindersHealthIndicator.class).health();
              assertThat(health.getStatus()).hasToString("DOWN");
              assertThat(health.getDetails().get("staleDatasets"))
                  .isEqualTo(Map.of("stops", "no file committed yet (limit 1h)"));
            });
  }

  @Test
  void endpoint_showsStatusAndPlan_andRunsRequestsInTheBackground() {
    Runs runs = new Runs();
    runner()
        .withBean("gtfs", Component.class, () -> Runs.component("gtfs"))
        .withBean(Runs.class, () -> runs)
        .withPropertyValues("flinders.start-on-startup=true", "flinders.tick=1h")
        .run(
            context -> {
              assertThat(runs.next().status()).isEqualTo(RunStatus.SUCCEEDED);
              FlindersEndpoint endpoint = context.getBean(FlindersEndpoint.class);

              FlindersEndpoint.Status status = endpoint.status();
              assertThat(status.pipeline()).isEqualTo("flinders");
              assertThat(status.ticker()).isTrue();
              assertThat(status.lastRun().status()).isEqualTo("SUCCEEDED");
              assertThat(status.components())
                  .singleElement()
                  .satisfies(
                      component -> {
                        assertThat(component.component()).isEqualTo("gtfs");
                        assertThat(component.lastOutcome()).isEqualTo("SUCCEEDED");
                        assertThat(component.next()).isEqualTo("RUN");
                      });

              WebEndpointResponse<Object> plan = endpoint.part("plan");
              assertThat(plan.getStatus()).isEqualTo(200);
              FlindersEndpoint.Plan body = (FlindersEndpoint.Plan) plan.getBody();
              assertThat(body.steps())
                  .extracting(FlindersEndpoint.Step::component)
                  .contains("gtfs");
              assertThat(body.text()).contains("gtfs");
              assertThat(endpoint.part("history").getStatus()).isEqualTo(404);

              WebEndpointResponse<Object> forced = endpoint.request("force", "gtfs");
              assertThat(forced.getStatus()).isEqualTo(200);
              assertThat(runs.next().status("gtfs")).isEqualTo(Status.SUCCEEDED);

              WebEndpointResponse<Object> unknown = endpoint.request("force", " gtfz, gtfs");
              assertThat(unknown.getStatus()).isEqualTo(400);
              assertThat(unknown.getBody().toString())
                  .contains("does not have: gtfz; its components are gtfs");
              assertThat(endpoint.request("explode", null).getStatus()).isEqualTo(400);
              assertThat(endpoint.request("run", "gtfs").getStatus()).isEqualTo(400);
              assertThat(endpoint.request("check", null).getStatus()).isEqualTo(200);
              assertThat(runs.next().status()).isEqualTo(RunStatus.SUCCEEDED);
            });
  }

  @Test
  void endpoint_isLeftOut_unlessExposed_andTheActuatorIsOptional() {
    runner()
        .withBean("gtfs", Component.class, () -> Runs.component("gtfs"))
        .withPropertyValues("management.endpoints.web.exposure.include=health")
        .run(context -> assertThat(context).doesNotHaveBean(FlindersEndpoint.class));
    runner()
        .withBean("gtfs", Component.class, () -> Runs.component("gtfs"))
        .withClassLoader(
            new FilteredClassLoader(
                "org.springframework.boot.actuate", "org.springframework.boot.health"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(Orchestrator.class);
              assertThat(context).doesNotHaveBean(FlindersEndpoint.class);
              assertThat(context).doesNotHaveBean(FlindersHealthIndicator.class);
            });
  }
}

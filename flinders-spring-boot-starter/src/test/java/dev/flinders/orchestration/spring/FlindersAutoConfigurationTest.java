package dev.flinders.orchestration.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.notify.EmailNotifier;
import dev.flinders.orchestration.core.notify.LogNotifier;
import dev.flinders.orchestration.core.notify.Notifications;
import dev.flinders.orchestration.core.notify.SlackNotifier;
import dev.flinders.orchestration.core.state.InMemoryStateStore;
import dev.flinders.orchestration.core.state.JsonFileStateStore;
import dev.flinders.orchestration.micrometer.FlindersMetrics;
import dev.flinders.orchestration.notify.Alert;
import dev.flinders.orchestration.notify.Notifier;
import dev.flinders.orchestration.quota.QuotaPolicy;
import dev.flinders.orchestration.spi.StateStore;
import dev.flinders.orchestration.spring.internal.FlindersSettings;
import dev.flinders.orchestration.spring.internal.NothingToOrchestrate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every branch of the auto-configuration, in application contexts that are not web servers. */
class FlindersAutoConfigurationTest {
  @TempDir Path data;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                FlindersAutoConfiguration.class,
                FlindersMetricsAutoConfiguration.class,
                FlindersHealthAutoConfiguration.class,
                FlindersEndpointAutoConfiguration.class,
                FlindersStatusPageAutoConfiguration.class))
        .withPropertyValues(
            "flinders.state.directory=" + data.resolve("state"), "flinders.start-on-startup=false");
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoComponents {
    @Bean
    Component gtfs() {
      return Runs.component("gtfs");
    }

    @Bean
    Component patronage() {
      return Component.builder("patronage")
          .task(context -> dev.flinders.orchestration.Outcome.records(1))
          .dependsOn("gtfs")
          .build();
    }
  }

  @Test
  void noComponentsAndNoPipeline_backsOff_andSaysWhy() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(Orchestrator.class);
              assertThat(context).doesNotHaveBean(StateStore.class);
              assertThat(context).hasSingleBean(NothingToOrchestrate.class);
            });
  }

  @Test
  void disabled_leavesEverythingOut() {
    runner()
        .withUserConfiguration(TwoComponents.class)
        .withPropertyValues("flinders.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(Pipeline.class);
              assertThat(context).doesNotHaveBean(Orchestrator.class);
              assertThat(context).doesNotHaveBean(NothingToOrchestrate.class);
            });
  }

  @Test
  void componentBeans_makeAPipeline_runWithTheJsonStore_withoutADataSource() {
    runner()
        .withUserConfiguration(TwoComponents.class)
        .withPropertyValues(
            "flinders.pipeline.name=ingestion",
            "flinders.pipeline.parallelism=2",
            "flinders.pipeline.timeout=10m",
            "flinders.zone=Australia/Melbourne",
            "flinders.reports.directory=" + data.resolve("reports"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Pipeline pipeline = context.getBean(Pipeline.class);
              assertThat(pipeline.name()).isEqualTo("ingestion");
              assertThat(pipeline.components())
                  .extracting(Component::name)
                  .containsExactly("gtfs", "patronage");
              assertThat(context.getBean(StateStore.class)).isInstanceOf(JsonFileStateStore.class);
              Orchestrator orchestrator = context.getBean(Orchestrator.class);
              assertThat(orchestrator.parallelism()).isEqualTo(2);
              assertThat(orchestrator.runTimeout()).isEqualTo(Duration.ofMinutes(10));
              assertThat(orchestrator.plan().zone()).isEqualTo(ZoneId.of("Australia/Melbourne"));
              assertThat(orchestrator.isStarted()).as("start-on-startup=false").isFalse();

              RunReport report = orchestrator.runOnce();
              assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
              assertThat(Files.list(data.resolve("state")).toList()).isNotEmpty();
              assertThat(data.resolve("reports").resolve("latest.html")).exists();
              assertThat(context).doesNotHaveBean(FlindersMetrics.class);
            });
  }

  @Test
  void startOnStartup_ticksInTheBackground_untilTheContextCloses() {
    Runs runs = new Runs();
    runner()
        .withUserConfiguration(TwoComponents.class)
        .withBean(Runs.class, () -> runs)
        .withPropertyValues("flinders.start-on-startup=true", "flinders.tick=1h")
        .run(
            context -> {
              FlindersLifecycle lifecycle = context.getBean(FlindersLifecycle.class);
              Orchestrator orchestrator = context.getBean(Orchestrator.class);
              assertThat(lifecycle.isRunning()).isTrue();
              assertThat(orchestrator.isStarted()).isTrue();
              assertThat(runs.next().status()).isEqualTo(RunStatus.SUCCEEDED);
              context.close();
              assertThat(lifecycle.isRunning()).isFalse();
              assertThat(orchestrator.isStarted()).isFalse();
            });
  }

  @Test
  void applicationBeans_overrideTheDefaults() {
    InMemoryStateStore store = new InMemoryStateStore();
    Notifications notifications =
        Notifications.builder().route(new LogNotifier(), Alert.Severity.INFO).build();
    runner()
        .withUserConfiguration(TwoComponents.class)
        .withBean(
            Pipeline.class, () -> Pipeline.builder("own").component(Runs.component("only")).build())
        .withBean(StateStore.class, () -> store)
        .withBean(Notifications.class, () -> notifications)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Orchestrator orchestrator = context.getBean(Orchestrator.class);
              assertThat(orchestrator.pipeline().name()).isEqualTo("own");
              assertThat(orchestrator.stateStore()).isSameAs(store);
              orchestrator.runOnce();
              assertThat(store.runs("own", 10)).hasSize(1);
            });
  }

  @Test
  void anOrchestratorBean_isUsedAsIs_andStillGetsTheLifecycle() {
    runner()
        .withUserConfiguration(TwoComponents.class)
        .withBean(
            Orchestrator.class,
            () ->
                Orchestrator.builder(Pipeline.builder("own").component(Runs.component("x")).build())
                    .stateStore(new InMemoryStateStore())
                    .build())
        .run(
            context -> {
              assertThat(context).hasSingleBean(Orchestrator.class);
              assertThat(context.getBean(Orchestrator.class).pipeline().name()).isEqualTo("own");
              assertThat(context).hasSingleBean(FlindersLifecycle.class);
              assertThat(context).hasSingleBean(FlindersHealthIndicator.class);
              assertThat(context).as("no store opened beside it").doesNotHaveBean(StateStore.class);
            });
  }

  private static Orchestrator ownOrchestrator() {
    return Orchestrator.builder(Pipeline.builder("own").component(Runs.component("x")).build())
        .stateStore(new InMemoryStateStore())
        .build();
  }

  @Test
  void disabled_leavesOutTheHealthIndicator_besideAnOrchestratorBean() {
    runner()
        .withBean(Orchestrator.class, FlindersAutoConfigurationTest::ownOrchestrator)
        .withPropertyValues("flinders.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(FlindersLifecycle.class);
              assertThat(context).doesNotHaveBean(FlindersHealthIndicator.class);
              assertThat(context).doesNotHaveBean(FlindersEndpoint.class);
            });
  }

  @Test
  void anOrchestratorBeanWithoutPipelineBean_isOrchestrated_andItsPropertiesChecked() {
    runner()
        .withBean(Orchestrator.class, FlindersAutoConfigurationTest::ownOrchestrator)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(FlindersLifecycle.class);
              assertThat(context)
                  .as("it has something to orchestrate")
                  .doesNotHaveBean(NothingToOrchestrate.class);
            });
    runner()
        .withBean(Orchestrator.class, FlindersAutoConfigurationTest::ownOrchestrator)
        .withPropertyValues("flinders.tick=-5s", "flinders.shutdown-grace=-1s")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(FlindersPropertiesException.class)
                    .hasMessageContaining("flinders.tick: must be positive, was -5s")
                    .hasMessageContaining("flinders.shutdown-grace: must be zero or more"));
  }

  @Test
  void quotas_comeFromPropertiesAndBeans_aBeanWinsForItsProvider() {
    runner()
        .withBean(
            "ptvCalls",
            Component.class,
            () -> Component.builder("ptv").task(context -> null).quota("ptv").build())
        .withBean(
            "datavicCalls",
            Component.class,
            () -> Component.builder("datavic").task(context -> null).quota("datavic").build())
        .withBean(
            QuotaPolicy.class,
            () -> QuotaPolicy.builder("datavic").rateLimit(5, Duration.ofSeconds(1)).build())
        .withPropertyValues(
            "flinders.quotas.ptv.daily-budget=2000",
            "flinders.quotas.ptv.daily-budget-zone=Australia/Melbourne",
            "flinders.quotas.ptv.rate-limits[0].calls=24",
            "flinders.quotas.ptv.rate-limits[0].per=60s",
            "flinders.quotas.datavic.daily-budget=1")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              List<QuotaPolicy> quotas = context.getBean(FlindersSettings.class).quotas();
              assertThat(quotas).extracting(QuotaPolicy::toString).hasSize(2);
              QuotaPolicy ptv = quotas.get(0);
              assertThat(ptv.dailyBudget()).isPresent();
              assertThat(ptv.dailyBudget().get().calls()).isEqualTo(2000);
              assertThat(ptv.rateLimits()).hasSize(1);
              assertThat(context.getBean(Orchestrator.class).plan().steps()).hasSize(2);
            });
  }

  @Test
  void aComponentNamingAQuotaNobodyConfigured_failsTheStartWithTheBuildersMessage() {
    runner()
        .withBean(
            Component.class,
            () -> Component.builder("ptv").task(context -> null).quota("ptv").build())
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("counts its calls against the quota of \"ptv\""));
  }

  @Test
  void notifications_fromPropertiesAndNotifierBeans_keepTheirSecretsOutOfSight() {
    String webhook = "https://hooks.slack.com/services/T000/B000/XSECRETXSLACKX";
    String password = "p4ssw0rd-NEVER-SHOWN";
    Notifier own =
        new Notifier() {
          @Override
          public String name() {
            return "own";
          }

          @Override
          public void send(Alert alert) {}
        };
    runner()
        .withUserConfiguration(TwoComponents.class)
        .withBean(Notifier.class, () -> own)
        .withPropertyValues(
            "flinders.notifications.slack.webhook-url=" + webhook,
            "flinders.notifications.email.host=smtp.example.org",
            "flinders.notifications.email.from=flinders@example.org",
            "flinders.notifications.email.to=ops@example.org,data@example.org",
            "flinders.notifications.email.username=flinders",
            "flinders.notifications.email.password=" + password,
            "flinders.notifications.email.min-severity=critical",
            "flinders.notifications.cool-down=30m")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Notifications notifications = context.getBean(FlindersSettings.class).notifications();
              assertThat(notifications).isNotNull();
              assertThat(notifications.coolDown()).isEqualTo(Duration.ofMinutes(30));
              assertThat(notifications.routes())
                  .extracting(route -> (Object) route.notifier().getClass())
                  .containsExactly(SlackNotifier.class, EmailNotifier.class, own.getClass());
              assertThat(notifications.routes().get(1).minimum())
                  .isEqualTo(Alert.Severity.CRITICAL);
              String shown =
                  notifications.routes().toString()
                      + context.getBean(Orchestrator.class)
                      + context.getBean(FlindersHealthIndicator.class).health();
              assertThat(shown).doesNotContain("XSECRETXSLACKX").doesNotContain(password);
            });
  }

  @Test
  void aMeterRegistry_getsTheRunMetrics() {
    runner()
        .withUserConfiguration(TwoComponents.class)
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              assertThat(context).hasSingleBean(FlindersMetrics.class);
              context.getBean(Orchestrator.class).runOnce();
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(
                      registry
                          .get("flinders.run")
                          .tags("pipeline", "flinders", "status", "SUCCEEDED")
                          .timer()
                          .count())
                  .isEqualTo(1);
              assertThat(
                      registry
                          .get("flinders.component")
                          .tags("component", "gtfs", "status", Status.SUCCEEDED.name())
                          .timer()
                          .count())
                  .isEqualTo(1);
            });
  }
}

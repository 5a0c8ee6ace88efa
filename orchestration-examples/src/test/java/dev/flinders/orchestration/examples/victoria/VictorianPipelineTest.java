package dev.flinders.orchestration.examples.victoria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.ReasonCode;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.TimeSource;
import dev.flinders.orchestration.quota.QuotaPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VictorianPipelineTest {
  private static final Map<String, String> NO_ALERTS = Map.of();

  @TempDir Path data;

  @Test
  void theSixSources_withTheirSchedulesDependenciesAndTimeouts() {
    VictorianPipeline victoria =
        VictorianPipeline.builder(
                Endpoints.live(
                    Map.of(
                        Endpoints.REALTIME_KEY_VARIABLE, "k",
                        Endpoints.PTV_DEVID_VARIABLE, "1",
                        Endpoints.PTV_KEY_VARIABLE, "k")))
            .environment(NO_ALERTS)
            .data(data)
            .build();

    List<Component> components = victoria.pipeline().components();
    assertThat(components)
        .extracting(Component::name)
        .startsWith("gtfs-schedule")
        .contains(
            "ptv-disruptions", "datavic-catalog", "station-patronage-annual", "patronage-monthly")
        .hasSize(6 + VictorianPipeline.REALTIME_FEEDS.size() - 1);
    assertThat(victoria.disabled()).isEmpty();
    assertThat(victoria.pipeline().timeout()).isEqualTo(Duration.ofMinutes(120));
    for (Component component : components) {
      assertThat(component.timeout())
          .as(component.name())
          .isBetween(Duration.ofMinutes(5), Duration.ofMinutes(30));
      assertThat(component.enabled()).isTrue();
      if (component.name().startsWith("gtfsr-") || component.name().equals("patronage-monthly")) {
        assertThat(component.dependsOn()).as(component.name()).containsExactly("gtfs-schedule");
      }
    }
    assertThat(component(victoria, "gtfs-schedule").schedule().toString())
        .contains("weekly on Monday at 05:00");
    assertThat(component(victoria, "ptv-disruptions").schedule().toString()).contains("15m");
    assertThat(component(victoria, "gtfsr-metro-trip-updates").schedule().toString())
        .contains("30s");
    assertThat(victoria.quotas())
        .extracting(QuotaPolicy::provider)
        .containsExactly("gtfsr-metro", "gtfsr-tram", "gtfsr-bus", "gtfsr-vline", "ptv", "datavic");
    assertThat(victoria.notifications().freshness())
        .containsOnlyKeys("gtfsr_trip_updates", "gtfsr_vehicle_positions");
  }

  @Test
  void withoutKeys_onlyTheComponentsNeedingThemAreDisabled_andSaySo() {
    VictorianPipeline victoria =
        VictorianPipeline.builder(Endpoints.live(Map.of(Endpoints.PTV_DEVID_VARIABLE, "3000123")))
            .environment(NO_ALERTS)
            .data(data)
            .build();

    assertThat(victoria.disabled())
        .hasSize(VictorianPipeline.REALTIME_FEEDS.size() + 1)
        .containsKeys("gtfsr-metro-trip-updates", "gtfsr-vline-vehicle-positions");
    assertThat(victoria.disabled().get("gtfsr-metro-trip-updates"))
        .startsWith("environment variable TRANSPORT_VICTORIA_API_KEY is not set: ")
        .contains("opendata.transport.vic.gov.au");
    assertThat(victoria.disabled().get("ptv-disruptions"))
        .startsWith("environment variable PTV_API_KEY is not set: ")
        .contains("APIKeyRequest@ptv.vic.gov.au");
    assertThat(component(victoria, "ptv-disruptions").enabled()).isFalse();
    assertThat(component(victoria, "gtfs-schedule").enabled()).isTrue();
    assertThat(component(victoria, "patronage-monthly").enabled()).isTrue();
    assertThat(victoria.notifications().freshness()).isEmpty();
  }

  @Test
  void aKeyWithAControlCharacter_isRefusedNamingTheVariableNotTheValue() {
    assertThatThrownBy(
            () -> Endpoints.live(Map.of(Endpoints.REALTIME_KEY_VARIABLE, "abc\u0007secret")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("environment variable TRANSPORT_VICTORIA_API_KEY: ")
        .hasMessageNotContaining("secret\u0007")
        .hasMessageNotContaining("abc");
  }

  @Test
  void againstTheStandIns_withoutKeys_theOthersRun_andAnEnabledKeylessOneFailsAndAlertsSlack()
      throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-02-01T19:10:00Z"), ZoneOffset.UTC);
    try (LocalVictoria local = LocalVictoria.start(clock)) {
      Endpoints standIns = local.endpoints();
      Endpoints withoutKeys =
          new Endpoints(
              standIns.description(),
              standIns.dataVic(),
              standIns.gtfsSchedule(),
              standIns.gtfsRealtime(),
              standIns.ptv(),
              null,
              null,
              null,
              List.of(
                  Endpoints.REALTIME_KEY_VARIABLE,
                  Endpoints.PTV_DEVID_VARIABLE,
                  Endpoints.PTV_KEY_VARIABLE));
      HttpServer slack =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      List<String> posted = new CopyOnWriteArrayList<>();
      slack.createContext(
          "/services/T0/B0/hook",
          exchange -> {
            posted.add(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      slack.start();
      Map<String, String> environment =
          Map.of(
              EnvironmentNotifications.SLACK_WEBHOOK,
              "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/T0/B0/hook");
      VictorianPipeline victoria =
          VictorianPipeline.builder(withoutKeys).environment(environment).data(data).build();
      Path config = data.resolve("orchestration.json");
      Files.writeString(config, "{\"components\": {\"ptv-disruptions\": {\"enabled\": true}}}");

      RunReport run;
      try (Orchestrator orchestrator =
          victoria.orchestrator().timeSource(TimeSource.system(clock)).config(config).build()) {
        run = orchestrator.runOnce();
        assertThat(orchestrator.awaitNotifications(Duration.ofSeconds(10))).isTrue();
      } finally {
        slack.stop(0);
      }

      for (ComponentResult result : run.results()) {
        if (result.component().startsWith("gtfsr-")) {
          assertThat(result.status()).as(result.component()).isEqualTo(Status.SKIPPED);
          assertThat(result.reason().code()).isEqualTo(ReasonCode.DISABLED);
        } else if (result.component().equals("ptv-disruptions")) {
          assertThat(result.status()).isEqualTo(Status.FAILED);
          assertThat(result.error())
              .contains("ptv-disruptions cannot run: environment variables PTV_DEVID and")
              .contains("APIKeyRequest@ptv.vic.gov.au");
        } else {
          assertThat(result.status()).as(result.component()).isEqualTo(Status.SUCCEEDED);
        }
      }
      assertThat(posted)
          .anySatisfy(
              message ->
                  assertThat(message)
                      .contains("ptv-disruptions FAILED in victorian-transport")
                      .contains("APIKeyRequest@ptv.vic.gov.au"));
    }
  }

  private static Component component(VictorianPipeline victoria, String name) {
    return victoria.pipeline().components().stream()
        .filter(component -> component.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}

package dev.flinders.orchestration.spring.sample;

import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.examples.victoria.LocalVictoria;
import dev.flinders.orchestration.examples.victoria.VictorianPipeline;
import dev.flinders.orchestration.spring.OrchestratorCustomizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * The Victorian transport pipeline ({@link VictorianPipeline}) in a Spring Boot web application,
 * through flinders-spring-boot-starter: the starter builds the orchestrator from the {@link
 * Pipeline} bean and the {@code flinders.*} properties of {@code application.properties}, ticks
 * every minute, and serves the status page at {@code /flinders/}, the health at {@code
 * /actuator/health} and the {@code flinders} endpoint at {@code /actuator/flinders}.
 *
 * <p>Offline: {@link LocalVictoria}'s in-process stand-ins for Data.vic, Transport Victoria and PTV
 * serve the bundled real data, so the first run fetches everything on a plain clone. Files go to
 * {@code victoria.data} (default: a new temporary directory). Run it with {@code java -jar
 * orchestration-spring-boot-sample/target/orchestration-spring-boot-sample.jar} after {@code mvn -q
 * -B -DskipTests package -pl orchestration-spring-boot-sample -am}; Ctrl-C stops it gracefully.
 */
@SpringBootApplication
public class VictoriaApplication {
  private static final Logger LOG = LoggerFactory.getLogger(VictoriaApplication.class);

  /** Starts the application; {@code --victoria.data=dir} keeps its files there. */
  public static void main(String[] args) throws IOException {
    application().run(args);
  }

  /** The application, with a fresh temporary data directory unless one is given. */
  static SpringApplication application() throws IOException {
    SpringApplication application = new SpringApplication(VictoriaApplication.class);
    application.setDefaultProperties(
        Map.of(
            "victoria.data",
            Files.createTempDirectory("flinders-spring-victoria").toAbsolutePath().toString()));
    return application;
  }

  /** The stand-ins, on a free local port until the application stops. */
  @Bean(destroyMethod = "close")
  LocalVictoria localVictoria() throws IOException {
    return LocalVictoria.start(Clock.systemUTC());
  }

  /** The pipeline over the stand-ins, its files under victoria.data. */
  @Bean
  VictorianPipeline victorianPipeline(LocalVictoria local, @Value("${victoria.data}") Path data) {
    return VictorianPipeline.builder(local.endpoints()).data(data).build();
  }

  /** What the starter orchestrates. */
  @Bean
  Pipeline pipeline(VictorianPipeline victoria) {
    return victoria.pipeline();
  }

  /** The quotas its components count their calls against: realtime per mode, PTV, Data.vic. */
  @Bean
  OrchestratorCustomizer victorianQuotas(VictorianPipeline victoria) {
    return builder -> victoria.quotas().forEach(builder::quota);
  }

  /** Says where to look once the web server is up. */
  @EventListener(ApplicationReadyEvent.class)
  void printAddresses(ApplicationReadyEvent ready) {
    Environment environment = ready.getApplicationContext().getEnvironment();
    String base =
        "http://"
            + environment.getProperty("server.address", "localhost")
            + ":"
            + environment.getProperty("local.server.port");
    LOG.info(
        "The Victorian transport pipeline runs every minute; files in {}\n"
            + "  status page: {}{}/\n"
            + "  health:      {}/actuator/health\n"
            + "  endpoint:    {}/actuator/flinders (plan: /actuator/flinders/plan)",
        environment.getProperty("victoria.data"),
        base,
        environment.getProperty("flinders.status-page.path", "/flinders"),
        base,
        base);
  }
}

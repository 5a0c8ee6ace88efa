package dev.flinders.orchestration.spring;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.cli.LiveStatus;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.notify.Notifications;
import dev.flinders.orchestration.core.state.JsonFileStateStore;
import dev.flinders.orchestration.notify.Notifier;
import dev.flinders.orchestration.quota.QuotaPolicy;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spi.StateStore;
import dev.flinders.orchestration.spring.internal.FlindersSettings;
import dev.flinders.orchestration.spring.internal.NothingToOrchestrate;
import dev.flinders.orchestration.spring.internal.PostgresStores;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.DependsOn;

/**
 * Builds Flinders from the application's beans and {@code flinders.*} properties ({@link
 * FlindersProperties}):
 *
 * <ul>
 *   <li>a {@link Pipeline} named {@code flinders.pipeline.name} from the {@link Component} beans,
 *       unless the application declares its own {@code Pipeline};
 *   <li>a {@link StateStore}: PostgreSQL through the application's {@link DataSource} when it has
 *       one and orchestration-postgres is on the classpath, JSON files under {@code
 *       flinders.state.directory} otherwise ({@code flinders.state.store} chooses);
 *   <li>an {@link Orchestrator} with the store, the dataset sinks, notifications, the quotas of the
 *       properties and of the {@link QuotaPolicy} beans, the {@link Notifications} bean or else
 *       those of the properties and the {@link Notifier} beans, every {@link RunListener} bean, the
 *       configuration file and the {@link OrchestratorCustomizer} beans;
 *   <li>its lifecycle: the background ticker starts with the application and stops gracefully
 *       within {@code flinders.shutdown-grace} when it stops.
 * </ul>
 *
 * <p>Each of these beans backs off when the application declares one of the same type. Without a
 * {@code Pipeline} bean and without {@code Component} beans, the auto-configuration backs off and
 * says so in the log. Invalid properties stop the application at start with every problem listed.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBooleanProperty(name = "flinders.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FlindersProperties.class)
public class FlindersAutoConfiguration {
  /** The pipeline of the application's components, named by flinders.pipeline.name. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(Component.class)
  public Pipeline flindersPipeline(
      ObjectProvider<Component> components, FlindersProperties properties) {
    FlindersProperties.Pipeline settings = properties.getPipeline();
    Pipeline.Builder pipeline =
        Pipeline.builder(settings.getName()).components(components.orderedStream().toList());
    if (settings.getParallelism() != null && settings.getParallelism() >= 1) {
      pipeline.parallelism(settings.getParallelism());
    }
    if (settings.getTimeout() != null
        && !settings.getTimeout().isNegative()
        && !settings.getTimeout().isZero()) {
      pipeline.timeout(settings.getTimeout());
    }
    return pipeline.build();
  }

  /** Says in the log why nothing is orchestrated, when nothing is. */
  @Bean
  @ConditionalOnMissingBean({Pipeline.class, Orchestrator.class})
  static NothingToOrchestrate flindersNothingToOrchestrate() {
    return new NothingToOrchestrate();
  }

  /** The properties, checked all at once: for the orchestrator built here, or the application's. */
  @Bean
  @Conditional(PipelineOrOrchestrator.class)
  FlindersSettings flindersSettings(
      FlindersProperties properties,
      ObjectProvider<DataSource> dataSource,
      ObjectProvider<Notifier> notifiers,
      org.springframework.context.ApplicationContext context) {
    return FlindersSettings.check(
        properties,
        dataSource.getIfUnique(),
        notifiers.orderedStream().toList(),
        context.getClassLoader());
  }

  /** PostgreSQL through the application's DataSource, or JSON files; see flinders.state.store. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean({StateStore.class, Orchestrator.class})
  @ConditionalOnBean(Pipeline.class)
  StateStore flindersStateStore(FlindersSettings settings) {
    Object postgres = settings.postgresStore();
    if (postgres != null) {
      return PostgresStores.build(postgres);
    }
    return JsonFileStateStore.open(settings.properties().getState().getDirectory());
  }

  /** The orchestrator, closed by its lifecycle (gracefully) or, at the latest, with the context. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnBean(Pipeline.class)
  Orchestrator flindersOrchestrator(
      Pipeline pipeline,
      StateStore store,
      FlindersSettings settings,
      ObjectProvider<Notifications> applicationNotifications,
      ObjectProvider<QuotaPolicy> quotas,
      ObjectProvider<RunListener> listeners,
      ObjectProvider<OrchestratorCustomizer> customizers) {
    FlindersProperties properties = settings.properties();
    Orchestrator.Builder builder = Orchestrator.builder(pipeline).stateStore(store);
    if (properties.getPipeline().getParallelism() != null) {
      builder.parallelism(properties.getPipeline().getParallelism());
    }
    if (properties.getPipeline().getTimeout() != null) {
      builder.runTimeout(properties.getPipeline().getTimeout());
    }
    if (settings.zone() != null) {
      builder.zone(settings.zone());
    }
    if (properties.getScratchDirectory() != null) {
      builder.scratchDirectory(properties.getScratchDirectory());
    }
    if (properties.getConfig() != null) {
      builder.config(properties.getConfig());
    }
    if (settings.reports() != null) {
      builder.reports(settings.reports());
    }
    DatasetSink[] sinks = settings.datasetSinks();
    if (sinks != null) {
      builder.datasets(sinks[0], sinks[1]);
    }
    Notifications routes = applicationNotifications.getIfAvailable(settings::notifications);
    if (routes != null) {
      builder.notifications(routes);
    }
    Set<String> providers = new HashSet<>();
    for (QuotaPolicy quota : quotas.orderedStream().toList()) {
      providers.add(quota.provider());
      builder.quota(quota);
    }
    for (QuotaPolicy quota : settings.quotas()) {
      if (providers.add(quota.provider())) { // a QuotaPolicy bean overrides the properties'
        builder.quota(quota);
      }
    }
    listeners.orderedStream().forEach(builder::listener);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /** What runs now, for the status page and the endpoint; a listener of the orchestrator. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(Pipeline.class)
  public LiveStatus flindersLiveStatus() {
    return new LiveStatus();
  }

  /**
   * Starts the background ticker with the application, stops it gracefully with it. After the
   * properties it reads (tick, grace) are checked, for an application's own orchestrator too.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(Orchestrator.class)
  @DependsOn("flindersSettings")
  public FlindersLifecycle flindersLifecycle(
      Orchestrator orchestrator, FlindersProperties properties) {
    return new FlindersLifecycle(
        orchestrator,
        properties.isStartOnStartup(),
        properties.getTick(),
        properties.getShutdownGrace());
  }

  /** A Pipeline bean (to build the orchestrator from) or the application's Orchestrator bean. */
  static final class PipelineOrOrchestrator extends AnyNestedCondition {
    PipelineOrOrchestrator() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnBean(Pipeline.class)
    static final class APipeline {}

    @ConditionalOnBean(Orchestrator.class)
    static final class AnOrchestrator {}
  }
}

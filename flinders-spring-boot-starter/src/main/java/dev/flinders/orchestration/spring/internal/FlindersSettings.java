package dev.flinders.orchestration.spring.internal;

import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.Problem;
import dev.flinders.orchestration.core.notify.EmailNotifier;
import dev.flinders.orchestration.core.notify.Notifications;
import dev.flinders.orchestration.core.notify.SlackNotifier;
import dev.flinders.orchestration.core.report.ReportDirectory;
import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.notify.Alert;
import dev.flinders.orchestration.notify.Notifier;
import dev.flinders.orchestration.quota.QuotaPolicy;
import dev.flinders.orchestration.spi.DatasetSink;
import dev.flinders.orchestration.spring.FlindersProperties;
import dev.flinders.orchestration.spring.FlindersPropertiesException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The {@code flinders.*} properties checked all at once and turned into what the orchestrator is
 * built from. Each problem names its property, says what was wrong (with the builders' own
 * messages) and the fix; a secret's value never appears. Immutable once built.
 */
public final class FlindersSettings {
  static final String POSTGRES_STORE = "dev.flinders.orchestration.postgres.PostgresStateStore";
  static final String PARQUET_SINK = "dev.flinders.orchestration.parquet.ParquetDatasetSink";

  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  private final FlindersProperties properties;
  private final List<Problem> problems = new ArrayList<>();
  private @Nullable ZoneId zone;
  private @Nullable ReportDirectory reports;
  private @Nullable Notifications notifications;
  private final List<QuotaPolicy> quotas = new ArrayList<>();
  private @Nullable Object postgres;
  private DatasetSink @Nullable [] sinks;

  private FlindersSettings(FlindersProperties properties) {
    this.properties = properties;
  }

  /**
   * Checks {@code properties}.
   *
   * @param dataSource the application's data source, or null without a single one
   * @param notifiers the application's own notifiers, routed beside those of the properties
   * @param classLoader where optional modules (orchestration-postgres, -parquet) are looked for
   * @throws FlindersPropertiesException with every problem found
   */
  public static FlindersSettings check(
      FlindersProperties properties,
      @Nullable DataSource dataSource,
      List<Notifier> notifiers,
      @Nullable ClassLoader classLoader) {
    FlindersSettings settings = new FlindersSettings(properties);
    settings.checkRuntime();
    settings.checkState(dataSource, classLoader);
    settings.checkOutputs(classLoader);
    settings.checkNotifications(notifiers);
    settings.checkQuotas();
    if (!settings.problems.isEmpty()) {
      throw new FlindersPropertiesException(settings.problems);
    }
    return settings;
  }

  public FlindersProperties properties() {
    return properties;
  }

  public @Nullable ZoneId zone() {
    return zone;
  }

  public @Nullable ReportDirectory reports() {
    return reports;
  }

  /** The notifications of the properties and the application's notifiers, or null if none. */
  public @Nullable Notifications notifications() {
    return notifications;
  }

  public List<QuotaPolicy> quotas() {
    return List.copyOf(quotas);
  }

  /** The PostgreSQL store's builder when that store is to be used, else null. */
  public @Nullable Object postgresStore() {
    return postgres;
  }

  /** The curated and the quarantine sink, or null without flinders.datasets.directory. */
  public DatasetSink @Nullable [] datasetSinks() {
    return sinks == null ? null : sinks.clone();
  }

  private void checkRuntime() {
    positive("flinders.tick", properties.getTick(), "e.g. flinders.tick=1m");
    Duration grace = properties.getShutdownGrace();
    if (grace == null || grace.isNegative()) {
      add("flinders.shutdown-grace", "must be zero or more, was " + text(grace), "e.g. 30s");
    }
    FlindersProperties.Pipeline pipeline = properties.getPipeline();
    if (pipeline.getName() == null || pipeline.getName().isBlank()) {
      add("flinders.pipeline.name", "must not be blank", "name the pipeline, e.g. ingestion");
    }
    Integer parallelism = pipeline.getParallelism();
    if (parallelism != null && parallelism < 1) {
      add(
          "flinders.pipeline.parallelism",
          "parallelism must be at least 1, was " + parallelism,
          "set 1 or more, or remove it for the pipeline's own");
    }
    if (pipeline.getTimeout() != null) {
      positive("flinders.pipeline.timeout", pipeline.getTimeout(), "e.g. 120m");
    }
    String zoneId = properties.getZone();
    if (zoneId != null) {
      zone = attempt("flinders.zone", () -> ZoneId.of(zoneId), "e.g. Australia/Melbourne");
    }
    Path config = properties.getConfig();
    if (config != null && !Files.isReadable(config)) {
      add(
          "flinders.config",
          "file " + config.toAbsolutePath() + " does not exist or cannot be read",
          "point it at your orchestration.json, or remove the property");
    }
    if (properties.getHealth().getMaxFailingComponents() < 0) {
      add(
          "flinders.health.max-failing-components",
          "must be 0 or more, was " + properties.getHealth().getMaxFailingComponents(),
          "0 makes health DOWN as soon as one component fails");
    }
    String path = properties.getStatusPage().getPath();
    if (properties.getStatusPage().isEnabled() && (path == null || !PATH.matcher(path).matches())) {
      add(
          "flinders.status-page.path",
          "\"" + path + "\" is not a path below the root",
          "start it with / and end it without one, e.g. /flinders");
    }
  }

  private void checkState(@Nullable DataSource dataSource, @Nullable ClassLoader classLoader) {
    FlindersProperties.State state = properties.getState();
    boolean postgresPresent = present(POSTGRES_STORE, classLoader);
    switch (state.getStore()) {
      case JSON -> {}
      case AUTO -> {
        if (dataSource != null && postgresPresent) {
          postgres = PostgresStores.builder(dataSource, state.getPostgres(), this);
        }
      }
      case POSTGRES -> {
        if (!postgresPresent) {
          add(
              "flinders.state.store",
              "is postgres but orchestration-postgres is not on the classpath",
              "add the dependency dev.flinders:orchestration-postgres");
        } else if (dataSource == null) {
          add(
              "flinders.state.store",
              "is postgres but the application has no single DataSource bean",
              "configure spring.datasource.* (or declare one DataSource bean), or set"
                  + " flinders.state.store=json");
        } else {
          postgres = PostgresStores.builder(dataSource, state.getPostgres(), this);
        }
      }
    }
  }

  private void checkOutputs(@Nullable ClassLoader classLoader) {
    FlindersProperties.Reports reportProperties = properties.getReports();
    if (reportProperties.getDirectory() != null) {
      Path directory = reportProperties.getDirectory();
      reports =
          attempt(
              "flinders.reports.keep",
              () -> ReportDirectory.at(directory).keep(reportProperties.getKeep()),
              "keep at least 1 run's reports");
    }
    FlindersProperties.Datasets datasets = properties.getDatasets();
    if (datasets.getDirectory() != null) {
      if (present(PARQUET_SINK, classLoader)) {
        sinks = ParquetSinks.under(datasets.getDirectory(), zone);
      } else {
        add(
            "flinders.datasets.directory",
            "is set but orchestration-parquet is not on the classpath",
            "add the dependency dev.flinders:orchestration-parquet");
      }
    }
    for (Map.Entry<String, Duration> limit : datasets.getFreshness().entrySet()) {
      positive("flinders.datasets.freshness." + limit.getKey(), limit.getValue(), "e.g. 1h or 2d");
    }
  }

  private void checkNotifications(List<Notifier> notifiers) {
    FlindersProperties.Notifications properties = this.properties.getNotifications();
    Notifications.Builder routes = Notifications.builder();
    boolean any = false;
    String webhook = properties.getSlack().getWebhookUrl();
    if (webhook != null) {
      SlackNotifier slack = slack(webhook);
      if (slack != null) {
        routes.route(slack, properties.getSlack().getMinSeverity());
        any = true;
      }
    }
    FlindersProperties.Email email = properties.getEmail();
    if (email.getHost() != null) {
      EmailNotifier notifier = email(email);
      if (notifier != null) {
        routes.route(notifier, email.getMinSeverity());
        any = true;
      }
    } else if (email.getFrom() != null || !email.getTo().isEmpty() || email.getUsername() != null) {
      add(
          "flinders.notifications.email.host",
          "is not set, but other flinders.notifications.email properties are",
          "set the SMTP server's host, or remove the email properties");
    }
    for (Notifier notifier : notifiers) {
      routes.route(notifier, Alert.Severity.WARNING);
      any = true;
    }
    positive("flinders.notifications.cool-down", properties.getCoolDown(), "e.g. 1h");
    for (Map.Entry<String, Duration> limit :
        this.properties.getDatasets().getFreshness().entrySet()) {
      if (limit.getValue() != null
          && !limit.getValue().isNegative()
          && !limit.getValue().isZero()) {
        routes.freshness(limit.getKey(), limit.getValue());
      }
    }
    if (any
        && properties.getCoolDown() != null
        && !properties.getCoolDown().isNegative()
        && !properties.getCoolDown().isZero()) {
      notifications = routes.coolDown(properties.getCoolDown()).build();
    }
  }

  private @Nullable SlackNotifier slack(String webhook) {
    String property = "flinders.notifications.slack.webhook-url";
    URI uri;
    try {
      uri = URI.create(webhook.strip());
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      add(
          property,
          "is not an https URL (its value is not shown: it is a secret)",
          "copy the incoming webhook's URL from Slack, https://hooks.slack.com/services/...");
      return null;
    }
    return attempt(
        property,
        () -> SlackNotifier.of(Secret.of(webhook)),
        "copy the incoming webhook's URL from Slack");
  }

  private @Nullable EmailNotifier email(FlindersProperties.Email email) {
    String host = email.getHost();
    EmailNotifier.Builder builder =
        attempt(
            "flinders.notifications.email.port",
            () -> EmailNotifier.builder(host, email.getPort()).startTls(email.getStartTls()),
            "the SMTP submission port is usually 587");
    if (builder == null) {
      return null;
    }
    boolean ok = true;
    if (email.getFrom() == null) {
      add("flinders.notifications.email.from", "is not set", "set the sender's address");
      ok = false;
    } else {
      ok &=
          attempt(
                  "flinders.notifications.email.from",
                  () -> builder.from(email.getFrom()),
                  "give one address, e.g. flinders@example.org")
              != null;
    }
    if (email.getTo().isEmpty()) {
      add("flinders.notifications.email.to", "is empty", "list the recipients' addresses");
      ok = false;
    } else {
      ok &=
          attempt(
                  "flinders.notifications.email.to",
                  () -> builder.to(email.getTo().toArray(String[]::new)),
                  "give addresses separated by commas")
              != null;
    }
    String user = email.getUsername();
    String password = email.getPassword();
    if ((user == null) != (password == null)) {
      add(
          user == null
              ? "flinders.notifications.email.username"
              : "flinders.notifications.email.password",
          "is not set, but "
              + (user == null ? "the password" : "the username")
              + " is (the password's value is not shown: it is a secret)",
          "set both to log in, or neither");
      ok = false;
    } else if (user != null) {
      ok &=
          attempt(
                  "flinders.notifications.email.password",
                  () -> builder.credentials(user, Secret.of(password)),
                  "set the SMTP user's password")
              != null;
    }
    return ok ? builder.build() : null;
  }

  private void checkQuotas() {
    for (Map.Entry<String, FlindersProperties.Quota> entry : properties.getQuotas().entrySet()) {
      String prefix = "flinders.quotas." + entry.getKey();
      FlindersProperties.Quota quota = entry.getValue();
      QuotaPolicy.Builder policy = QuotaPolicy.builder(entry.getKey());
      int before = problems.size();
      if (quota.getDailyBudget() == null && quota.getRateLimits().isEmpty()) {
        add(
            prefix,
            "has neither a daily budget nor a rate limit",
            "set daily-budget or rate-limits");
      }
      if (quota.getDailyBudget() != null) {
        ZoneId budgetZone =
            quota.getDailyBudgetZone() == null
                ? ZoneId.systemDefault()
                : attempt(
                    prefix + ".daily-budget-zone",
                    () -> ZoneId.of(quota.getDailyBudgetZone()),
                    "e.g. Australia/Melbourne");
        if (budgetZone != null) {
          attempt(
              prefix + ".daily-budget",
              () ->
                  policy.dailyBudget(quota.getDailyBudget(), budgetZone, quota.getReservedShare()),
              "a budget of 1 or more calls, and a reserved-share from 0 up to (not including) 1");
        }
      }
      attempt(prefix + ".alert-at", () -> policy.alertAt(quota.getAlertAt()), "e.g. 0.8");
      List<FlindersProperties.RateLimit> limits = quota.getRateLimits();
      for (int i = 0; i < limits.size(); i++) {
        FlindersProperties.RateLimit limit = limits.get(i);
        String property = prefix + ".rate-limits[" + i + "]";
        if (limit.getPer() == null) {
          add(property + ".per", "is not set", "set the window, e.g. 60s");
        } else {
          attempt(
              property,
              () -> policy.rateLimit(limit.getCalls(), limit.getPer()),
              "set calls to 1 or more and per to a positive duration");
        }
      }
      if (problems.size() == before) {
        QuotaPolicy built = attempt(prefix, policy::build, "fix the quota's settings");
        if (built != null) {
          quotas.add(built);
        }
      }
    }
  }

  private void positive(String property, @Nullable Duration duration, String example) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      add(property, "must be positive, was " + text(duration), example);
    }
  }

  private static String text(@Nullable Duration duration) {
    return duration == null ? "not set" : Durations.format(duration);
  }

  /** Records a problem with {@code property}: what is wrong, then the fix. */
  void add(String property, String wrong, String fix) {
    problems.add(new Problem(property, wrong + ": " + fix));
  }

  /**
   * Runs a builder step; if it rejects its argument, records its message (which never holds a
   * secret's value) as a problem of {@code property}.
   */
  <T> @Nullable T attempt(String property, Supplier<T> step, String fix) {
    try {
      return step.get();
    } catch (IllegalArgumentException | IllegalStateException | DateTimeException e) {
      add(property, String.valueOf(e.getMessage()), fix);
      return null;
    }
  }

  private static boolean present(String className, @Nullable ClassLoader classLoader) {
    try {
      Class.forName(className, false, classLoader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}

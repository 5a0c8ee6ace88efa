package dev.flinders.orchestration.spring;

import dev.flinders.orchestration.notify.Alert;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code flinders.*} properties of the auto-configuration: the pipeline, the state store, the
 * background ticker and graceful shutdown, reports, datasets, notifications, quotas, health and the
 * status page. Checked when the orchestrator is built: each problem names its property, what was
 * wrong and the fix, and the application does not start (see docs/spring-boot.md). Secrets (the
 * Slack webhook URL, the SMTP password) are never logged, shown or put in a message.
 *
 * <p>Bound by Spring; not thread-safe while binding, read-only afterwards.
 */
@ConfigurationProperties("flinders")
public class FlindersProperties {
  /** Whether to orchestrate at all; false leaves out every Flinders bean. */
  private boolean enabled = true;

  /**
   * Whether to start the background ticker when the application starts (a run at once, then one
   * every {@code flinders.tick}); false builds the orchestrator without running anything until
   * asked (the actuator endpoint, your own code).
   */
  private boolean startOnStartup = true;

  /**
   * How often the background ticker runs what is due. Runs never overlap: a run longer than this
   * delays the next one.
   */
  private Duration tick = Duration.ofMinutes(1);

  /**
   * On shutdown, how long a run in progress may go on (its components finish, or end by their own
   * timeouts) before it is cancelled. Keep spring.lifecycle.timeout-per-shutdown-phase at least
   * this long.
   */
  private Duration shutdownGrace = Duration.ofSeconds(30);

  /**
   * An orchestration.json file applied to the pipeline (enabled, schedules, timeouts, force, ...);
   * see docs/configuration.md. None by default.
   */
  private @Nullable Path config;

  /**
   * The zone in which plans, reasons and reports give times, e.g. Australia/Melbourne. Default: the
   * configuration file's, else the system's.
   */
  private @Nullable String zone;

  /**
   * Where the engine keeps temporary files (change detectors' downloads). Default java.io.tmpdir.
   */
  private @Nullable Path scratchDirectory;

  private final Pipeline pipeline = new Pipeline();
  private final State state = new State();
  private final Reports reports = new Reports();
  private final Datasets datasets = new Datasets();
  private final Notifications notifications = new Notifications();

  /** Quota policies by API provider name, shared by the components that name the provider. */
  private final Map<String, Quota> quotas = new LinkedHashMap<>();

  private final Health health = new Health();
  private final StatusPage statusPage = new StatusPage();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isStartOnStartup() {
    return startOnStartup;
  }

  public void setStartOnStartup(boolean startOnStartup) {
    this.startOnStartup = startOnStartup;
  }

  public Duration getTick() {
    return tick;
  }

  public void setTick(Duration tick) {
    this.tick = tick;
  }

  public Duration getShutdownGrace() {
    return shutdownGrace;
  }

  public void setShutdownGrace(Duration shutdownGrace) {
    this.shutdownGrace = shutdownGrace;
  }

  public @Nullable Path getConfig() {
    return config;
  }

  public void setConfig(@Nullable Path config) {
    this.config = config;
  }

  public @Nullable String getZone() {
    return zone;
  }

  public void setZone(@Nullable String zone) {
    this.zone = zone;
  }

  public @Nullable Path getScratchDirectory() {
    return scratchDirectory;
  }

  public void setScratchDirectory(@Nullable Path scratchDirectory) {
    this.scratchDirectory = scratchDirectory;
  }

  public Pipeline getPipeline() {
    return pipeline;
  }

  public State getState() {
    return state;
  }

  public Reports getReports() {
    return reports;
  }

  public Datasets getDatasets() {
    return datasets;
  }

  public Notifications getNotifications() {
    return notifications;
  }

  public Map<String, Quota> getQuotas() {
    return quotas;
  }

  public Health getHealth() {
    return health;
  }

  public StatusPage getStatusPage() {
    return statusPage;
  }

  /** The pipeline built from the application's {@code Component} beans. */
  public static class Pipeline {
    /**
     * The pipeline's name, which keys its history and its lease in the state store: keep it when
     * you rename the application. Used when the pipeline is built from Component beans.
     */
    private String name = "flinders";

    /** How many components may run at once. Default: the pipeline's (4). */
    private @Nullable Integer parallelism;

    /**
     * The whole run's timeout: what still runs then is stopped. Default: the pipeline's (120
     * minutes).
     */
    private @Nullable Duration timeout;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public @Nullable Integer getParallelism() {
      return parallelism;
    }

    public void setParallelism(@Nullable Integer parallelism) {
      this.parallelism = parallelism;
    }

    public @Nullable Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(@Nullable Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** Which state store keeps history, fingerprints, quota counters and the pipeline's lock. */
  public enum StoreType {
    /**
     * PostgreSQL when the application has a DataSource and orchestration-postgres is on the
     * classpath, JSON files otherwise.
     */
    AUTO,
    /** JSON files under flinders.state.directory, even if the application has a DataSource. */
    JSON,
    /** PostgreSQL through the application's DataSource; fails at start without one. */
    POSTGRES
  }

  /** The state store. */
  public static class State {
    /** Which store: auto (PostgreSQL with a DataSource, else JSON files), json or postgres. */
    private StoreType store = StoreType.AUTO;

    /** The directory of the JSON file store. */
    private Path directory = Path.of("data", "state");

    private final Postgres postgres = new Postgres();

    public StoreType getStore() {
      return store;
    }

    public void setStore(StoreType store) {
      this.store = store;
    }

    public Path getDirectory() {
      return directory;
    }

    public void setDirectory(Path directory) {
      this.directory = directory;
    }

    public Postgres getPostgres() {
      return postgres;
    }
  }

  /** The PostgreSQL store's tables and lease; see docs/postgres.md. */
  public static class Postgres {
    /** The schema of the tables. */
    private String schema = "public";

    /** The prefix of the tables' names, so that several stores can share a schema. */
    private String tablePrefix = "flinders_";

    /**
     * How long a pipeline's lease lasts unrenewed: after an instance dies, another takes its
     * pipeline over within this time plus one tick.
     */
    private Duration leaseDuration = Duration.ofSeconds(30);

    /** How many runs to keep per pipeline. */
    private int historyLimit = 1000;

    /**
     * Whether to create and upgrade the tables at start (true) or only check that a DBA did
     * (false).
     */
    private boolean migrate = true;

    public String getSchema() {
      return schema;
    }

    public void setSchema(String schema) {
      this.schema = schema;
    }

    public String getTablePrefix() {
      return tablePrefix;
    }

    public void setTablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
    }

    public Duration getLeaseDuration() {
      return leaseDuration;
    }

    public void setLeaseDuration(Duration leaseDuration) {
      this.leaseDuration = leaseDuration;
    }

    public int getHistoryLimit() {
      return historyLimit;
    }

    public void setHistoryLimit(int historyLimit) {
      this.historyLimit = historyLimit;
    }

    public boolean isMigrate() {
      return migrate;
    }

    public void setMigrate(boolean migrate) {
      this.migrate = migrate;
    }
  }

  /** Each run's HTML and JSON report. */
  public static class Reports {
    /**
     * Where each run's report is written as HTML and JSON, the newest also as latest.html; the
     * status page links to them. None by default.
     */
    private @Nullable Path directory;

    /** How many runs' reports to keep. */
    private int keep = 100;

    public @Nullable Path getDirectory() {
      return directory;
    }

    public void setDirectory(@Nullable Path directory) {
      this.directory = directory;
    }

    public int getKeep() {
      return keep;
    }

    public void setKeep(int keep) {
      this.keep = keep;
    }
  }

  /** Where components' datasets go (needs orchestration-parquet). */
  public static class Datasets {
    /**
     * The root of the Parquet datasets: rows that pass the rules go to curated/ below it,
     * quarantined rows to quarantine/. None by default (components that write datasets then fail).
     */
    private @Nullable Path directory;

    /**
     * Per dataset, how old its newest file may be before health reports it stale (and, with
     * notifications, a DATA_STALE alert is sent).
     */
    private final Map<String, Duration> freshness = new LinkedHashMap<>();

    public @Nullable Path getDirectory() {
      return directory;
    }

    public void setDirectory(@Nullable Path directory) {
      this.directory = directory;
    }

    public Map<String, Duration> getFreshness() {
      return freshness;
    }
  }

  /** Alerts about failed runs and components, stale datasets and quotas near their limit. */
  public static class Notifications {
    /** How long an open incident stays quiet after an alert. */
    private Duration coolDown = Duration.ofHours(1);

    private final Slack slack = new Slack();
    private final Email email = new Email();

    public Duration getCoolDown() {
      return coolDown;
    }

    public void setCoolDown(Duration coolDown) {
      this.coolDown = coolDown;
    }

    public Slack getSlack() {
      return slack;
    }

    public Email getEmail() {
      return email;
    }
  }

  /** Alerts to a Slack channel through an incoming webhook. */
  public static class Slack {
    /**
     * The incoming webhook's URL (https://hooks.slack.com/services/...): a secret, never logged or
     * shown. Alerts go to Slack when set.
     */
    private @Nullable String webhookUrl;

    /** The least severe alert sent there. */
    private Alert.Severity minSeverity = Alert.Severity.WARNING;

    public @Nullable String getWebhookUrl() {
      return webhookUrl;
    }

    public void setWebhookUrl(@Nullable String webhookUrl) {
      this.webhookUrl = webhookUrl;
    }

    public Alert.Severity getMinSeverity() {
      return minSeverity;
    }

    public void setMinSeverity(Alert.Severity minSeverity) {
      this.minSeverity = minSeverity;
    }
  }

  /** Alerts by email through an SMTP server. */
  public static class Email {
    /** The SMTP server's host. Alerts go by email when set. */
    private @Nullable String host;

    /** The SMTP server's port. */
    private int port = 587;

    /** The sender's address. */
    private @Nullable String from;

    /** The recipients' addresses. */
    private List<String> to = new ArrayList<>();

    /** The user to log in as (SMTP AUTH); none by default. */
    private @Nullable String username;

    /** The user's password: a secret, never logged or shown. */
    private @Nullable String password;

    /** STARTTLS: required (default), optional or off. */
    private dev.flinders.orchestration.core.notify.EmailNotifier.StartTls startTls =
        dev.flinders.orchestration.core.notify.EmailNotifier.StartTls.REQUIRED;

    /** The least severe alert sent there. */
    private Alert.Severity minSeverity = Alert.Severity.WARNING;

    public @Nullable String getHost() {
      return host;
    }

    public void setHost(@Nullable String host) {
      this.host = host;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public @Nullable String getFrom() {
      return from;
    }

    public void setFrom(@Nullable String from) {
      this.from = from;
    }

    public List<String> getTo() {
      return to;
    }

    public void setTo(List<String> to) {
      this.to = to;
    }

    public @Nullable String getUsername() {
      return username;
    }

    public void setUsername(@Nullable String username) {
      this.username = username;
    }

    public @Nullable String getPassword() {
      return password;
    }

    public void setPassword(@Nullable String password) {
      this.password = password;
    }

    public dev.flinders.orchestration.core.notify.EmailNotifier.StartTls getStartTls() {
      return startTls;
    }

    public void setStartTls(
        dev.flinders.orchestration.core.notify.EmailNotifier.StartTls startTls) {
      this.startTls = startTls;
    }

    public Alert.Severity getMinSeverity() {
      return minSeverity;
    }

    public void setMinSeverity(Alert.Severity minSeverity) {
      this.minSeverity = minSeverity;
    }
  }

  /** The quota of one API provider; see docs/quotas.md. */
  public static class Quota {
    /** At most this many calls a day (in daily-budget-zone); none by default. */
    private @Nullable Long dailyBudget;

    /** The zone whose midnight resets the daily budget. Default: the system's. */
    private @Nullable String dailyBudgetZone;

    /** The share of the daily budget, in [0, 1), kept for priority calls. */
    private double reservedShare;

    /** The share of the daily budget, in (0, 1], at which a quota alert is raised. */
    private double alertAt = 0.8;

    /** Rate limits: at most calls in any window of per. */
    private List<RateLimit> rateLimits = new ArrayList<>();

    public @Nullable Long getDailyBudget() {
      return dailyBudget;
    }

    public void setDailyBudget(@Nullable Long dailyBudget) {
      this.dailyBudget = dailyBudget;
    }

    public @Nullable String getDailyBudgetZone() {
      return dailyBudgetZone;
    }

    public void setDailyBudgetZone(@Nullable String dailyBudgetZone) {
      this.dailyBudgetZone = dailyBudgetZone;
    }

    public double getReservedShare() {
      return reservedShare;
    }

    public void setReservedShare(double reservedShare) {
      this.reservedShare = reservedShare;
    }

    public double getAlertAt() {
      return alertAt;
    }

    public void setAlertAt(double alertAt) {
      this.alertAt = alertAt;
    }

    public List<RateLimit> getRateLimits() {
      return rateLimits;
    }

    public void setRateLimits(List<RateLimit> rateLimits) {
      this.rateLimits = rateLimits;
    }
  }

  /** At most {@code calls} calls in any window of {@code per}. */
  public static class RateLimit {
    /** How many calls the window allows. */
    private int calls;

    /** The window, e.g. 60s. */
    private @Nullable Duration per;

    public int getCalls() {
      return calls;
    }

    public void setCalls(int calls) {
      this.calls = calls;
    }

    public @Nullable Duration getPer() {
      return per;
    }

    public void setPer(@Nullable Duration per) {
      this.per = per;
    }
  }

  /** The health indicator's judgement. */
  public static class Health {
    /** How many components may have failed or timed out at their last run before health is DOWN. */
    private int maxFailingComponents;

    public int getMaxFailingComponents() {
      return maxFailingComponents;
    }

    public void setMaxFailingComponents(int maxFailingComponents) {
      this.maxFailingComponents = maxFailingComponents;
    }
  }

  /** The live status page (needs a servlet web application). */
  public static class StatusPage {
    /** Whether to serve the status page and the run reports it links to. */
    private boolean enabled = true;

    /** The path the status page is served under; reports are below it at reports/. */
    private String path = "/flinders";

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }
  }
}

package dev.flinders.orchestration.examples.victoria;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.notify.Notifications;
import dev.flinders.orchestration.core.report.ReportDirectory;
import dev.flinders.orchestration.parquet.ParquetDatasetSink;
import dev.flinders.orchestration.ptv.datavic.CkanClient;
import dev.flinders.orchestration.ptv.datavic.DataVic;
import dev.flinders.orchestration.ptv.gtfs.Gtfs;
import dev.flinders.orchestration.ptv.realtime.GtfsRealtime;
import dev.flinders.orchestration.ptv.timetable.PtvClient;
import dev.flinders.orchestration.ptv.timetable.PtvTimetable;
import dev.flinders.orchestration.quota.QuotaPolicy;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Victorian transport pipeline of the original platform: its six sources, their dependencies
 * and policies, with the quotas and alert routes an orchestrator needs to run it.
 *
 * <pre>{@code
 * VictorianPipeline victoria = VictorianPipeline.builder(Endpoints.live())
 *     .data(Path.of("data"))
 *     .build();
 * victoria.disabled().forEach((component, why) -> System.out.println(component + ": " + why));
 * try (Orchestrator orchestrator = victoria.orchestrator().build()) {
 *   System.out.println(orchestrator.runOnce().toText());
 * }
 * }</pre>
 *
 * <table>
 *   <caption>The components</caption>
 *   <tr><th>component<th>schedule<th>depends on<th>timeout</tr>
 *   <tr><td>{@value #GTFS_SCHEDULE}<td>weekly, Monday 05:00<td>—<td>30 min</tr>
 *   <tr><td>{@code gtfsr-<mode>-<feed>} (10 feeds)<td>every 30 s<td>gtfs-schedule<td>5 min</tr>
 *   <tr><td>{@code ptv-disruptions}<td>every 15 min<td>—<td>5 min</tr>
 *   <tr><td>{@code datavic-catalog}<td>weekly, Monday 06:00<td>—<td>10 min</tr>
 *   <tr><td>{@code station-patronage-annual}<td>checked monthly, 1st 06:00<td>—<td>5 min</tr>
 *   <tr><td>{@code patronage-monthly}<td>monthly, 1st 06:00<td>gtfs-schedule<td>10 min</tr>
 * </table>
 *
 * <p>Times are Melbourne's; the run times out after 120 minutes. A source whose key is missing from
 * its {@link Endpoints} is disabled, with the reason in {@link #disabled()}; the others run.
 * Immutable and thread-safe.
 */
public final class VictorianPipeline {
  /** The pipeline's name. */
  public static final String NAME = "victorian-transport";

  /** The GTFS schedule's component, the foundation the realtime feeds and patronage depend on. */
  public static final String GTFS_SCHEDULE = "gtfs-schedule";

  /** The zone of every schedule, file date and report time. */
  public static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  /** The PTV disruptions' component. */
  public static final String DISRUPTIONS = "ptv-disruptions";

  /** The quota provider of the PTV Timetable API. */
  public static final String PTV_QUOTA = "ptv";

  /** The quota provider of Data.vic. */
  public static final String DATAVIC_QUOTA = "datavic";

  /** The realtime feeds, as {@code mode/feed}: trip updates and positions of each mode, alerts. */
  public static final List<String> REALTIME_FEEDS =
      List.of(
          "metro/trip-updates",
          "metro/vehicle-positions",
          "metro/service-alerts",
          "tram/trip-updates",
          "tram/vehicle-positions",
          "tram/service-alerts",
          "bus/trip-updates",
          "bus/vehicle-positions",
          "vline/trip-updates",
          "vline/vehicle-positions");

  private static final Map<String, Supplier<GtfsRealtime.Builder>> FEEDS =
      Map.of(
          "metro/trip-updates", GtfsRealtime::metroTripUpdates,
          "metro/vehicle-positions", GtfsRealtime::metroVehiclePositions,
          "metro/service-alerts", GtfsRealtime::metroServiceAlerts,
          "tram/trip-updates", GtfsRealtime::tramTripUpdates,
          "tram/vehicle-positions", GtfsRealtime::tramVehiclePositions,
          "tram/service-alerts", GtfsRealtime::tramServiceAlerts,
          "bus/trip-updates", GtfsRealtime::busTripUpdates,
          "bus/vehicle-positions", GtfsRealtime::busVehiclePositions,
          "vline/trip-updates", GtfsRealtime::vlineTripUpdates,
          "vline/vehicle-positions", GtfsRealtime::vlineVehiclePositions);

  /** How old the newest realtime snapshot may be before a {@code DATA_STALE} alert. */
  public static final Duration REALTIME_FRESHNESS = Duration.ofMinutes(10);

  private final Pipeline pipeline;
  private final List<QuotaPolicy> quotas;
  private final Notifications notifications;
  private final Map<String, String> disabled;
  private final Path data;
  private final ParquetDatasetSink curated;
  private final ParquetDatasetSink quarantine;

  private VictorianPipeline(Builder builder) {
    this.data = builder.data;
    this.curated = ParquetDatasetSink.builder(data.resolve("curated")).zone(MELBOURNE).build();
    this.quarantine =
        ParquetDatasetSink.builder(data.resolve("quarantine")).zone(MELBOURNE).build();
    Endpoints endpoints = builder.endpoints;
    Map<String, String> off = new LinkedHashMap<>();
    List<Component> components = new ArrayList<>();
    components.add(gtfsSchedule(endpoints));
    components.addAll(realtime(endpoints, new ScheduledTrips(curated), off));
    components.add(disruptions(endpoints, off));
    CkanClient ckan =
        CkanClient.builder().baseUrl(endpoints.dataVic()).quota(DATAVIC_QUOTA).build();
    components.add(DataVic.catalog(ckan, DataVic.TRANSPORT_QUERY).build());
    components.add(DataVic.stationPatronageAnnual(ckan).build());
    components.add(DataVic.patronageMonthly(ckan).dependsOn(GTFS_SCHEDULE).build());
    this.pipeline =
        Pipeline.builder(NAME)
            .components(components)
            .timeout(Duration.ofMinutes(120))
            .parallelism(4)
            .build();
    this.disabled = Map.copyOf(off);
    List<QuotaPolicy> policies = new ArrayList<>(GtfsRealtime.quotaPolicies());
    policies.add(
        QuotaPolicy.builder(PTV_QUOTA)
            .rateLimit(5, Duration.ofSeconds(1))
            .dailyBudget(10_000, MELBOURNE)
            .build());
    policies.add(QuotaPolicy.builder(DATAVIC_QUOTA).rateLimit(60, Duration.ofMinutes(1)).build());
    this.quotas = List.copyOf(policies);
    Notifications.Builder routes = EnvironmentNotifications.from(builder.environment);
    if (builder.freshnessAlerts && endpoints.realtimeKey() != null) {
      routes.freshness(GtfsRealtime.TRIP_UPDATES.name(), REALTIME_FRESHNESS);
      routes.freshness(GtfsRealtime.VEHICLE_POSITIONS.name(), REALTIME_FRESHNESS);
    }
    this.notifications = routes.build();
  }

  /**
   * Starts a pipeline over {@code endpoints}: {@link Endpoints#live()} or {@link
   * LocalVictoria#endpoints()}.
   */
  public static Builder builder(Endpoints endpoints) {
    return new Builder(Objects.requireNonNull(endpoints, "endpoints"));
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  /** The quota policies its components name: GTFS Realtime per mode, PTV, Data.vic. */
  public List<QuotaPolicy> quotas() {
    return quotas;
  }

  /** The alert routes of the environment (see {@link EnvironmentNotifications}). */
  public Notifications notifications() {
    return notifications;
  }

  /** The components disabled for want of a key, each with what to set. */
  public Map<String, String> disabled() {
    return disabled;
  }

  /** Where it keeps its files: {@code curated/}, {@code quarantine/}, {@code state/}, scratch. */
  public Path data() {
    return data;
  }

  /** The curated datasets' sink, to read what the pipeline wrote. */
  public ParquetDatasetSink curated() {
    return curated;
  }

  /** The quarantine's sink. */
  public ParquetDatasetSink quarantine() {
    return quarantine;
  }

  /**
   * An orchestrator builder with everything set: state in {@code data/state}, datasets in {@code
   * data/curated} and {@code data/quarantine}, scratch files in {@code data/scratch}, run reports
   * in {@code data/reports}, Melbourne time, the quotas and the alert routes. Add a clock, a
   * configuration file or listeners, then build.
   */
  public Orchestrator.Builder orchestrator() {
    Orchestrator.Builder orchestrator =
        Orchestrator.builder(pipeline)
            .zone(MELBOURNE)
            .stateDirectory(data.resolve("state"))
            .scratchDirectory(data.resolve("scratch"))
            .datasets(curated, quarantine)
            .notifications(notifications)
            .reports(reports());
    quotas.forEach(orchestrator::quota);
    return orchestrator;
  }

  /** Where each run's HTML and JSON reports go: {@code data/reports}, the newest at latest.html. */
  public ReportDirectory reports() {
    return ReportDirectory.at(data.resolve("reports"));
  }

  private Component gtfsSchedule(Endpoints endpoints) {
    return Gtfs.transportVictoria()
        .url(endpoints.gtfsSchedule())
        .scratchDirectory(data.resolve("scratch"))
        .component(GTFS_SCHEDULE)
        .schedule(Schedule.weekly().on(DayOfWeek.MONDAY).at(5, 0).in(MELBOURNE))
        .timeout(Duration.ofMinutes(30))
        .build();
  }

  private static List<Component> realtime(
      Endpoints endpoints, ScheduledTrips trips, Map<String, String> off) {
    List<Component> feeds = new ArrayList<>();
    for (String feed : REALTIME_FEEDS) {
      String mode = feed.substring(0, feed.indexOf('/'));
      GtfsRealtime.Builder source =
          victorianFeed(feed)
              .baseUrl(endpoints.gtfsRealtime())
              .scheduledTrips(trips.of(RealtimeGateway.gtfsMode(mode)));
      if (endpoints.realtimeKey() != null) {
        source.key(endpoints.realtimeKey());
      }
      Component.Builder component =
          source.component().dependsOn(GTFS_SCHEDULE).timeout(Duration.ofMinutes(5));
      if (endpoints.realtimeKey() == null) {
        feeds.add(
            withoutKey(
                component,
                "environment variable "
                    + Endpoints.REALTIME_KEY_VARIABLE
                    + " is not set: the GTFS Realtime feeds need the API key of a Transport"
                    + " Victoria open data account (register at opendata.transport.vic.gov.au and"
                    + " subscribe to the GTFS Realtime product), see docs/sources/gtfs-realtime.md",
                off));
      } else {
        feeds.add(component.build());
      }
    }
    return feeds;
  }

  private static GtfsRealtime.Builder victorianFeed(String feed) {
    return FEEDS.get(feed).get();
  }

  private static Component disruptions(Endpoints endpoints, Map<String, String> off) {
    if (endpoints.ptvDevid() != null && endpoints.ptvKey() != null) {
      PtvClient ptv =
          PtvClient.builder(endpoints.ptvDevid(), endpoints.ptvKey())
              .baseUrl(endpoints.ptv())
              .quota(PTV_QUOTA)
              .build();
      return PtvTimetable.disruptions(ptv).timeout(Duration.ofMinutes(5)).build();
    }
    List<String> unset =
        endpoints.unset().stream()
            .filter(
                name ->
                    name.equals(Endpoints.PTV_DEVID_VARIABLE)
                        || name.equals(Endpoints.PTV_KEY_VARIABLE))
            .toList();
    return withoutKey(
        Component.builder(DISRUPTIONS).schedule(Schedule.every(Duration.ofMinutes(15))),
        "environment variable"
            + (unset.size() == 1
                ? " " + unset.get(0) + " is"
                : "s " + String.join(" and ", unset) + " are")
            + " not set: the PTV Timetable API needs a developer id ("
            + Endpoints.PTV_DEVID_VARIABLE
            + ") and an API key ("
            + Endpoints.PTV_KEY_VARIABLE
            + "), which PTV sends by email: write to "
            + PtvClient.KEY_REQUEST_ADDRESS
            + ", see docs/sources/ptv-timetable.md",
        off);
  }

  /**
   * The component disabled, its reason recorded, and a task that fails with that reason should a
   * configuration file enable it anyway.
   */
  private static Component withoutKey(
      Component.Builder component, String why, Map<String, String> off) {
    Component built =
        component
            .enabled(false)
            .task(
                context -> {
                  throw new IllegalStateException(context.componentName() + " cannot run: " + why);
                })
            .build();
    off.put(built.name(), why);
    return built;
  }

  /** Builds a {@link VictorianPipeline}. Not thread-safe. */
  public static final class Builder {
    private final Endpoints endpoints;
    private Path data = Path.of("data");
    private Map<String, String> environment = System.getenv();
    private boolean freshnessAlerts = true;

    private Builder(Endpoints endpoints) {
      this.endpoints = endpoints;
    }

    /** Where the files go. Default {@code data} in the working directory. */
    public Builder data(Path directory) {
      this.data = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Where the alert routes are read from ({@link EnvironmentNotifications}). Default: this
     * process's environment.
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /**
     * Whether a realtime dataset whose newest file is older than {@link #REALTIME_FRESHNESS} raises
     * a {@code DATA_STALE} alert. Default true. The demo turns it off: its calendar is simulated,
     * its files carry real times.
     */
    public Builder freshnessAlerts(boolean freshnessAlerts) {
      this.freshnessAlerts = freshnessAlerts;
      return this;
    }

    /**
     * Builds it.
     *
     * @throws IllegalStateException if the environment's alert routes are configured in part
     */
    public VictorianPipeline build() {
      return new VictorianPipeline(this);
    }
  }
}

package dev.flinders.orchestration.ptv.realtime;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.quality.Rule;
import dev.flinders.orchestration.quota.QuotaPolicy;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * GTFS Realtime components: the Transport Victoria feeds of trip updates, vehicle positions and
 * service alerts, or any GTFS Realtime URL. Each fetch is parsed as a protobuf {@code FeedMessage}
 * and appended, as a snapshot, to {@link #TRIP_UPDATES gtfsr_trip_updates}, {@link
 * #VEHICLE_POSITIONS gtfsr_vehicle_positions} and {@link #ALERTS gtfsr_alerts}, whose files are
 * merged by the hour once it is over.
 *
 * <pre>{@code
 * Secret key = Secret.fromEnvironment("TRANSPORT_VICTORIA_API_KEY");
 * Pipeline pipeline = Pipeline.builder("realtime")
 *     .component(GtfsRealtime.metroTripUpdates().key(key).component().build())
 *     .component(GtfsRealtime.tramVehiclePositions().key(key).component().build())
 *     .build();
 * Orchestrator orchestrator = Orchestrator.builder(pipeline)
 *     .quota(GtfsRealtime.quotaPolicy("metro"))   // 24 calls per 60 s per mode
 *     .quota(GtfsRealtime.quotaPolicy("tram"))
 *     .datasets(curated, quarantine)
 *     .build();
 * }</pre>
 *
 * <p>A feed whose header time stamp is the one stored by the last run ends {@code UNCHANGED}
 * without writing; one older than {@link Builder#staleAfter} is stored with a warning; an empty
 * feed is valid; a corrupt or truncated one fails the attempt and commits nothing. See
 * docs/sources/gtfs-realtime.md.
 */
public final class GtfsRealtime {
  /** The Transport Victoria open data API's GTFS Realtime base URL. */
  public static final String TRANSPORT_VICTORIA_URL =
      "https://api.opendata.transport.vic.gov.au/opendata/public-transport/gtfs/realtime/v1";

  /** The header that carries the Transport Victoria API key. */
  public static final String KEY_HEADER = "KeyId";

  /** The Transport Victoria gateway's limit per mode: about 24 calls per 60 seconds. */
  public static final int CALLS_PER_MINUTE = 24;

  /** {@code gtfsr_trip_updates}: one row per stop-time update (or per trip update without). */
  public static final DatasetSpec TRIP_UPDATES =
      DatasetSpec.builder("gtfsr_trip_updates", RealtimeDatasets.TRIP_UPDATES)
          .appending(ChronoUnit.HOURS)
          .build();

  /** {@code gtfsr_vehicle_positions}: one row per vehicle position. */
  public static final DatasetSpec VEHICLE_POSITIONS =
      DatasetSpec.builder("gtfsr_vehicle_positions", RealtimeDatasets.VEHICLE_POSITIONS)
          .appending(ChronoUnit.HOURS)
          .rule(Rule.range("latitude", -90, 90))
          .rule(Rule.range("longitude", -180, 180))
          .build();

  /** {@code gtfsr_alerts}: one row per entity an alert informs (or per alert without). */
  public static final DatasetSpec ALERTS =
      DatasetSpec.builder("gtfsr_alerts", RealtimeDatasets.ALERTS)
          .appending(ChronoUnit.HOURS)
          .build();

  /** The Victorian modes with realtime feeds. */
  public static final List<String> MODES = List.of("metro", "tram", "bus", "vline");

  private static final Pattern MODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

  private GtfsRealtime() {}

  /** Metro trains' trip updates: a priority call of the metro quota. */
  public static Builder metroTripUpdates() {
    return victorian("metro", "trip-updates");
  }

  /** Metro trains' vehicle positions. */
  public static Builder metroVehiclePositions() {
    return victorian("metro", "vehicle-positions");
  }

  /** Metro trains' service alerts. */
  public static Builder metroServiceAlerts() {
    return victorian("metro", "service-alerts");
  }

  /** Trams' trip updates. */
  public static Builder tramTripUpdates() {
    return victorian("tram", "trip-updates");
  }

  /** Trams' vehicle positions. */
  public static Builder tramVehiclePositions() {
    return victorian("tram", "vehicle-positions");
  }

  /** Trams' service alerts. */
  public static Builder tramServiceAlerts() {
    return victorian("tram", "service-alerts");
  }

  /** Buses' trip updates. */
  public static Builder busTripUpdates() {
    return victorian("bus", "trip-updates");
  }

  /** Buses' vehicle positions. */
  public static Builder busVehiclePositions() {
    return victorian("bus", "vehicle-positions");
  }

  /** V/Line trains' trip updates. */
  public static Builder vlineTripUpdates() {
    return victorian("vline", "trip-updates");
  }

  /** V/Line trains' vehicle positions. */
  public static Builder vlineVehiclePositions() {
    return victorian("vline", "vehicle-positions");
  }

  /**
   * Any GTFS Realtime feed at {@code url}, its rows marked with {@code mode} (lower-case letters,
   * digits, '-' and '_'). No key and no quota unless given.
   */
  public static Builder feed(String url, String mode) {
    return new Builder(null, Objects.requireNonNull(url, "url"), checkMode(mode), null);
  }

  /**
   * The quota of a Victorian mode's feeds: provider {@code gtfsr-<mode>}, {@value
   * #CALLS_PER_MINUTE} calls per 60 seconds (sliding), which its components name.
   */
  public static QuotaPolicy quotaPolicy(String mode) {
    return quotaPolicy(mode, CALLS_PER_MINUTE, Duration.ofSeconds(60));
  }

  /** As {@link #quotaPolicy(String)}, with another limit. */
  public static QuotaPolicy quotaPolicy(String mode, int calls, Duration per) {
    return QuotaPolicy.builder(provider(checkMode(mode))).rateLimit(calls, per).build();
  }

  /** {@link #quotaPolicy(String)} of every mode of {@link #MODES}. */
  public static List<QuotaPolicy> quotaPolicies() {
    return MODES.stream().map(GtfsRealtime::quotaPolicy).toList();
  }

  private static String provider(String mode) {
    return "gtfsr-" + mode;
  }

  private static Builder victorian(String mode, String feed) {
    return new Builder(feed, null, mode, provider(mode));
  }

  private static String checkMode(String mode) {
    Objects.requireNonNull(mode, "mode");
    if (!MODE.matcher(mode).matches()) {
      throw new IllegalArgumentException(
          "mode \""
              + mode
              + "\" is not valid: use lower-case letters, digits, '-' and '_' (up to 40), e.g."
              + " metro");
    }
    return mode;
  }

  /** Builds a GTFS Realtime source and its component. Not thread-safe. */
  public static final class Builder {
    private final @Nullable String feed;
    private final String mode;
    private String baseUrl = TRANSPORT_VICTORIA_URL;
    private @Nullable String url;
    private @Nullable String keyHeader;
    private @Nullable Secret key;
    private @Nullable String quotaProvider;
    private long maxBodyBytes = 32L << 20;
    private Duration staleAfter = Duration.ofMinutes(5);
    private String language = "en";
    private @Nullable Supplier<Set<String>> scheduledTrips;

    private Builder(
        @Nullable String feed, @Nullable String url, String mode, @Nullable String quotaProvider) {
      this.feed = feed;
      this.url = url;
      this.mode = mode;
      this.quotaProvider = quotaProvider;
      if (feed != null) {
        this.keyHeader = KEY_HEADER;
      }
    }

    /**
     * The base URL of a Victorian feed ({@link #TRANSPORT_VICTORIA_URL} by default), e.g. a proxy's
     * or a test server's; the feed's path ({@code /metro/trip-updates}) follows it.
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      if (feed == null) {
        throw new IllegalStateException(
            "baseUrl applies to the Victorian feeds; this feed's URL is " + url + ": use url(...)");
      }
      this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
      this.url = null;
      return this;
    }

    /** The feed's whole URL, instead of the base URL and the feed's path. */
    public Builder url(String url) {
      this.url = Objects.requireNonNull(url, "url");
      return this;
    }

    /** The API key, sent in header {@value #KEY_HEADER}; never logged or reported. */
    public Builder key(Secret key) {
      return key(KEY_HEADER, key);
    }

    /** The API key, sent in header {@code header}; never logged or reported. */
    public Builder key(String header, Secret key) {
      this.keyHeader = Objects.requireNonNull(header, "header");
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * The quota provider the component's calls count against (the Victorian feeds: {@code
     * gtfsr-<mode>}, see {@link #quotaPolicy}), or null for none.
     */
    public Builder quotaProvider(@Nullable String provider) {
      this.quotaProvider = provider;
      return this;
    }

    /** The largest response accepted. Default 32 MiB. */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * How old the feed's header time stamp may be, at the fetch, before the feed is reported stale
     * (a warning in the component's notes; stored all the same). Default 5 minutes.
     */
    public Builder staleAfter(Duration staleAfter) {
      Objects.requireNonNull(staleAfter, "staleAfter");
      if (staleAfter.isNegative() || staleAfter.isZero()) {
        throw new IllegalArgumentException("staleAfter must be positive, was " + staleAfter);
      }
      this.staleAfter = staleAfter;
      return this;
    }

    /**
     * The language of the alerts' texts to keep ({@code en} by default): that translation, else the
     * one without a language, else the first.
     */
    public Builder language(String language) {
      this.language = Objects.requireNonNull(language, "language");
      return this;
    }

    /**
     * The trip ids of the GTFS schedule ({@code gtfs_trips}), read at each run: the share of trip
     * updates naming a trip it does not hold is reported (metric {@code
     * trips_not_in_schedule_share}, and a warning when above zero). An empty set, while the
     * schedule has not been ingested, skips the check.
     */
    public Builder scheduledTrips(Supplier<Set<String>> tripIds) {
      this.scheduledTrips = Objects.requireNonNull(tripIds, "tripIds");
      return this;
    }

    /** The feed's URL. */
    public String url() {
      return url != null ? url : baseUrl + "/" + mode + "/" + feed;
    }

    /**
     * Component {@code gtfsr-<mode>-<feed>} ({@code gtfsr-metro-trip-updates}; {@code gtfsr-<mode>}
     * for any URL): the task, every 30 seconds (the gateway caches for 30 s), a timeout of 2
     * minutes, 3 attempts, counted against the mode's quota (metro trip updates with priority).
     */
    public Component.Builder component() {
      return component(feed == null ? "gtfsr-" + mode : "gtfsr-" + mode + "-" + feed);
    }

    /** As {@link #component()}, named {@code name}. */
    public Component.Builder component(String name) {
      Component.Builder component =
          Component.builder(name)
              .task(task())
              .schedule(Schedule.every(Duration.ofSeconds(30)))
              .timeout(Duration.ofMinutes(2))
              .retry(RetryPolicy.exponential(3, Duration.ofSeconds(5)))
              .tags("gtfs-realtime", mode);
      if (quotaProvider != null) {
        component.quota(quotaProvider, "metro".equals(mode) && "trip-updates".equals(feed));
      }
      return component;
    }

    /** The task alone, for a component of your own. */
    public dev.flinders.orchestration.Task task() {
      return new RealtimeSource(
          url(), mode, keyHeader, key, maxBodyBytes, staleAfter, language, scheduledTrips);
    }
  }
}

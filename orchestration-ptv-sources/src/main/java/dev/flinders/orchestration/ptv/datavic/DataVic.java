package dev.flinders.orchestration.ptv.datavic;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.quality.Rule;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * Data.vic sources ready to drop into a pipeline: a generic datastore copy, the annual station
 * patronage, the monthly patronage by mode and day type, and a catalog of the portal's transport
 * datasets. Each factory returns a {@link Component.Builder} with its task, change detection,
 * schedule, timeout and retries set; change any of them before {@code build()}.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder("victorian-transport")
 *     .component(DataVic.stationPatronageAnnual().build())
 *     .component(DataVic.patronageMonthly().build())
 *     .component(DataVic.catalog().build())
 *     .build();
 * }</pre>
 *
 * See docs/sources/datavic.md.
 */
public final class DataVic {
  /** The zone schedules are read in. */
  public static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  /** Annual metropolitan train station entries (patronage), one row per station and year. */
  public static final String STATION_PATRONAGE_ANNUAL_RESOURCE =
      "57faf356-36a3-4bbe-87fe-f0f05d1b8996";

  /** Monthly average daily patronage by day type and mode. */
  public static final String PATRONAGE_MONTHLY_RESOURCE = "d49915dc-98ac-45d1-afd8-3aea823ce292";

  /** The columns of the annual station patronage that count passengers. */
  public static final List<String> PAX_COLUMNS =
      List.of(
          "Pax_annual",
          "Pax_weekday",
          "Pax_norm_weekday",
          "Pax_sch_hol_weekday",
          "Pax_Saturday",
          "Pax_Sunday",
          "Pax_pre_AM_peak",
          "Pax_AM_peak",
          "Pax_interpeak",
          "Pax_PM_peak",
          "Pax_PM_late");

  /** The transport modes of the monthly patronage. */
  public static final List<String> MODES =
      List.of("MetroBus", "MetroTrain", "RegionalBus", "RegionalTrain", "Tram");

  /** The day types of the monthly patronage. */
  public static final List<String> DAY_TYPES =
      List.of("Normal Weekday", "School Holiday Weekday", "Weekend");

  /**
   * {@code station_patronage_annual}: the stations' keys (not null, {@code Stop_ID} unique per
   * {@code Fin_year}), coordinates inside Victoria, passenger counts not negative; a broken rule
   * quarantines the row.
   */
  public static final DatasetSpec STATION_PATRONAGE_ANNUAL = stationPatronageAnnualSpec();

  /**
   * {@code patronage_monthly}: month 1 to 12, known modes, day types and days, counts not negative,
   * one row per year, month, day, day type and mode; a broken rule quarantines the row.
   */
  public static final DatasetSpec PATRONAGE_MONTHLY = patronageMonthlySpec();

  /** {@code datavic_catalog}: one row per package and resource found by a catalog search. */
  public static final DatasetSpec CATALOG = catalogSpec();

  /** The catalog search of {@link #catalog()}. */
  public static final String TRANSPORT_QUERY = "transport";

  private DataVic() {}

  /**
   * A source of a datastore resource's records; finish with {@code into("dataset")} (schema
   * inferred) or {@code into(spec)} (declared), then {@code component(name)} for a component with
   * change detection.
   */
  public static DatastoreSource.Builder datastore(String resourceId) {
    return DatastoreSource.of(DatastoreQuery.of(resourceId));
  }

  /** As {@link #datastore(String)}, for some of a resource's records. */
  public static DatastoreSource.Builder datastore(DatastoreQuery query) {
    return DatastoreSource.of(query);
  }

  /** {@link #stationPatronageAnnual(CkanClient)} with {@link CkanClient#dataVic()}. */
  public static Component.Builder stationPatronageAnnual() {
    return stationPatronageAnnual(CkanClient.dataVic());
  }

  /**
   * Component {@code station-patronage-annual}: resource {@value
   * #STATION_PATRONAGE_ANNUAL_RESOURCE} into {@link #STATION_PATRONAGE_ANNUAL}, checked on the 1st
   * of each month at 06:00 Melbourne time for a new financial year (the probe costs two small
   * requests; an unchanged resource ends UNCHANGED), 5 minutes timeout, 3 attempts.
   */
  public static Component.Builder stationPatronageAnnual(CkanClient client) {
    return datastore(STATION_PATRONAGE_ANNUAL_RESOURCE)
        .client(client)
        .into(STATION_PATRONAGE_ANNUAL)
        .component("station-patronage-annual")
        .schedule(Schedule.monthly().at(6, 0).in(MELBOURNE))
        .timeout(Duration.ofMinutes(5))
        .retry(RetryPolicy.exponential(3, Duration.ofSeconds(10)))
        .tags("datavic", "patronage");
  }

  /** {@link #patronageMonthly(CkanClient)} with {@link CkanClient#dataVic()}. */
  public static Component.Builder patronageMonthly() {
    return patronageMonthly(CkanClient.dataVic());
  }

  /**
   * Component {@code patronage-monthly}: resource {@value #PATRONAGE_MONTHLY_RESOURCE} into {@link
   * #PATRONAGE_MONTHLY}, checked on the 1st of each month at 06:00 Melbourne time, 10 minutes
   * timeout, 3 attempts.
   */
  public static Component.Builder patronageMonthly(CkanClient client) {
    return datastore(PATRONAGE_MONTHLY_RESOURCE)
        .client(client)
        .into(PATRONAGE_MONTHLY)
        .component("patronage-monthly")
        .schedule(Schedule.monthly().at(6, 0).in(MELBOURNE))
        .timeout(Duration.ofMinutes(10))
        .retry(RetryPolicy.exponential(3, Duration.ofSeconds(10)))
        .tags("datavic", "patronage");
  }

  /** {@link #catalog(CkanClient, String)} of Data.vic for {@value #TRANSPORT_QUERY}. */
  public static Component.Builder catalog() {
    return catalog(CkanClient.dataVic(), TRANSPORT_QUERY);
  }

  /**
   * Component {@code datavic-catalog}: the packages matching {@code query} ({@code package_search},
   * pages of up to 1,000) into {@link #CATALOG}, weekly on Monday at 06:00 Melbourne time, 10
   * minutes timeout, 3 attempts.
   */
  public static Component.Builder catalog(CkanClient client, String query) {
    return Component.builder("datavic-catalog")
        .task(
            new CatalogSource(
                client, query, Math.min(client.pageSize(), CkanClient.MAX_SEARCH_ROWS)))
        .schedule(Schedule.weekly().on(DayOfWeek.MONDAY).at(6, 0).in(MELBOURNE))
        .timeout(Duration.ofMinutes(10))
        .retry(RetryPolicy.exponential(3, Duration.ofSeconds(10)))
        .tags("datavic", "catalog");
  }

  private static DatasetSpec stationPatronageAnnualSpec() {
    DatasetSchema.Builder schema =
        DatasetSchema.builder()
            .optional("Fin_year", ColumnType.STRING)
            .optional("Stop_ID", ColumnType.INT)
            .optional("Stop_name", ColumnType.STRING)
            .optional("Stop_lat", ColumnType.DOUBLE)
            .optional("Stop_long", ColumnType.DOUBLE);
    PAX_COLUMNS.forEach(column -> schema.optional(column, ColumnType.INT));
    DatasetSpec.Builder spec =
        DatasetSpec.builder("station_patronage_annual", schema.build())
            .rule(Rule.requiredColumns("Fin_year", "Stop_ID", "Stop_name").fail())
            .rule(Rule.notNull("Fin_year", "Stop_ID", "Stop_name"))
            .rule(Rule.unique("Fin_year", "Stop_ID"))
            .rule(Rule.range("Stop_lat", -39.2, -33.9))
            .rule(Rule.range("Stop_long", 140.9, 150.0));
    PAX_COLUMNS.forEach(column -> spec.rule(Rule.atLeast(column, 0)));
    return spec.build();
  }

  private static DatasetSpec patronageMonthlySpec() {
    DatasetSchema schema =
        DatasetSchema.builder()
            .optional("Year", ColumnType.INT)
            .optional("Month", ColumnType.INT)
            .optional("Month_name", ColumnType.STRING)
            .optional("Day_of_week", ColumnType.STRING)
            .optional("Day_type", ColumnType.STRING)
            .optional("Mode", ColumnType.STRING)
            .optional("Pax_daily", ColumnType.INT)
            .build();
    return DatasetSpec.builder("patronage_monthly", schema)
        .rule(Rule.requiredColumns("Year", "Month", "Day_type", "Mode", "Pax_daily").fail())
        .rule(Rule.notNull("Year", "Month", "Day_type", "Mode"))
        .rule(Rule.range("Month", 1, 12))
        .rule(Rule.oneOf("Mode", MODES.toArray(String[]::new)))
        .rule(Rule.oneOf("Day_type", DAY_TYPES.toArray(String[]::new)))
        .rule(
            Rule.oneOf(
                "Day_of_week",
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday"))
        .rule(Rule.atLeast("Pax_daily", 0))
        .rule(Rule.unique("Year", "Month", "Day_of_week", "Day_type", "Mode"))
        .build();
  }

  private static DatasetSpec catalogSpec() {
    DatasetSchema schema =
        DatasetSchema.builder()
            .required("package_id", ColumnType.STRING)
            .required("package_name", ColumnType.STRING)
            .optional("title", ColumnType.STRING)
            .optional("organisation", ColumnType.STRING)
            .optional("package_modified", ColumnType.TIMESTAMP)
            .optional("resource_id", ColumnType.STRING)
            .optional("resource_name", ColumnType.STRING)
            .optional("format", ColumnType.STRING)
            .optional("url", ColumnType.STRING)
            .optional("last_modified", ColumnType.TIMESTAMP)
            .optional("datastore_active", ColumnType.BOOLEAN)
            .optional("size", ColumnType.LONG)
            .build();
    return DatasetSpec.builder("datavic_catalog", schema)
        .rule(Rule.unique("package_id", "resource_id"))
        .build();
  }
}

package dev.flinders.orchestration.ptv.gtfs;

import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * A table of the GTFS Schedule reference (google/transit {@code gtfs/spec/en/reference.md}): its
 * file, its fields with their types, and the fields that identify a row. Each is stored as dataset
 * {@code gtfs_<table>}, partitioned by the feed's {@code mode}: the columns are {@code mode}, then
 * every field of the reference in its order (missing from a file: empty), then for each time field
 * its seconds ({@code arrival_time_secs}). Immutable.
 */
public final class GtfsTable {
  private static final Map<String, GtfsTable> BY_FILE = new LinkedHashMap<>();

  /** Route types: the basic ones, and Google's extended ones (400 urban railway, 700 bus, …). */
  private static final IntPredicate ROUTE_TYPES =
      type ->
          (type >= 0 && type <= 7)
              || type == 11
              || type == 12
              || (type >= 100 && type <= 117)
              || (type >= 200 && type <= 209)
              || (type >= 400 && type <= 405)
              || (type >= 700 && type <= 716)
              || type == 800
              || (type >= 900 && type <= 906)
              || type == 1000
              || type == 1100
              || type == 1200
              || (type >= 1300 && type <= 1307)
              || type == 1400
              || (type >= 1500 && type <= 1507)
              || (type >= 1700 && type <= 1702);

  public static final GtfsTable AGENCY =
      table("agency.txt")
          .key("agency_id")
          .field("agency_id", GtfsType.ID)
          .required("agency_name", GtfsType.TEXT)
          .required("agency_url", GtfsType.URL)
          .required("agency_timezone", GtfsType.TIMEZONE)
          .field("agency_lang", GtfsType.LANGUAGE)
          .field("agency_phone", GtfsType.PHONE)
          .field("agency_fare_url", GtfsType.URL)
          .field("agency_email", GtfsType.EMAIL)
          .range("cemv_support", 0, 2)
          .build();

  public static final GtfsTable STOPS =
      table("stops.txt")
          .key("stop_id")
          .required("stop_id", GtfsType.ID)
          .field("stop_code", GtfsType.TEXT)
          .field("stop_name", GtfsType.TEXT)
          .field("tts_stop_name", GtfsType.TEXT)
          .field("stop_desc", GtfsType.TEXT)
          .field("stop_lat", GtfsType.LATITUDE)
          .field("stop_lon", GtfsType.LONGITUDE)
          .field("zone_id", GtfsType.ID)
          .field("stop_url", GtfsType.URL)
          .range("location_type", 0, 4)
          .field("parent_station", GtfsType.ID)
          .field("stop_timezone", GtfsType.TIMEZONE)
          .range("wheelchair_boarding", 0, 2)
          .field("level_id", GtfsType.ID)
          .field("platform_code", GtfsType.TEXT)
          .range("stop_access", 0, 1)
          .build();

  public static final GtfsTable ROUTES =
      table("routes.txt")
          .key("route_id")
          .required("route_id", GtfsType.ID)
          .field("agency_id", GtfsType.ID)
          .field("route_short_name", GtfsType.TEXT)
          .field("route_long_name", GtfsType.TEXT)
          .field("route_desc", GtfsType.TEXT)
          .enumField(
              "route_type",
              true,
              ROUTE_TYPES,
              "0 to 7, 11, 12, or an extended type such as 400, 700, 701 or 712")
          .field("route_url", GtfsType.URL)
          .field("route_color", GtfsType.COLOR)
          .field("route_text_color", GtfsType.COLOR)
          .field("route_sort_order", GtfsType.NON_NEGATIVE_INTEGER)
          .range("continuous_pickup", 0, 3)
          .range("continuous_drop_off", 0, 3)
          .field("network_id", GtfsType.ID)
          .range("cemv_support", 0, 2)
          .build();

  public static final GtfsTable TRIPS =
      table("trips.txt")
          .key("trip_id")
          .required("route_id", GtfsType.ID)
          .required("service_id", GtfsType.ID)
          .required("trip_id", GtfsType.ID)
          .field("trip_headsign", GtfsType.TEXT)
          .field("trip_short_name", GtfsType.TEXT)
          .range("direction_id", 0, 1)
          .field("block_id", GtfsType.ID)
          .field("shape_id", GtfsType.ID)
          .range("wheelchair_accessible", 0, 2)
          .range("bikes_allowed", 0, 2)
          .range("cars_allowed", 0, 2)
          .field("safe_duration_factor", GtfsType.FLOAT)
          .field("safe_duration_offset", GtfsType.FLOAT)
          .build();

  public static final GtfsTable STOP_TIMES =
      table("stop_times.txt")
          .sequenceKey("trip_id", "stop_sequence")
          .required("trip_id", GtfsType.ID)
          .field("arrival_time", GtfsType.TIME)
          .field("departure_time", GtfsType.TIME)
          .field("stop_id", GtfsType.ID)
          .field("location_group_id", GtfsType.ID)
          .field("location_id", GtfsType.ID)
          .required("stop_sequence", GtfsType.NON_NEGATIVE_INTEGER)
          .field("stop_headsign", GtfsType.TEXT)
          .field("start_pickup_drop_off_window", GtfsType.TIME)
          .field("end_pickup_drop_off_window", GtfsType.TIME)
          .range("pickup_type", 0, 3)
          .range("drop_off_type", 0, 3)
          .range("continuous_pickup", 0, 3)
          .range("continuous_drop_off", 0, 3)
          .field("shape_dist_traveled", GtfsType.NON_NEGATIVE_FLOAT)
          .range("timepoint", 0, 1)
          .field("pickup_booking_rule_id", GtfsType.ID)
          .field("drop_off_booking_rule_id", GtfsType.ID)
          .build();

  public static final GtfsTable CALENDAR =
      table("calendar.txt")
          .key("service_id")
          .required("service_id", GtfsType.ID)
          .requiredRange("monday", 0, 1)
          .requiredRange("tuesday", 0, 1)
          .requiredRange("wednesday", 0, 1)
          .requiredRange("thursday", 0, 1)
          .requiredRange("friday", 0, 1)
          .requiredRange("saturday", 0, 1)
          .requiredRange("sunday", 0, 1)
          .required("start_date", GtfsType.DATE)
          .required("end_date", GtfsType.DATE)
          .build();

  public static final GtfsTable CALENDAR_DATES =
      table("calendar_dates.txt")
          .key("service_id", "date")
          .required("service_id", GtfsType.ID)
          .required("date", GtfsType.DATE)
          .requiredRange("exception_type", 1, 2)
          .build();

  public static final GtfsTable FARE_ATTRIBUTES =
      table("fare_attributes.txt")
          .key("fare_id")
          .required("fare_id", GtfsType.ID)
          .required("price", GtfsType.NON_NEGATIVE_FLOAT)
          .required("currency_type", GtfsType.CURRENCY_CODE)
          .requiredRange("payment_method", 0, 1)
          .range("transfers", 0, 2) // required, but empty means unlimited transfers
          .field("agency_id", GtfsType.ID)
          .field("transfer_duration", GtfsType.NON_NEGATIVE_INTEGER)
          .build();

  public static final GtfsTable FARE_RULES =
      table("fare_rules.txt")
          .required("fare_id", GtfsType.ID)
          .field("route_id", GtfsType.ID)
          .field("origin_id", GtfsType.ID)
          .field("destination_id", GtfsType.ID)
          .field("contains_id", GtfsType.ID)
          .build();

  public static final GtfsTable TIMEFRAMES =
      table("timeframes.txt")
          .required("timeframe_group_id", GtfsType.ID)
          .field("start_time", GtfsType.TIME)
          .field("end_time", GtfsType.TIME)
          .required("service_id", GtfsType.ID)
          .build();

  public static final GtfsTable RIDER_CATEGORIES =
      table("rider_categories.txt")
          .key("rider_category_id")
          .required("rider_category_id", GtfsType.ID)
          .required("rider_category_name", GtfsType.TEXT)
          .requiredRange("is_default_fare_category", 0, 1)
          .field("eligibility_url", GtfsType.URL)
          .build();

  public static final GtfsTable FARE_MEDIA =
      table("fare_media.txt")
          .key("fare_media_id")
          .required("fare_media_id", GtfsType.ID)
          .field("fare_media_name", GtfsType.TEXT)
          .requiredRange("fare_media_type", 0, 4)
          .build();

  public static final GtfsTable FARE_PRODUCTS =
      table("fare_products.txt")
          .required("fare_product_id", GtfsType.ID)
          .field("fare_product_name", GtfsType.TEXT)
          .field("rider_category_id", GtfsType.ID)
          .field("fare_media_id", GtfsType.ID)
          .required("amount", GtfsType.CURRENCY_AMOUNT)
          .required("currency", GtfsType.CURRENCY_CODE)
          .build();

  public static final GtfsTable FARE_LEG_RULES =
      table("fare_leg_rules.txt")
          .field("leg_group_id", GtfsType.ID)
          .field("network_id", GtfsType.ID)
          .field("from_area_id", GtfsType.ID)
          .field("to_area_id", GtfsType.ID)
          .field("from_timeframe_group_id", GtfsType.ID)
          .field("to_timeframe_group_id", GtfsType.ID)
          .required("fare_product_id", GtfsType.ID)
          .field("rule_priority", GtfsType.NON_NEGATIVE_INTEGER)
          .build();

  public static final GtfsTable FARE_LEG_JOIN_RULES =
      table("fare_leg_join_rules.txt")
          .required("from_network_id", GtfsType.ID)
          .required("to_network_id", GtfsType.ID)
          .field("from_stop_id", GtfsType.ID)
          .field("to_stop_id", GtfsType.ID)
          .build();

  public static final GtfsTable FARE_TRANSFER_RULES =
      table("fare_transfer_rules.txt")
          .field("from_leg_group_id", GtfsType.ID)
          .field("to_leg_group_id", GtfsType.ID)
          .field("transfer_count", GtfsType.INTEGER)
          .field("duration_limit", GtfsType.POSITIVE_INTEGER)
          .range("duration_limit_type", 0, 3)
          .requiredRange("fare_transfer_type", 0, 2)
          .field("fare_product_id", GtfsType.ID)
          .build();

  public static final GtfsTable AREAS =
      table("areas.txt")
          .key("area_id")
          .required("area_id", GtfsType.ID)
          .field("area_name", GtfsType.TEXT)
          .build();

  public static final GtfsTable STOP_AREAS =
      table("stop_areas.txt")
          .key("area_id", "stop_id")
          .required("area_id", GtfsType.ID)
          .required("stop_id", GtfsType.ID)
          .build();

  public static final GtfsTable NETWORKS =
      table("networks.txt")
          .key("network_id")
          .required("network_id", GtfsType.ID)
          .field("network_name", GtfsType.TEXT)
          .build();

  public static final GtfsTable ROUTE_NETWORKS =
      table("route_networks.txt")
          .key("route_id")
          .required("network_id", GtfsType.ID)
          .required("route_id", GtfsType.ID)
          .build();

  public static final GtfsTable SHAPES =
      table("shapes.txt")
          .sequenceKey("shape_id", "shape_pt_sequence")
          .required("shape_id", GtfsType.ID)
          .required("shape_pt_lat", GtfsType.LATITUDE)
          .required("shape_pt_lon", GtfsType.LONGITUDE)
          .required("shape_pt_sequence", GtfsType.NON_NEGATIVE_INTEGER)
          .field("shape_dist_traveled", GtfsType.NON_NEGATIVE_FLOAT)
          .build();

  public static final GtfsTable FREQUENCIES =
      table("frequencies.txt")
          .key("trip_id", "start_time")
          .required("trip_id", GtfsType.ID)
          .required("start_time", GtfsType.TIME)
          .required("end_time", GtfsType.TIME)
          .required("headway_secs", GtfsType.POSITIVE_INTEGER)
          .range("exact_times", 0, 1)
          .build();

  public static final GtfsTable TRANSFERS =
      table("transfers.txt")
          .field("from_stop_id", GtfsType.ID)
          .field("to_stop_id", GtfsType.ID)
          .field("from_route_id", GtfsType.ID)
          .field("to_route_id", GtfsType.ID)
          .field("from_trip_id", GtfsType.ID)
          .field("to_trip_id", GtfsType.ID)
          .requiredRange("transfer_type", 0, 5)
          .field("min_transfer_time", GtfsType.NON_NEGATIVE_INTEGER)
          .build();

  public static final GtfsTable PATHWAYS =
      table("pathways.txt")
          .key("pathway_id")
          .required("pathway_id", GtfsType.ID)
          .required("from_stop_id", GtfsType.ID)
          .required("to_stop_id", GtfsType.ID)
          .requiredRange("pathway_mode", 1, 7)
          .requiredRange("is_bidirectional", 0, 1)
          .field("length", GtfsType.NON_NEGATIVE_FLOAT)
          .field("traversal_time", GtfsType.POSITIVE_INTEGER)
          .field("stair_count", GtfsType.INTEGER)
          .field("max_slope", GtfsType.FLOAT)
          .field("min_width", GtfsType.POSITIVE_FLOAT)
          .field("signposted_as", GtfsType.TEXT)
          .field("reversed_signposted_as", GtfsType.TEXT)
          .build();

  public static final GtfsTable LEVELS =
      table("levels.txt")
          .key("level_id")
          .required("level_id", GtfsType.ID)
          .required("level_index", GtfsType.FLOAT)
          .field("level_name", GtfsType.TEXT)
          .build();

  public static final GtfsTable LOCATION_GROUPS =
      table("location_groups.txt")
          .key("location_group_id")
          .required("location_group_id", GtfsType.ID)
          .field("location_group_name", GtfsType.TEXT)
          .build();

  public static final GtfsTable LOCATION_GROUP_STOPS =
      table("location_group_stops.txt")
          .key("location_group_id", "stop_id")
          .required("location_group_id", GtfsType.ID)
          .required("stop_id", GtfsType.ID)
          .build();

  public static final GtfsTable BOOKING_RULES =
      table("booking_rules.txt")
          .key("booking_rule_id")
          .required("booking_rule_id", GtfsType.ID)
          .requiredRange("booking_type", 0, 2)
          .field("prior_notice_duration_min", GtfsType.INTEGER)
          .field("prior_notice_duration_max", GtfsType.INTEGER)
          .field("prior_notice_last_day", GtfsType.INTEGER)
          .field("prior_notice_last_time", GtfsType.TIME)
          .field("prior_notice_start_day", GtfsType.INTEGER)
          .field("prior_notice_start_time", GtfsType.TIME)
          .field("prior_notice_service_id", GtfsType.ID)
          .field("message", GtfsType.TEXT)
          .field("pickup_message", GtfsType.TEXT)
          .field("drop_off_message", GtfsType.TEXT)
          .field("phone_number", GtfsType.PHONE)
          .field("info_url", GtfsType.URL)
          .field("booking_url", GtfsType.URL)
          .build();

  public static final GtfsTable TRANSLATIONS =
      table("translations.txt")
          .required("table_name", GtfsType.TEXT)
          .required("field_name", GtfsType.TEXT)
          .required("language", GtfsType.LANGUAGE)
          .required("translation", GtfsType.TEXT)
          .field("record_id", GtfsType.ID)
          .field("record_sub_id", GtfsType.ID)
          .field("field_value", GtfsType.TEXT)
          .build();

  public static final GtfsTable FEED_INFO =
      table("feed_info.txt")
          .required("feed_publisher_name", GtfsType.TEXT)
          .required("feed_publisher_url", GtfsType.URL)
          .required("feed_lang", GtfsType.LANGUAGE)
          .field("default_lang", GtfsType.LANGUAGE)
          .field("feed_start_date", GtfsType.DATE)
          .field("feed_end_date", GtfsType.DATE)
          .field("feed_version", GtfsType.TEXT)
          .field("feed_contact_email", GtfsType.EMAIL)
          .field("feed_contact_url", GtfsType.URL)
          .build();

  public static final GtfsTable ATTRIBUTIONS =
      table("attributions.txt")
          .key("attribution_id")
          .field("attribution_id", GtfsType.ID)
          .field("agency_id", GtfsType.ID)
          .field("route_id", GtfsType.ID)
          .field("trip_id", GtfsType.ID)
          .required("organization_name", GtfsType.TEXT)
          .range("is_producer", 0, 1)
          .range("is_operator", 0, 1)
          .range("is_authority", 0, 1)
          .field("attribution_url", GtfsType.URL)
          .field("attribution_email", GtfsType.EMAIL)
          .field("attribution_phone", GtfsType.PHONE)
          .build();

  private final String fileName;
  private final List<GtfsField> fields;
  private final List<String> key;
  private final boolean sequenceKey;
  private final DatasetSchema schema;

  private GtfsTable(Builder builder) {
    this.fileName = builder.fileName;
    this.fields = List.copyOf(builder.fields);
    this.key = List.copyOf(builder.key);
    this.sequenceKey = builder.sequenceKey;
    DatasetSchema.Builder columns = DatasetSchema.builder().required("mode", ColumnType.INT);
    for (GtfsField field : fields) {
      if (field.required()) {
        columns.required(field.name(), field.type().columnType());
      } else {
        columns.optional(field.name(), field.type().columnType());
      }
    }
    for (GtfsField field : fields) {
      if (field.type() == GtfsType.TIME) {
        columns.optional(field.secondsColumn(), ColumnType.INT);
      }
    }
    this.schema = columns.build();
  }

  /** Every table of the reference, in its order. */
  public static List<GtfsTable> all() {
    return List.copyOf(BY_FILE.values());
  }

  /** The table stored in {@code fileName}, e.g. {@code stops.txt}, if the reference has it. */
  public static Optional<GtfsTable> byFileName(String fileName) {
    return Optional.ofNullable(BY_FILE.get(fileName));
  }

  /** The file, e.g. {@code stop_times.txt}. */
  public String fileName() {
    return fileName;
  }

  /** The table's name, e.g. {@code stop_times}. */
  public String name() {
    return fileName.substring(0, fileName.length() - ".txt".length());
  }

  /** The dataset it is stored as, e.g. {@code gtfs_stop_times}. */
  public String datasetName() {
    return "gtfs_" + name();
  }

  /** Its fields, in the reference's order. */
  public List<GtfsField> fields() {
    return fields;
  }

  /** The field named {@code name}, if the table has it. */
  public Optional<GtfsField> field(String name) {
    return fields.stream().filter(field -> field.name().equals(name)).findFirst();
  }

  /**
   * The fields that identify a row within a mode (empty if the reference names none); for {@link
   * #hasSequenceKey()} tables, a group and an integer sequence within it.
   */
  public List<String> key() {
    return key;
  }

  /**
   * Whether the key is a group and a sequence in it ({@code trip_id, stop_sequence}), kept in a
   * compact form: these tables have millions of rows.
   */
  public boolean hasSequenceKey() {
    return sequenceKey;
  }

  /** The schema of its dataset: {@code mode}, the fields, then the seconds of the time fields. */
  public DatasetSchema schema() {
    return schema;
  }

  @Override
  public String toString() {
    return fileName;
  }

  private static Builder table(String fileName) {
    return new Builder(fileName);
  }

  private static final class Builder {
    private final String fileName;
    private final List<GtfsField> fields = new ArrayList<>();
    private List<String> key = List.of();
    private boolean sequenceKey;

    private Builder(String fileName) {
      this.fileName = fileName;
    }

    Builder key(String... fields) {
      this.key = List.of(fields);
      return this;
    }

    Builder sequenceKey(String group, String sequence) {
      this.key = List.of(group, sequence);
      this.sequenceKey = true;
      return this;
    }

    Builder field(String name, GtfsType type) {
      fields.add(new GtfsField(name, type, false, null, null));
      return this;
    }

    Builder required(String name, GtfsType type) {
      fields.add(new GtfsField(name, type, true, null, null));
      return this;
    }

    Builder range(String name, int min, int max) {
      return enumField(name, false, value -> value >= min && value <= max, min + " to " + max);
    }

    Builder requiredRange(String name, int min, int max) {
      return enumField(name, true, value -> value >= min && value <= max, min + " to " + max);
    }

    Builder enumField(String name, boolean required, IntPredicate allowed, String text) {
      fields.add(new GtfsField(name, GtfsType.ENUM, required, allowed, text));
      return this;
    }

    GtfsTable build() {
      GtfsTable table = new GtfsTable(this);
      for (String name : key) {
        Objects.requireNonNull(table.field(name).orElse(null), name);
      }
      BY_FILE.put(fileName, table);
      return table;
    }
  }
}

package dev.flinders.orchestration.examples.guide;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.change.ChangeDetector;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.DatasetSchema;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.dataset.DatasetWriter;
import dev.flinders.orchestration.http.HttpException;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import dev.flinders.orchestration.http.Secret;
import dev.flinders.orchestration.quality.Rule;
import dev.flinders.orchestration.quota.QuotaPolicy;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A source written the way docs/writing-a-source.md builds one: Melbourne's metropolitan train
 * stations from a JSON API into the dataset {@link #DATASET}. The API answers {@code GET
 * <base>/v1/metro/stations}, with its key in header {@code X-Api-Key}, with {@code {"stations":
 * [{"id", "name", "lat", "lon", "wheelchair_boarding", "platforms"}, …]}} and an {@code ETag}. The
 * API is a stand-in; the data in {@code MetroStationsTest}'s fixture is Transport Victoria's.
 *
 * <p>Immutable and thread-safe: one source may run in several orchestrators at once.
 */
public final class MetroStations implements Task {
  /** The zone of the schedule and of the daily quota. */
  public static final ZoneId MELBOURNE = ZoneId.of("Australia/Melbourne");

  /** The provider whose quota every call of the component counts against. */
  public static final String PROVIDER = "stations-api";

  /** The header that carries the API key. */
  public static final String KEY_HEADER = "X-Api-Key";

  /** The largest answer accepted: the real one is about 34 KiB. */
  static final long MAX_BODY_BYTES = 4L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  // docs: begin
  /** One row per station; {@code fetched_at} is when the run fetched it. */
  public static final DatasetSpec DATASET =
      DatasetSpec.builder(
              "metro_stations",
              DatasetSchema.builder()
                  .required("station_id", ColumnType.STRING)
                  .required("name", ColumnType.STRING)
                  .optional("lat", ColumnType.DOUBLE)
                  .optional("lon", ColumnType.DOUBLE)
                  .optional("wheelchair_boarding", ColumnType.INT)
                  .optional("platforms", ColumnType.INT)
                  .required("fetched_at", ColumnType.TIMESTAMP)
                  .build())
          .rule(Rule.pattern("station_id", "vic:rail:[A-Z]{3}"))
          .rule(Rule.unique("station_id"))
          .rule(Rule.range("lat", -39.2, -33.9))
          .rule(Rule.range("lon", 140.9, 150.0))
          .rule(Rule.oneOf("wheelchair_boarding", "0", "1", "2"))
          .rule(Rule.atLeast("platforms", 1).warn())
          .rule(Rule.rowCount(100, 1_000))
          .quarantineLimit(0.05)
          .build();

  // docs: end

  private final String url;
  private final Secret key;

  private MetroStations(String url, Secret key) {
    this.url = url;
    this.key = key;
  }

  // docs: begin
  /**
   * The stations of the API at {@code baseUrl}, e.g. {@code https://api.example.org}, read with
   * {@code key}, e.g. {@code Secret.fromEnvironment("STATIONS_API_KEY")}.
   *
   * @throws IllegalArgumentException if {@code baseUrl} is not an absolute http or https URL
   */
  public static MetroStations of(String baseUrl, Secret key) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(key, "key");
    String url = baseUrl.replaceAll("/+$", "") + "/v1/metro/stations";
    HttpRequest.get(url); // checks the URL now, not at the first run
    return new MetroStations(url, key);
  }

  /** The API's limits: 60 calls a minute, and 1,000 a day reset at midnight in Melbourne. */
  public static QuotaPolicy quota() {
    return QuotaPolicy.builder(PROVIDER)
        .rateLimit(60, Duration.ofMinutes(1))
        .dailyBudget(1_000, MELBOURNE)
        .build();
  }

  /**
   * Component {@code metro-stations}: this task behind a conditional HEAD (ETag), every call
   * counted against {@link #quota()}, daily at 05:30 Melbourne time, 2 minutes a try, 3 tries.
   * Change what you need before {@code build()}.
   */
  public Component.Builder component() {
    return Component.builder("metro-stations")
        .task(this)
        .changeDetector(ChangeDetector.httpValidators(request(HttpRequest.head(url))))
        .quota(PROVIDER)
        .schedule(Schedule.daily().at(5, 30).in(MELBOURNE))
        .timeout(Duration.ofMinutes(2))
        .retry(RetryPolicy.exponential(3, Duration.ofSeconds(10)))
        .tags("metro", "stations");
  }

  private HttpRequest request(HttpRequest.Builder request) {
    return request
        .header(KEY_HEADER, key)
        .header("Accept", "application/json")
        .maxBodyBytes(MAX_BODY_BYTES)
        .build();
  }

  // docs: end

  // docs: begin
  @Override
  public Outcome run(ComponentContext context) throws IOException {
    String fetchedAt = context.clock().instant().toString();
    DatasetWriter writer = context.dataset(DATASET);
    long stepFree = 0;
    try (HttpResponse response = context.http().send(request(HttpRequest.get(url)));
        JsonParser json = JSON.createParser(response.body())) {
      startStations(json);
      while (json.nextToken() == JsonToken.START_OBJECT) {
        JsonNode station = JSON.readTree(json);
        writer.writeText(
            text(station, "id"),
            text(station, "name"),
            text(station, "lat"),
            text(station, "lon"),
            text(station, "wheelchair_boarding"),
            text(station, "platforms"),
            fetchedAt);
        stepFree += "1".equals(text(station, "wheelchair_boarding")) ? 1 : 0;
        if (writer.rows() % 256 == 0) {
          context.throwIfCancelled();
        }
      }
      if (json.currentToken() != JsonToken.END_ARRAY) {
        throw malformed("an element of \"stations\" is not an object", null);
      }
    } catch (JsonProcessingException e) {
      throw malformed("malformed JSON: " + e.getOriginalMessage() + where(e), e);
    }
    return Outcome.builder()
        .records(writer.rows())
        .output(DATASET.name())
        .metric("step_free", stepFree)
        .note(writer.rows() + " stations, " + stepFree + " with step-free access")
        .build();
  }

  /** Reads up to the first element of the answer's {@code stations} array, skipping the rest. */
  private void startStations(JsonParser json) throws IOException {
    if (json.nextToken() != JsonToken.START_OBJECT) {
      throw malformed("not a JSON object", null);
    }
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      if (field.equals("stations")) {
        if (value != JsonToken.START_ARRAY) {
          throw malformed("\"stations\" is not an array", null);
        }
        return;
      }
      json.skipChildren(); // "generated", and fields the API may add later
    }
    throw malformed("no \"stations\" array", null);
  }

  private HttpException malformed(String what, @Nullable Exception cause) {
    return new HttpException(url, "GET " + url + " answered " + what, cause);
  }

  // docs: end

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null || e.getLocation().getLineNr() < 0
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  /** A field's value as text, for {@code writeText}: null if missing or JSON null. */
  private static @Nullable String text(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  @Override
  public String toString() {
    return "GET " + url + " into " + DATASET.name();
  }
}

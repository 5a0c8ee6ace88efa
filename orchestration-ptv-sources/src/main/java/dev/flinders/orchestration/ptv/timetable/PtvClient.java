package dev.flinders.orchestration.ptv.timetable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.flinders.orchestration.http.Http;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import dev.flinders.orchestration.http.HttpStatusException;
import dev.flinders.orchestration.http.Secret;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * A client of the PTV Timetable API v3 ({@value #PTV}) that signs every request: it adds the
 * developer id as {@code devid} and the signature as {@code signature}, the upper-case hex
 * HMAC-SHA1, keyed with the API key, of the path and query (devid included) exactly as they go on
 * the wire. Both credentials are {@link Secret}s: the developer id, the key and every signature
 * show as {@code ****} in URLs, logs, reports and messages.
 *
 * <p>The client holds configuration only; every call goes through the {@link Http} it is given,
 * normally {@code context.http()}, so the component's deadline, cancellation, quotas, size limit,
 * retries and HTTP metrics apply. It is immutable and thread-safe.
 *
 * <pre>{@code
 * PtvClient ptv = PtvClient.fromEnvironment();           // PTV_DEVID and PTV_API_KEY
 * List<PtvDisruption> now = ptv.disruptions(context.http(), List.of(PtvTimetable.TRAIN),
 *     DisruptionStatus.CURRENT);
 * HttpRequest departures = ptv.sign(
 *     HttpRequest.get(ptv.url("/v3/departures/route_type/0/stop/1071")).query("max_results", "3")
 *         .build());                                   // any other endpoint, signed
 * }</pre>
 *
 * <p>Failures: an error status throws {@link PtvException} with PTV's message (a 403 says how to
 * check the credentials); {@code "status": {"health": 0}} throws {@link PtvOutageException};
 * malformed JSON, a body without what the endpoint returns, or a value of the wrong type throws
 * {@link PtvResponseException}; network failures and cut-short bodies throw the {@link
 * dev.flinders.orchestration.http.HttpException} of the context's client. See
 * docs/sources/ptv-timetable.md.
 */
public final class PtvClient {
  /** PTV's base URL; the paths of the API start with {@code /v3}. */
  public static final String PTV = "https://timetableapi.ptv.vic.gov.au";

  /** The environment variable {@link #fromEnvironment()} reads the developer id from. */
  public static final String DEVID_VARIABLE = "PTV_DEVID";

  /** The environment variable {@link #fromEnvironment()} reads the API key from. */
  public static final String API_KEY_VARIABLE = "PTV_API_KEY";

  /** Where PTV's developer ids and keys are asked for. */
  public static final String KEY_REQUEST_ADDRESS = "APIKeyRequest@ptv.vic.gov.au";

  /**
   * Reads answers whole: text after the JSON and a key given twice are errors, not silently
   * ignored.
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final String baseUrl;
  private final Secret devid;
  private final Secret apiKey;
  private final String credentials;
  private final @Nullable String quota;

  private PtvClient(Builder builder) {
    this.baseUrl = builder.baseUrl;
    this.devid = builder.devid;
    this.apiKey = builder.apiKey;
    this.credentials = builder.credentials;
    this.quota = builder.quota;
  }

  /** {@link #builderFromEnvironment()} with the defaults: PTV's own base URL, no quota. */
  public static PtvClient fromEnvironment() {
    return builderFromEnvironment().build();
  }

  /**
   * A builder with the developer id from {@value #DEVID_VARIABLE} and the API key from {@value
   * #API_KEY_VARIABLE}.
   *
   * @throws IllegalStateException naming the variables that are not set (never a value), and how to
   *     get a developer id and key from PTV
   */
  public static Builder builderFromEnvironment() {
    return builderFromEnvironment(DEVID_VARIABLE, API_KEY_VARIABLE);
  }

  /**
   * A builder with the developer id and the API key from these environment variables.
   *
   * @throws IllegalStateException naming the variables that are not set (never a value), and how to
   *     get a developer id and key from PTV
   */
  public static Builder builderFromEnvironment(String devidVariable, String apiKeyVariable) {
    Objects.requireNonNull(devidVariable, "devidVariable");
    Objects.requireNonNull(apiKeyVariable, "apiKeyVariable");
    List<String> unset = new ArrayList<>();
    for (String variable : List.of(devidVariable, apiKeyVariable)) {
      String value = System.getenv(variable);
      if (value == null || value.isBlank()) {
        unset.add(variable);
      }
    }
    if (!unset.isEmpty()) {
      throw new IllegalStateException(
          "the PTV Timetable API needs a developer id and an API key, but environment variable"
              + (unset.size() == 1
                  ? " " + unset.get(0) + " is"
                  : "s " + String.join(" and ", unset) + " are")
              + " not set. PTV sends both by email: write to "
              + KEY_REQUEST_ADDRESS
              + " with the subject \"PTV Timetable API - request for key\", then set "
              + devidVariable
              + " to the developer id and "
              + apiKeyVariable
              + " to the key (see docs/sources/ptv-timetable.md)");
    }
    Builder builder =
        new Builder(Secret.fromEnvironment(devidVariable), Secret.fromEnvironment(apiKeyVariable));
    builder.credentials = "environment variables " + devidVariable + " and " + apiKeyVariable;
    return builder;
  }

  /**
   * A builder with this developer id and API key, e.g. {@code Secret.of(…)} from a secrets store.
   */
  public static Builder builder(Secret devid, Secret apiKey) {
    return new Builder(
        Objects.requireNonNull(devid, "devid"), Objects.requireNonNull(apiKey, "apiKey"));
  }

  /** The base URL, e.g. {@value #PTV}; paths are appended to it. */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * The URL of an API path, e.g. {@code url("/v3/route_types")}, to build a request for {@link
   * #sign}.
   *
   * @throws IllegalArgumentException if the path does not start with {@code /}
   */
  public String url(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException(
          "a PTV API path starts with /, e.g. /v3/disruptions; it was \"" + path + "\"");
    }
    return baseUrl + path;
  }

  /**
   * Signs a GET of this client's base URL: adds {@code devid} and then {@code signature}, computed
   * over the path (from the base URL on, so a proxy's prefix in the base URL is not signed) and
   * query exactly as they will be sent. Build the request with {@link #url(String)} and add
   * parameters with {@code HttpRequest.Builder.query}, which encodes them.
   *
   * @throws IllegalArgumentException if the request is not a GET of this client's base URL, already
   *     has a {@code devid} or {@code signature}, or its URL holds a character that HTTP clients
   *     rewrite before sending (the signature would not match what PTV receives)
   */
  public HttpRequest sign(HttpRequest request) {
    Objects.requireNonNull(request, "request");
    if (!request.method().equals("GET")) {
      throw new IllegalArgumentException(
          "PTV's API is read with GET, not " + request.method() + ": " + request.url());
    }
    for (HttpRequest.Parameter parameter : request.query()) {
      if (parameter.name().equals("devid") || parameter.name().equals("signature")) {
        throw new IllegalArgumentException(
            request
                + " already has a \""
                + parameter.name()
                + "\" parameter: leave devid and signature to PtvClient.sign, which adds both");
      }
    }
    HttpRequest withDevid = request.toBuilder().query("devid", devid).build();
    String wire = withDevid.url(true);
    if (!wire.startsWith(baseUrl + "/")) {
      throw new IllegalArgumentException(
          request.url()
              + " is not a URL of this client's base URL "
              + baseUrl
              + ": build it with PtvClient.url(path)");
    }
    String message = wire.substring(baseUrl.length());
    checkSentAsIs(message, request);
    return withDevid.toBuilder()
        .query("signature", Secret.of(signature(apiKey, message)))
        .mask(apiKey) // never sent, but masked should PTV quote it back
        .build();
  }

  /**
   * The upper-case hex HMAC-SHA1 of {@code message} (UTF-8) keyed with the API key's characters
   * (UTF-8), as PTV computes it.
   */
  static String signature(Secret key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return HexFormat.of()
          .withUpperCase()
          .formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA1", e);
    }
  }

  /**
   * Refuses a path and query that OkHttp would rewrite before sending (it encodes spaces, quotes,
   * {@code <>^`{|}\}, non-ASCII and control characters, and a {@code %} not followed by two hex
   * digits, and resolves {@code .} and {@code ..} segments, also written {@code %2e}): PTV checks
   * the signature against what it receives.
   */
  private static void checkSentAsIs(String message, HttpRequest request) {
    int query = message.indexOf('?');
    String path = query < 0 ? message : message.substring(0, query);
    for (String segment : path.split("/", -1)) {
      String dots = segment.replace("%2e", ".").replace("%2E", "."); // OkHttp reads both
      if (dots.equals(".") || dots.equals("..")) {
        throw new IllegalArgumentException(
            "the path of "
                + request.url()
                + " has a \""
                + segment
                + "\" segment, which HTTP clients resolve before sending, so its signature would"
                + " not match: give the path without it");
      }
    }
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      boolean escape =
          c == '%'
              && i + 2 < message.length()
              && HexFormat.isHexDigit(message.charAt(i + 1))
              && HexFormat.isHexDigit(message.charAt(i + 2));
      if (c <= ' ' || c >= 0x7f || "\"'<>^`{|}\\#".indexOf(c) >= 0 || c == '%' && !escape) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s holds %s at index %d of its path and query, which HTTP clients encode before"
                    + " sending, so its signature would not match what PTV receives: add values"
                    + " with HttpRequest.Builder.query(name, value), which encodes them",
                request.url(),
                c == '%' ? "a '%' that is not an escape" : String.format("U+%04X", (int) c),
                i));
      }
    }
  }

  /**
   * {@code /v3/disruptions}: every disruption, each with the mode group it is listed under.
   *
   * @param routeTypes only disruptions of these route types ({@code route_types}); all when empty
   * @param status only current or planned ones ({@code disruption_status}); all when null
   */
  public List<PtvDisruption> disruptions(
      Http http, List<Integer> routeTypes, @Nullable DisruptionStatus status) {
    String endpoint = "/v3/disruptions";
    HttpRequest.Builder request = request(endpoint);
    routeTypes(request, routeTypes);
    if (status != null) {
      request.query("disruption_status", status.wireValue());
    }
    return call(http, endpoint, request, PtvClient::disruptions);
  }

  /**
   * {@code /v3/routes}: every route, or those of some route types.
   *
   * @param routeTypes only routes of these route types ({@code route_types}); all when empty
   */
  public List<PtvRoute> routes(Http http, List<Integer> routeTypes) {
    String endpoint = "/v3/routes";
    HttpRequest.Builder request = request(endpoint);
    routeTypes(request, routeTypes);
    return call(http, endpoint, request, PtvClient::routes);
  }

  /** {@code /v3/stops/route/{route_id}/route_type/{route_type}}: the stops of one route. */
  public List<PtvStop> stopsOnRoute(Http http, int routeId, int routeType) {
    if (routeId < 0 || routeType < 0) {
      throw new IllegalArgumentException(
          "a route id and a route type are 0 or more; they were " + routeId + " and " + routeType);
    }
    String endpoint = "/v3/stops/route/" + routeId + "/route_type/" + routeType;
    return call(http, endpoint, request(endpoint), PtvClient::stops);
  }

  private static void routeTypes(HttpRequest.Builder request, List<Integer> routeTypes) {
    for (Integer routeType : routeTypes) {
      if (routeType == null || routeType < 0) {
        throw new IllegalArgumentException(
            "a route type is 0 or more (0 train, 1 tram, 2 bus, 3 V/Line, 4 Night Bus); it was "
                + routeType);
      }
      request.query("route_types", Integer.toString(routeType));
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.get(url(path));
    if (quota != null) {
      request.quota(quota, false);
    }
    return request;
  }

  /** Signs and sends a request, reads its answer whole, checks PTV's health and reads it. */
  private <T> T call(
      Http http,
      String endpoint,
      HttpRequest.Builder unsigned,
      BiFunction<Answer, JsonNode, T> reader) {
    HttpRequest request = sign(unsigned.build());
    Answer answer = new Answer(endpoint, request.url());
    JsonNode root = body(http, request, answer);
    JsonNode health = root.path("status").path("health");
    if (health.isNumber() && health.asDouble() == 0
        || health.isTextual() && health.asText().strip().equals("0")) {
      throw new PtvOutageException(
          request.url(),
          "PTV Timetable API GET "
              + endpoint
              + " answered with status.health 0: PTV reports its API offline, so the answer is"
              + " not trusted and nothing is kept; the previous datasets stay, and the retry"
              + " policy or the next run asks again [GET "
              + request.url()
              + "]");
    }
    return reader.apply(answer, root);
  }

  private JsonNode body(Http http, HttpRequest request, Answer answer) {
    HttpResponse response;
    try {
      response = http.send(request);
    } catch (PtvException e) {
      throw e;
    } catch (HttpStatusException e) {
      throw PtvException.of(answer.endpoint(), e, apiKey, credentials);
    }
    String type = response.header("Content-Type").orElse("");
    try (response;
        InputStream in = response.body()) {
      JsonNode root = MAPPER.readTree(in);
      if (root == null || root.isMissingNode()) {
        throw answer.malformed("an empty body where a JSON object was expected", null);
      }
      if (!root.isObject()) {
        throw answer.malformed(
            "JSON " + Answer.quote(root) + " where a JSON object was expected", null);
      }
      return root;
    } catch (CharConversionException e) {
      throw answer.malformed(
          "a body that is not text in a Unicode encoding (JSON is UTF-8): " + e.getMessage(), e);
    } catch (JsonProcessingException e) {
      String hint =
          type.isEmpty() || type.toLowerCase(Locale.ROOT).contains("json")
              ? ""
              : " (Content-Type " + type + ": a proxy's or a portal's page? check the base URL)";
      throw answer.malformed("malformed JSON" + hint + ": " + detail(e), e);
    } catch (IOException e) {
      throw new PtvResponseException(
          request.url(),
          "reading the answer of PTV Timetable API GET "
              + answer.endpoint()
              + " failed: "
              + e
              + "; the next attempt asks again [GET "
              + request.url()
              + "]",
          e);
    }
  }

  /** Jackson's message and where, without its note that it leaves the source out. */
  private static String detail(JsonProcessingException e) {
    return e.getOriginalMessage().replaceAll("\\[Source: REDACTED \\([^)]*\\); ", "[")
        + (e.getLocation() == null
            ? ""
            : " (at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ")");
  }

  /** The array under {@code name}, or a malformed answer. */
  private static JsonNode array(Answer answer, JsonNode root, String name, String of) {
    JsonNode array = root.get(name);
    if (array == null) {
      throw answer.malformed("an object without \"" + name + "\", its list of " + of, null);
    }
    if (!array.isArray()) {
      throw answer.malformed(
          "\"" + name + "\": " + Answer.quote(array) + ", not an array of " + of, null);
    }
    return array;
  }

  static List<PtvDisruption> disruptions(Answer answer, JsonNode root) {
    JsonNode groups = root.get("disruptions");
    if (groups == null) {
      throw answer.malformed(
          "an object without \"disruptions\", its disruptions by mode group", null);
    }
    if (!groups.isObject()) {
      throw answer.malformed(
          "\"disruptions\": " + Answer.quote(groups) + ", not an object of mode groups", null);
    }
    List<PtvDisruption> disruptions = new ArrayList<>();
    for (Map.Entry<String, JsonNode> group : groups.properties()) {
      JsonNode list = group.getValue();
      if (list.isNull()) {
        continue; // a group with nothing to say
      }
      if (!list.isArray()) {
        throw answer.malformed(
            "mode group \""
                + group.getKey()
                + "\" as "
                + Answer.quote(list)
                + ", not an array of disruptions",
            null);
      }
      for (Answer.Fields fields : answer.objects(list, group.getKey())) {
        disruptions.add(disruption(group.getKey(), fields));
      }
    }
    return disruptions;
  }

  private static PtvDisruption disruption(String group, Answer.Fields f) {
    List<PtvDisruptionRoute> routes = new ArrayList<>();
    for (Answer.Fields route : f.objects("routes")) {
      Answer.Fields direction = route.object("direction");
      routes.add(
          new PtvDisruptionRoute(
              route.intValue("route_type"),
              route.intValue("route_id"),
              route.text("route_name"),
              route.text("route_number"),
              route.text("route_gtfs_id"),
              direction.intValue("direction_id"),
              direction.text("direction_name"),
              direction.intValue("route_direction_id"),
              direction.text("service_time")));
    }
    List<PtvDisruptionStop> stops = new ArrayList<>();
    for (Answer.Fields stop : f.objects("stops")) {
      stops.add(new PtvDisruptionStop(stop.intValue("stop_id"), stop.text("stop_name")));
    }
    return new PtvDisruption(
        group,
        f.longValue("disruption_id"),
        f.text("title"),
        f.text("url"),
        f.text("description"),
        f.text("disruption_status"),
        f.text("disruption_type"),
        f.instant("published_on"),
        f.instant("last_updated"),
        f.instant("from_date"),
        f.instant("to_date"),
        f.text("colour"),
        f.bool("display_on_board"),
        f.bool("display_status"),
        routes,
        stops);
  }

  static List<PtvRoute> routes(Answer answer, JsonNode root) {
    List<PtvRoute> routes = new ArrayList<>();
    for (Answer.Fields f : answer.objects(array(answer, root, "routes", "routes"), "routes")) {
      Answer.Fields status = f.object("route_service_status");
      routes.add(
          new PtvRoute(
              f.intValue("route_type"),
              f.intValue("route_id"),
              f.text("route_name"),
              f.text("route_number"),
              f.text("route_gtfs_id"),
              status.text("description"),
              status.instant("timestamp")));
    }
    return routes;
  }

  static List<PtvStop> stops(Answer answer, JsonNode root) {
    List<PtvStop> stops = new ArrayList<>();
    for (Answer.Fields f : answer.objects(array(answer, root, "stops", "stops"), "stops")) {
      stops.add(
          new PtvStop(
              f.intValue("route_type"),
              f.intValue("stop_id"),
              f.text("stop_name"),
              f.text("stop_suburb"),
              f.decimal("stop_latitude"),
              f.decimal("stop_longitude"),
              f.intValue("stop_sequence"),
              f.text("stop_landmark")));
    }
    return stops;
  }

  /** The base URL and where the credentials come from; never a credential. */
  @Override
  public String toString() {
    return "PtvClient[" + baseUrl + ", devid and key from " + credentials + "]";
  }

  /** Configures a {@link PtvClient}. Not thread-safe. */
  public static final class Builder {
    private final Secret devid;
    private final Secret apiKey;
    private String baseUrl = PTV;
    private String credentials = "the developer id and key given to PtvClient.builder";
    private @Nullable String quota;

    private Builder(Secret devid, Secret apiKey) {
      this.devid = devid;
      this.apiKey = apiKey;
    }

    /**
     * The base URL; default {@value #PTV}. A proxy may add a path ({@code
     * https://proxy.example/ptv}): the signature covers only what follows it, from {@code /v3} on,
     * which is what PTV receives when the proxy forwards the rest unchanged.
     *
     * @throws IllegalArgumentException if it is not an http or https URL, has a query or fragment,
     *     or ends in {@code /v3} (the paths add it)
     */
    public Builder baseUrl(String baseUrl) {
      String url = Objects.requireNonNull(baseUrl, "baseUrl").strip();
      while (url.endsWith("/")) {
        url = url.substring(0, url.length() - 1);
      }
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        throw new IllegalArgumentException(
            "the PTV base URL must start with http:// or https://: " + baseUrl);
      }
      if (url.contains("?") || url.contains("#")) {
        throw new IllegalArgumentException(
            "the PTV base URL must not have a query or fragment: " + baseUrl);
      }
      if (url.endsWith("/v3")) {
        throw new IllegalArgumentException(
            "the PTV base URL ends in /v3, but the paths start with /v3: use "
                + url.substring(0, url.length() - 3)
                + " (e.g. "
                + PTV
                + ")");
      }
      this.baseUrl = url;
      return this;
    }

    /** Counts every call of the client's endpoints against the quota policy of {@code provider}. */
    public Builder quota(String provider) {
      this.quota = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /** The client. */
    public PtvClient build() {
      return new PtvClient(this);
    }
  }
}

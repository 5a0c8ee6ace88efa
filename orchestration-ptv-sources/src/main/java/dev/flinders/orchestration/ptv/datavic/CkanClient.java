package dev.flinders.orchestration.ptv.datavic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinders.orchestration.http.Http;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import dev.flinders.orchestration.http.HttpStatusException;
import dev.flinders.orchestration.http.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A small typed client of the CKAN action API ({@code resource_show}, {@code package_show}, {@code
 * package_search}, {@code datastore_search}), by default Data.vic's at {@value #DATA_VIC}.
 *
 * <p>The client holds configuration only; every call goes through the {@link Http} it is given,
 * normally {@code context.http()}, so the component's deadline, cancellation, quotas, size limit,
 * retries and HTTP metrics apply. It is immutable and thread-safe.
 *
 * <pre>{@code
 * CkanClient ckan = CkanClient.builder()
 *     .baseUrl("https://gateway.example/ckan/api/3/action")
 *     .authHeader("apikey", Secret.of(System.getenv("CKAN_KEY")))
 *     .build();
 * CkanResource resource = ckan.resourceShow(context.http(), "57faf356-36a3-4bbe-87fe-f0f05d1b8996");
 * }</pre>
 *
 * <p>Failures: an answer with {@code "success": false} (HTTP 400, 403, 404, 409, 500, or a bare
 * JSON string for an unknown action) throws {@link CkanException}; malformed JSON, an answer
 * without its result, and datastore pages that do not add up throw {@link CkanResponseException};
 * network failures and cut-short bodies throw the {@link
 * dev.flinders.orchestration.http.HttpException} of the context's client. See
 * docs/sources/datavic.md.
 */
public final class CkanClient {
  /** Data.vic's CKAN action API. */
  public static final String DATA_VIC = "https://discover.data.vic.gov.au/api/3/action";

  /** CKAN's default {@code ckan.datastore.search.rows_max}: the most records one page returns. */
  public static final int MAX_PAGE_SIZE = 32_000;

  /** CKAN's default {@code ckan.search.rows_max}: the most packages one search page returns. */
  public static final int MAX_SEARCH_ROWS = 1_000;

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final String baseUrl;
  private final @Nullable String authHeader;
  private final @Nullable Secret authValue;
  private final int pageSize;
  private final @Nullable String quota;

  private CkanClient(Builder builder) {
    this.baseUrl = builder.baseUrl;
    this.authHeader = builder.authHeader;
    this.authValue = builder.authValue;
    this.pageSize = builder.pageSize;
    this.quota = builder.quota;
  }

  /** A client of Data.vic with the defaults: no auth header, pages of 5,000 records. */
  public static CkanClient dataVic() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The action API's base URL, e.g. {@value #DATA_VIC}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** How many records a {@code datastore_search} page asks for. */
  public int pageSize() {
    return pageSize;
  }

  /** {@code resource_show}: one resource's description. */
  public CkanResource resourceShow(Http http, String resourceId) {
    String action = "resource_show";
    HttpRequest request = request(action).query("id", requireId(resourceId)).build();
    return resource(result(http, action, request), "");
  }

  /** {@code package_show}: one package (dataset) with its resources. */
  public CkanPackage packageShow(Http http, String packageId) {
    String action = "package_show";
    HttpRequest request = request(action).query("id", requireId(packageId)).build();
    return pkg(result(http, action, request));
  }

  /** One page of {@code package_search} results and how many packages match in all. */
  public record SearchPage(long count, List<CkanPackage> packages) {
    public SearchPage {
      packages = List.copyOf(packages);
    }
  }

  /**
   * {@code package_search}: packages matching a Solr query ({@code q}), from {@code start}, at most
   * {@code rows} of them (up to {@value #MAX_SEARCH_ROWS}).
   */
  public SearchPage packageSearch(Http http, String query, long start, int rows) {
    if (rows < 1 || rows > MAX_SEARCH_ROWS) {
      throw new IllegalArgumentException(
          "package_search rows must be 1 to " + MAX_SEARCH_ROWS + ", not " + rows);
    }
    String action = "package_search";
    HttpRequest request =
        request(action)
            .query("q", Objects.requireNonNull(query, "query"))
            .query("start", Long.toString(start))
            .query("rows", Integer.toString(rows))
            .build();
    JsonNode result = result(http, action, request);
    requireCountAndArray(result, request, action, "count", "results");
    JsonNode count = result.get("count");
    JsonNode results = result.get("results");
    List<CkanPackage> packages = new ArrayList<>();
    results.forEach(node -> packages.add(pkg(node)));
    return new SearchPage(count.asLong(), packages);
  }

  /** Fails unless {@code result} has a whole number {@code count} and an array {@code array}. */
  private static void requireCountAndArray(
      JsonNode result, HttpRequest request, String action, String count, String array) {
    JsonNode number = result.get(count);
    JsonNode list = result.get(array);
    if (number == null || !number.canConvertToLong() || list == null || !list.isArray()) {
      throw new CkanResponseException(
          request.url(),
          "CKAN " + action + " answered a result without " + count + " and " + array,
          null);
    }
    if (!number.isIntegralNumber() || number.asLong() < 0) {
      throw new CkanResponseException(
          request.url(),
          "CKAN "
              + action
              + " answered a result whose "
              + count
              + " is "
              + number
              + ", not a count (a whole number, 0 or more), so nothing is read",
          null);
    }
  }

  /**
   * {@code datastore_search} with {@code limit=0}: the fields of the query's records and how many
   * there are, without reading any.
   */
  public DatastoreInfo datastoreInfo(Http http, DatastoreQuery query) {
    String action = "datastore_search";
    HttpRequest request = search(query, 0, 0);
    JsonNode result = result(http, action, request);
    requireCountAndArray(result, request, action, "total", "fields");
    JsonNode total = result.get("total");
    JsonNode fields = result.get("fields");
    List<DatastoreField> list = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (JsonNode field : fields) {
      String id = text(field, "id");
      if (!ids.add(id)) {
        throw new CkanResponseException(
            request.url(),
            "CKAN "
                + action
                + " answered fields that name \""
                + id
                + "\" twice, so its records cannot be told apart; nothing is read",
            null);
      }
      list.add(new DatastoreField(id, text(field, "type")));
    }
    return new DatastoreInfo(query.resourceId(), list, total.asLong());
  }

  /**
   * Reads every record of a query, page by page ({@code limit}/{@code offset} until the offset
   * reaches the total; {@code _links.next} is ignored, since CKAN gives it on the last page too).
   * Records are parsed as they arrive and handed over one at a time, never collected: each is an
   * array of values as text (numbers as written, strings as sent, null when missing), in the order
   * of {@code info.fields()}.
   *
   * <p>Pages are read in the query's sort order, or by {@code _id} when it has none, so offsets are
   * stable.
   *
   * @param info from {@link #datastoreInfo}, for the fields and the expected total
   * @return how many records were read: {@code info.total()}
   * @throws CkanResponseException if a page is malformed, the total changes between pages (the
   *     resource was updated while it was read), a page is empty before the total is reached, or a
   *     page holds more records than were asked for
   */
  public long datastoreSearch(
      Http http, DatastoreQuery query, DatastoreInfo info, Consumer<String[]> records) {
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < info.fields().size(); i++) {
      positions.put(info.fields().get(i).id(), i);
    }
    long offset = 0;
    while (offset < info.total()) {
      HttpRequest request = search(query, offset, pageSize);
      Page page = page(http, request, positions, records);
      if (page.total != null && page.total != info.total()) {
        throw new CkanResponseException(
            request.url(),
            "the total of "
                + query
                + " changed from "
                + info.total()
                + " to "
                + page.total
                + " at offset "
                + offset
                + ": the resource was updated while it was read, so nothing is kept and the next"
                + " attempt reads it again",
            null);
      }
      if (page.records == 0) {
        throw new CkanResponseException(
            request.url(),
            "the page at offset "
                + offset
                + " of "
                + query
                + " is empty, but the total is "
                + info.total()
                + ": "
                + (info.total() - offset)
                + " records are missing, so nothing is kept",
            null);
      }
      if (page.records > pageSize) {
        throw new CkanResponseException(
            request.url(),
            "the page at offset "
                + offset
                + " of "
                + query
                + " holds "
                + page.records
                + " records, more than the "
                + pageSize
                + " asked for (limit="
                + pageSize
                + "), so nothing is kept",
            null);
      }
      if (offset + page.records > info.total()) {
        throw new CkanResponseException(
            request.url(),
            "the page at offset "
                + offset
                + " of "
                + query
                + " holds "
                + page.records
                + " records, but the total is "
                + info.total()
                + ", so only "
                + (info.total() - offset)
                + " remained to be read; nothing is kept",
            null);
      }
      offset += page.records;
    }
    return offset;
  }

  private HttpRequest search(DatastoreQuery query, long offset, int limit) {
    HttpRequest.Builder request =
        request("datastore_search")
            .query("resource_id", query.resourceId())
            .query("limit", Integer.toString(limit))
            .query("offset", Long.toString(offset));
    if (!query.filters().isEmpty()) {
      try {
        request.query("filters", MAPPER.writeValueAsString(query.filters()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write the filters " + query.filters(), e);
      }
    }
    query.q().ifPresent(q -> request.query("q", q));
    if (!query.fields().isEmpty()) {
      request.query("fields", String.join(",", query.fields()));
    }
    request.query("sort", query.sort().orElse("_id asc"));
    return request.build();
  }

  /** What a datastore page held. */
  private record Page(long records, @Nullable Long total) {}

  /** Streams one page of records to the consumer as they are parsed. */
  private Page page(
      Http http, HttpRequest request, Map<String, Integer> positions, Consumer<String[]> records) {
    String action = "datastore_search";
    try (HttpResponse response = json(send(http, action, request), action, request);
        JsonParser parser = MAPPER.getFactory().createParser(response.body())) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.VALUE_STRING) {
        throw CkanException.bareMessage(action, request.url(), response.status(), parser.getText());
      }
      if (first != JsonToken.START_OBJECT) {
        throw new JsonParseProblem("the answer is " + first + ", not a JSON object");
      }
      long count = 0;
      Long total = null;
      Boolean success = null;
      JsonNode error = null;
      boolean hasResult = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("success") && value.isBoolean()) {
          success = value == JsonToken.VALUE_TRUE;
        } else if (name.equals("error")) {
          error = MAPPER.readTree(parser);
        } else if (name.equals("result") && value == JsonToken.START_OBJECT) {
          hasResult = true;
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            if (field.equals("records") && token == JsonToken.START_ARRAY) {
              count += records(parser, positions, records);
            } else if (field.equals("total") && token == JsonToken.VALUE_NUMBER_INT) {
              total = parser.getLongValue();
            } else {
              parser.skipChildren();
            }
          }
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new JsonParseProblem("text after the end of the answer");
      }
      if (Boolean.FALSE.equals(success)) {
        throw CkanException.fromEnvelope(
            action,
            request.url(),
            response.status(),
            error == null ? MAPPER.createObjectNode() : error,
            "",
            "",
            null);
      }
      if (!Boolean.TRUE.equals(success) || !hasResult) {
        throw new CkanResponseException(
            request.url(),
            "CKAN " + action + " answered JSON without \"success\": true and a result",
            null);
      }
      return new Page(count, total);
    } catch (JsonProcessingException | JsonParseProblem e) {
      throw malformed(action, request, e);
    } catch (IOException e) {
      throw new CkanResponseException(
          request.url(), "reading the answer of CKAN " + action + " failed: " + e, e);
    }
  }

  /** Reads a records array: each object's values by field, as text. */
  private static long records(
      JsonParser parser, Map<String, Integer> positions, Consumer<String[]> records)
      throws IOException {
    long count = 0;
    int width = positions.size();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      if (token != JsonToken.START_OBJECT) {
        throw new JsonParseProblem("a record is " + token + ", not an object");
      }
      String[] values = new String[width];
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        Integer position = positions.get(parser.currentName());
        JsonToken value = parser.nextToken();
        if (position == null) {
          parser.skipChildren(); // a field the query's fields did not list
          continue;
        }
        values[position] = valueText(parser, value);
      }
      records.accept(values);
      count++;
    }
    return count;
  }

  private static @Nullable String valueText(JsonParser parser, JsonToken value) throws IOException {
    switch (value) {
      case VALUE_NULL:
        return null;
      case VALUE_STRING:
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return parser.getText();
      case VALUE_TRUE:
        return "true";
      case VALUE_FALSE:
        return "false";
      default:
        return MAPPER.readTree(parser).toString(); // json fields: kept as JSON text
    }
  }

  /** A structural problem found while streaming, reported like malformed JSON. */
  private static final class JsonParseProblem extends IOException {
    private static final long serialVersionUID = 1L;

    JsonParseProblem(String message) {
      super(message);
    }
  }

  private static CkanResponseException malformed(String action, HttpRequest request, Exception e) {
    String detail =
        e instanceof JsonProcessingException json
            ? json.getOriginalMessage()
                + (json.getLocation() == null
                    ? ""
                    : " (at line "
                        + json.getLocation().getLineNr()
                        + ", column "
                        + json.getLocation().getColumnNr()
                        + ")")
            : e.getMessage();
    return new CkanResponseException(
        request.url(),
        "CKAN " + action + " answered malformed JSON: " + detail + " [GET " + request.url() + "]",
        e);
  }

  /**
   * The response, if it may be JSON. A web page where the API's JSON was expected (the base URL
   * points at the portal's pages, or a proxy answers with its own page) is refused with its content
   * type and its first line, instead of a JSON syntax error about a {@code '<'}.
   */
  private static HttpResponse json(HttpResponse response, String action, HttpRequest request)
      throws IOException {
    String type = response.header("Content-Type").orElse("");
    if (!type.toLowerCase(java.util.Locale.ROOT).contains("html")) {
      return response;
    }
    try (response) {
      byte[] start = response.body().readNBytes(1024);
      String firstLine = "";
      for (String line : new String(start, java.nio.charset.StandardCharsets.UTF_8).split("\\R")) {
        if (!line.isBlank()) {
          firstLine = line.strip();
          break;
        }
      }
      if (firstLine.length() > 120) {
        firstLine = firstLine.substring(0, 119) + "…";
      }
      throw new CkanResponseException(
          request.url(),
          "CKAN "
              + action
              + " answered a web page ("
              + type
              + ", HTTP "
              + response.status()
              + ") where JSON was expected; it begins \""
              + firstLine
              + "\": check that the base URL is the CKAN API's (it ends in /api/3/action) [GET "
              + request.url()
              + "]",
          null);
    }
  }

  /** Sends a request; a failed status becomes a {@link CkanException} read from its envelope. */
  private static HttpResponse send(Http http, String action, HttpRequest request) {
    try {
      return http.send(request);
    } catch (CkanException e) {
      throw e;
    } catch (HttpStatusException e) {
      throw CkanException.of(action, e, MAPPER);
    }
  }

  /** The {@code result} of a small answer, read whole. */
  private static JsonNode result(Http http, String action, HttpRequest request) {
    JsonNode root;
    int status;
    try (HttpResponse response = json(send(http, action, request), action, request);
        InputStream body = response.body()) {
      status = response.status();
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw malformed(action, request, e);
    } catch (IOException e) {
      throw new CkanResponseException(
          request.url(), "reading the answer of CKAN " + action + " failed: " + e, e);
    }
    if (root != null && root.isTextual()) {
      throw CkanException.bareMessage(action, request.url(), status, root.asText());
    }
    if (root == null || !root.isObject()) {
      throw malformed(
          action, request, new JsonParseProblem("the answer is not a JSON object: " + root));
    }
    if (!root.path("success").asBoolean(false)) {
      if (root.path("error").isObject()) {
        throw CkanException.fromEnvelope(
            action, request.url(), status, root.get("error"), "", "", null);
      }
      throw new CkanResponseException(
          request.url(),
          "CKAN " + action + " answered JSON without \"success\": true [GET " + request.url() + "]",
          null);
    }
    JsonNode result = root.get("result");
    if (result == null || result.isNull()) {
      throw new CkanResponseException(
          request.url(),
          "CKAN " + action + " answered without a result [GET " + request.url() + "]",
          null);
    }
    return result;
  }

  private HttpRequest.Builder request(String action) {
    HttpRequest.Builder request = HttpRequest.get(baseUrl + "/" + action);
    if (authHeader != null && authValue != null) {
      request.header(authHeader, authValue);
    }
    if (quota != null) {
      request.quota(quota, false);
    }
    return request;
  }

  private static String requireId(String id) {
    if (Objects.requireNonNull(id, "id").isBlank()) {
      throw new IllegalArgumentException("a CKAN id is needed; it is blank");
    }
    return id.strip();
  }

  private static CkanResource resource(JsonNode node, String packageId) {
    JsonNode size = node.get("size");
    return new CkanResource(
        text(node, "id"),
        node.hasNonNull("package_id") ? text(node, "package_id") : packageId,
        text(node, "name"),
        text(node, "format"),
        text(node, "url"),
        optionalText(node, "last_modified"),
        optionalText(node, "metadata_modified"),
        size != null && size.canConvertToLong() ? size.asLong() : null,
        datastoreActive(node.get("datastore_active")));
  }

  /** CKAN writes the flag as a boolean, and through some extensions as the text "True". */
  private static boolean datastoreActive(@Nullable JsonNode flag) {
    return flag != null && (flag.asBoolean(false) || flag.asText().equalsIgnoreCase("true"));
  }

  private static CkanPackage pkg(JsonNode node) {
    String id = text(node, "id");
    List<CkanResource> resources = new ArrayList<>();
    node.path("resources").forEach(resource -> resources.add(resource(resource, id)));
    JsonNode organisation = node.path("organization");
    String organisationName =
        organisation.hasNonNull("title")
            ? organisation.get("title").asText()
            : optionalText(organisation, "name");
    return new CkanPackage(
        id,
        text(node, "name"),
        text(node, "title"),
        organisationName,
        optionalText(node, "metadata_modified"),
        resources);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  private static @Nullable String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
  }

  public static final class Builder {
    private String baseUrl = DATA_VIC;
    private @Nullable String authHeader;
    private @Nullable Secret authValue;
    private int pageSize = 5_000;
    private @Nullable String quota;

    private Builder() {}

    /** The action API's base URL, ending in {@code /api/3/action}; default {@value #DATA_VIC}. */
    public Builder baseUrl(String baseUrl) {
      String url = Objects.requireNonNull(baseUrl, "baseUrl").strip();
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        throw new IllegalArgumentException(
            "the CKAN base URL must start with http:// or https://: " + baseUrl);
      }
      this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      return this;
    }

    /**
     * A header sent with every call, e.g. {@code apikey} for a gateway; the value is a secret and
     * never appears in logs, reports or messages.
     */
    public Builder authHeader(String name, Secret value) {
      if (Objects.requireNonNull(name, "name").isBlank()) {
        throw new IllegalArgumentException("the auth header needs a name; it is blank");
      }
      this.authHeader = name.strip();
      this.authValue = Objects.requireNonNull(value, "value");
      return this;
    }

    /** Records per {@code datastore_search} page, 1 to {@value #MAX_PAGE_SIZE}; default 5,000. */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
        throw new IllegalArgumentException(
            "the page size must be 1 to "
                + MAX_PAGE_SIZE
                + " (the server's maximum), not "
                + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /** Counts every call against the orchestrator's quota policy of this provider. */
    public Builder quota(String provider) {
      this.quota = Objects.requireNonNull(provider, "provider");
      return this;
    }

    public CkanClient build() {
      return new CkanClient(this);
    }
  }
}

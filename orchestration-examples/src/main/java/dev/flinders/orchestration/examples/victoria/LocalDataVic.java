package dev.flinders.orchestration.examples.victoria;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flinders.orchestration.ptv.datavic.DataVic;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the Data.vic CKAN action API, so the Victorian demo runs offline: {@code
 * resource_show}, {@code datastore_search} (paged by {@code limit}/{@code offset}, numbers sent as
 * strings as Data.vic does; filters, {@code q} and {@code fields} are not implemented), {@code
 * package_show} and {@code package_search}, serving the annual station entries and the monthly
 * patronage bundled under {@code datavic/} (CC BY 4.0, Department of Transport and Planning,
 * Victoria). {@link #publish} adds rows the way a new edition on the portal would.
 *
 * <p>{@link #start()} runs it on a server of its own; {@link LocalVictoria} runs it beside the
 * other Victorian stand-ins. Thread-safe.
 */
public final class LocalDataVic implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PUBLISHER = "Department of Transport and Planning";

  /** One datastore resource: its fields, CKAN types, rows and when it last changed. */
  private static final class Resource {
    final String id;
    final String packageName;
    final String title;
    final List<String> fields = new ArrayList<>();
    final Map<String, String> types;
    final List<List<String>> rows = new ArrayList<>();
    volatile String lastModified = "2025-10-23T01:02:03.000000";

    Resource(String id, String packageName, String title, Map<String, String> types) {
      this.id = id;
      this.packageName = packageName;
      this.title = title;
      this.types = types;
    }
  }

  private final Map<String, Resource> resources = new LinkedHashMap<>();
  private final HttpServer server;
  private final boolean ownsServer;
  private final AtomicInteger requests = new AtomicInteger();

  /** Serves the action API at {@code /api/3/action/} of {@code server}. */
  LocalDataVic(HttpServer server, boolean ownsServer) {
    Map<String, String> annualTypes = new HashMap<>();
    annualTypes.put("Stop_ID", "int4");
    annualTypes.put("Stop_lat", "numeric");
    annualTypes.put("Stop_long", "numeric");
    DataVic.PAX_COLUMNS.forEach(column -> annualTypes.put(column, "int4"));
    add(
        new Resource(
            DataVic.STATION_PATRONAGE_ANNUAL_RESOURCE,
            "annual-metropolitan-train-station-entries",
            "Annual metropolitan train station entries",
            annualTypes),
        "annual_metropolitan_train_station_entries_fy_2024_2025.csv");
    add(
        new Resource(
            DataVic.PATRONAGE_MONTHLY_RESOURCE,
            "monthly-public-transport-patronage-by-mode",
            "Monthly average patronage by day type and by mode",
            Map.of("Year", "int4", "Month", "int4", "Pax_daily", "numeric")),
        "monthly_average_patronage_by_day_type_and_by_mode.csv");
    this.server = server;
    this.ownsServer = ownsServer;
    server.createContext("/api/3/action/", this::handle);
  }

  /** Starts a server of its own on a free local port. */
  public static LocalDataVic start() throws IOException {
    LocalDataVic local = new LocalDataVic(StandIns.server(), true);
    local.server.start();
    return local;
  }

  /** The action API's base URL, for {@code CkanClient.builder().baseUrl(...)}. */
  public String baseUrl() {
    return StandIns.address(server) + "/api/3/action";
  }

  /** How many requests it has answered. */
  public int requests() {
    return requests.get();
  }

  /** A new edition of a resource: rows appended and a new {@code last_modified}. */
  public void publish(String resourceId, String lastModified, List<List<String>> rows) {
    Resource resource = resources.get(resourceId);
    synchronized (resource) {
      resource.rows.addAll(rows);
      resource.lastModified = lastModified;
    }
  }

  /** Stops its own server; one shared with other stand-ins is stopped by its owner. */
  @Override
  public void close() {
    if (ownsServer) {
      server.stop(0);
    }
  }

  private void add(Resource resource, String file) {
    StandIns.Csv csv = StandIns.csv("/datavic/" + file);
    resource.fields.addAll(csv.header());
    resource.rows.addAll(csv.rows());
    resources.put(resource.id, resource);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      String action = exchange.getRequestURI().getPath().substring("/api/3/action/".length());
      Map<String, String> query = StandIns.query(exchange.getRequestURI());
      ObjectNode result =
          switch (action) {
            case "resource_show" -> resourceShow(query.get("id"));
            case "datastore_search" -> datastoreSearch(query);
            case "package_search" -> packageSearch(query.getOrDefault("q", ""));
            case "package_show" -> packageShow(query.getOrDefault("id", ""));
            default -> null;
          };
      if (result == null) {
        respond(exchange, 404, error("Not Found Error", "Not found: " + action + " " + query));
      } else {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("success", true).set("result", result);
        respond(exchange, 200, envelope);
      }
    }
  }

  private ObjectNode resourceShow(String id) {
    Resource resource = resources.get(id);
    return resource == null ? null : describe(resource, JSON.createObjectNode());
  }

  private ObjectNode describe(Resource resource, ObjectNode node) {
    return node.put("id", resource.id)
        .put("package_id", resource.packageName)
        .put("name", resource.title)
        .put("format", "CSV")
        .put("url", "http://127.0.0.1/unused/" + resource.id + ".csv")
        .put("last_modified", resource.lastModified)
        .put("metadata_modified", resource.lastModified)
        .put("datastore_active", true);
  }

  private ObjectNode datastoreSearch(Map<String, String> query) {
    Resource resource = resources.get(query.get("resource_id"));
    if (resource == null) {
      return null;
    }
    int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
    int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
    ObjectNode result = JSON.createObjectNode();
    ArrayNode fields = result.putArray("fields");
    fields.addObject().put("id", "_id").put("type", "int");
    resource.fields.forEach(
        field ->
            fields
                .addObject()
                .put("id", field)
                .put("type", resource.types.getOrDefault(field, "text")));
    ArrayNode records = result.putArray("records");
    synchronized (resource) {
      for (int i = offset; i < Math.min(resource.rows.size(), offset + limit); i++) {
        ObjectNode record = records.addObject().put("_id", i + 1);
        List<String> row = resource.rows.get(i);
        for (int f = 0; f < resource.fields.size(); f++) {
          record.put(resource.fields.get(f), f < row.size() ? row.get(f) : null);
        }
      }
      result.put("total", resource.rows.size());
    }
    result
        .putObject("_links")
        .put("next", "/api/3/action/datastore_search?offset=" + (offset + limit));
    return result;
  }

  private ObjectNode packageSearch(String q) {
    ObjectNode result = JSON.createObjectNode();
    ArrayNode results = result.putArray("results");
    for (Resource resource : resources.values()) {
      String searched = (resource.title + " " + resource.packageName + " " + PUBLISHER);
      if (searched.toLowerCase(Locale.ROOT).contains(q.toLowerCase(Locale.ROOT))) {
        results.add(pkg(resource));
      }
    }
    result.put("count", results.size());
    return result;
  }

  private ObjectNode packageShow(String id) {
    for (Resource resource : resources.values()) {
      if (resource.packageName.equals(id)) {
        return pkg(resource);
      }
    }
    return null;
  }

  /** The package of a resource: each bundled resource is the one resource of its package. */
  private ObjectNode pkg(Resource resource) {
    ObjectNode pkg = JSON.createObjectNode();
    pkg.put("id", resource.packageName).put("name", resource.packageName);
    pkg.put("title", resource.title).put("metadata_modified", resource.lastModified);
    pkg.putObject("organization").put("title", PUBLISHER);
    describe(resource, pkg.putArray("resources").addObject());
    return pkg;
  }

  private static ObjectNode error(String type, String message) {
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("success", false).putObject("error").put("__type", type).put("message", message);
    return envelope;
  }

  private static void respond(HttpExchange exchange, int status, ObjectNode body)
      throws IOException {
    StandIns.respond(
        exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
  }
}

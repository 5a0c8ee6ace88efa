package dev.flinders.orchestration.ptv.datavic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinders.orchestration.core.csv.CsvReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * A local stand-in for a CKAN portal, serving resources made from the real fixture CSVs: {@code
 * resource_show}, {@code datastore_search} (paged, every value a JSON string as Data.vic sends
 * numbers too, {@code _links.next} on every page), {@code package_search}, resource files, and an
 * unknown action's bare JSON string. Tests change a resource between runs and script failures.
 */
final class FakeCkan extends Dispatcher {
  static final String ACTION_PATH = "/api/3/action/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A resource: its description, datastore fields and records, and its file. */
  static final class Resource {
    final String id;
    final List<DatastoreField> fields = new ArrayList<>();
    final List<List<String>> records = new ArrayList<>();
    volatile String lastModified = "2025-10-23T01:02:03.456789";
    volatile String metadataModified = "2025-10-23T01:05:00.000000";
    volatile boolean datastoreActive = true;
    volatile String format = "CSV";
    volatile byte @Nullable [] file;

    /** When set, pages after the first report this total instead of the real one. */
    volatile @Nullable Long laterTotal;

    /** When set, pages from this offset on come back empty. */
    volatile @Nullable Long emptyFrom;

    Resource(String id) {
      this.id = id;
    }

    /** Appends a record given in the order of the fields (without {@code _id}). */
    Resource record(String... values) {
      records.add(new ArrayList<>(List.of(values)));
      return this;
    }
  }

  private final Map<String, Resource> resources = Collections.synchronizedMap(new HashMap<>());
  private final Map<String, Deque<MockResponse>> scripted =
      Collections.synchronizedMap(new HashMap<>());
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final List<ObjectNode> packages = Collections.synchronizedList(new ArrayList<>());
  private final List<String> authHeaders = Collections.synchronizedList(new ArrayList<>());
  volatile @Nullable Long laterPackageCount;

  /** A resource whose fields and records are those of a fixture CSV, with these CKAN types. */
  Resource resourceFromFixture(String id, String fixture, Map<String, String> types) {
    Resource resource = new Resource(id);
    byte[] bytes = fixtureBytes(fixture);
    try (CsvReader reader =
        CsvReader.openAsText(new java.io.ByteArrayInputStream(bytes), fixture)) {
      for (String name : reader.header()) {
        resource.fields.add(new DatastoreField(name, types.getOrDefault(name, "text")));
      }
      for (List<String> record = reader.nextRecord();
          record != null;
          record = reader.nextRecord()) {
        resource.records.add(new ArrayList<>(record));
      }
    }
    resource.file = bytes;
    resources.put(id, resource);
    return resource;
  }

  Resource resource(String id) {
    return resources.get(id);
  }

  static byte[] fixtureBytes(String name) {
    try (InputStream in =
        FakeCkan.class.getResourceAsStream("/fixtures/datavic-patronage/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a package to what {@code package_search} finds. */
  ObjectNode addPackage(String id, String name, String title, String organisation) {
    ObjectNode pkg = JSON.createObjectNode();
    pkg.put("id", id).put("name", name).put("title", title);
    pkg.putObject("organization")
        .put("name", organisation.toLowerCase())
        .put("title", organisation);
    pkg.put("metadata_modified", "2025-09-01T00:00:00.000000");
    pkg.putArray("resources");
    packages.add(pkg);
    return pkg;
  }

  /** The next call of this action gets this response instead. */
  void script(String action, MockResponse response) {
    scripted.computeIfAbsent(action, a -> new ArrayDeque<>()).add(response);
  }

  /** Each call, as {@code action param=value&…} (the resource file as {@code file <name>}). */
  List<String> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  void clearCalls() {
    calls.clear();
  }

  List<String> authHeaders() {
    synchronized (authHeaders) {
      return List.copyOf(authHeaders);
    }
  }

  /** A CKAN error envelope. */
  static MockResponse error(int status, String errorJson) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json;charset=utf-8")
        .body(
            "{\"help\": \"https://ckan.example/api/3/action/help_show?name=x\", \"error\": "
                + errorJson
                + ", \"success\": false}")
        .build();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    String auth = request.getHeaders().get("apikey");
    if (auth != null) {
      authHeaders.add(auth);
    }
    if (path.startsWith("/files/")) {
      String id = path.substring("/files/".length()).replaceAll("\\.[a-z]+$", "");
      calls.add("file " + id);
      Resource resource = resources.get(id);
      return resource == null || resource.file == null
          ? new MockResponse.Builder().code(404).body("no such file").build()
          : new MockResponse.Builder().body(new Buffer().write(resource.file)).build();
    }
    if (!path.startsWith(ACTION_PATH)) {
      return new MockResponse.Builder().code(404).body("<html>not found</html>").build();
    }
    String action = path.substring(ACTION_PATH.length());
    String query = request.getUrl().encodedQuery();
    calls.add(action + (query == null ? "" : " " + request.getUrl().query()));
    Deque<MockResponse> next = scripted.get(action);
    if (next != null && !next.isEmpty()) {
      return next.poll();
    }
    try {
      switch (action) {
        case "resource_show":
          return resourceShow(request.getUrl().queryParameter("id"));
        case "datastore_search":
          return datastoreSearch(request);
        case "package_search":
          return packageSearch(request);
        case "package_show":
          return packageShow(request.getUrl().queryParameter("id"));
        default:
          return new MockResponse.Builder()
              .code(400)
              .body("\"Bad request - Action name not known: " + action + "\"")
              .build();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private MockResponse resourceShow(@Nullable String id) throws IOException {
    Resource resource = id == null ? null : resources.get(id);
    if (resource == null) {
      return error(
          404,
          "{\"__type\": \"Not Found Error\", \"message\": \"Not found: Resource was not found.\"}");
    }
    ObjectNode result = JSON.createObjectNode();
    describe(resource, result);
    return ok(result);
  }

  private void describe(Resource resource, ObjectNode node) {
    node.put("id", resource.id)
        .put("package_id", "pkg-" + resource.id)
        .put("name", "Resource " + resource.id)
        .put("format", resource.format)
        .put("url", fileBase + resource.id + "." + resource.format.toLowerCase(Locale.ROOT))
        .put("last_modified", resource.lastModified)
        .put("metadata_modified", resource.metadataModified)
        .put("datastore_active", resource.datastoreActive);
    node.putNull("hash");
    if (resource.file != null) {
      node.put("size", resource.file.length);
    }
  }

  /** Where resource files are served: this server's address, set by the test. */
  private volatile String fileBase = "http://host.invalid/files/";

  void fileBase(String base) {
    this.fileBase = base;
  }

  private MockResponse datastoreSearch(RecordedRequest request) throws IOException {
    String id = request.getUrl().queryParameter("resource_id");
    Resource resource = id == null ? null : resources.get(id);
    if (resource == null || !resource.datastoreActive) {
      return error(
          404,
          "{\"__type\": \"Not Found Error\", \"message\": \"Not found: Resource \\\""
              + id
              + "\\\" was not found.\"}");
    }
    int limit = Integer.parseInt(request.getUrl().queryParameter("limit"));
    long offset = Long.parseLong(request.getUrl().queryParameter("offset"));
    long total = resource.records.size();
    ObjectNode result = JSON.createObjectNode();
    result.put("include_total", true).put("resource_id", id).put("records_format", "objects");
    ArrayNode records = result.putArray("records");
    boolean empty = resource.emptyFrom != null && offset >= resource.emptyFrom;
    for (long i = offset; !empty && i < Math.min(total, offset + limit); i++) {
      ObjectNode record = records.addObject();
      record.put("_id", i + 1);
      List<String> values = resource.records.get((int) i);
      for (int f = 0; f < resource.fields.size(); f++) {
        String value = f < values.size() ? values.get(f) : null;
        if (value == null || value.isEmpty()) {
          record.putNull(resource.fields.get(f).id());
        } else {
          record.put(resource.fields.get(f).id(), value); // numbers arrive as strings
        }
      }
    }
    ArrayNode fields = result.putArray("fields");
    fields.addObject().put("id", "_id").put("type", "int");
    for (DatastoreField field : resource.fields) {
      fields.addObject().put("id", field.id()).put("type", field.type());
    }
    result
        .putObject("_links")
        .put("start", "/api/3/action/datastore_search?resource_id=" + id)
        .put("next", "/api/3/action/datastore_search?offset=" + (offset + limit));
    result.put("limit", limit);
    if (offset > 0) {
      result.put("offset", offset);
    }
    result.put("total", offset > 0 && resource.laterTotal != null ? resource.laterTotal : total);
    return ok(result);
  }

  private MockResponse packageShow(@Nullable String id) throws IOException {
    synchronized (packages) {
      for (ObjectNode pkg : packages) {
        if (pkg.path("id").asText().equals(id) || pkg.path("name").asText().equals(id)) {
          return ok(pkg);
        }
      }
    }
    return error(404, "{\"__type\": \"Not Found Error\", \"message\": \"Not found\"}");
  }

  private MockResponse packageSearch(RecordedRequest request) throws IOException {
    long start = Long.parseLong(request.getUrl().queryParameter("start"));
    int rows = Integer.parseInt(request.getUrl().queryParameter("rows"));
    List<ObjectNode> all;
    synchronized (packages) {
      all = List.copyOf(packages);
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("count", start > 0 && laterPackageCount != null ? laterPackageCount : all.size());
    ArrayNode results = result.putArray("results");
    for (long i = start; i < Math.min(all.size(), start + rows); i++) {
      results.add(all.get((int) i));
    }
    result.putObject("facets");
    return ok(result);
  }

  private MockResponse ok(ObjectNode result) throws IOException {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("help", "https://ckan.example/api/3/action/help_show");
    envelope.put("success", true);
    envelope.put("result", result);
    String body = JSON.writeValueAsString(envelope);
    return new MockResponse.Builder()
        .addHeader("Content-Type", "application/json;charset=utf-8")
        .body(body)
        .build();
  }
}

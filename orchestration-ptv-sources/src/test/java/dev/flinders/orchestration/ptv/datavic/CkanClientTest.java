package dev.flinders.orchestration.ptv.datavic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.ErrorDetail;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Status;
import dev.flinders.orchestration.Task;
import dev.flinders.orchestration.core.report.RunReportJson;
import dev.flinders.orchestration.http.HttpException;
import dev.flinders.orchestration.http.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The CKAN client against a local CKAN: paging, envelopes, malformed and inconsistent answers. */
class CkanClientTest extends CkanTestSupport {
  private static final String ID = DataVic.STATION_PATRONAGE_ANNUAL_RESOURCE;

  @Test
  void datastoreSearch_pagesUntilTheTotal_withNumbersSentAsText() {
    ckan.resourceFromFixture(ID, ANNUAL_CSV, ANNUAL_TYPES);
    CkanClient client = CkanClient.builder().baseUrl(baseUrl()).pageSize(100).build();
    List<String[]> records = new ArrayList<>();
    AtomicReference<DatastoreInfo> info = new AtomicReference<>();

    RunReport report =
        runTask(
            context -> {
              DatastoreQuery query = DatastoreQuery.of(ID);
              info.set(client.datastoreInfo(context.http(), query));
              long read = client.datastoreSearch(context.http(), query, info.get(), records::add);
              return Outcome.records(read);
            });

    assertThat(report.status("task")).isEqualTo(Status.SUCCEEDED);
    assertThat(info.get().total()).isEqualTo(222);
    assertThat(info.get().fields()).hasSize(17);
    assertThat(info.get().fields().get(0)).isEqualTo(new DatastoreField("_id", "int"));
    assertThat(info.get().fields().get(2)).isEqualTo(new DatastoreField("Stop_ID", "int4"));
    assertThat(records).hasSize(222);
    assertThat(records.get(0))
        .startsWith("1", "FY24-25", "15351", "Sunbury", "-37.57909097", "144.7273188", "691050");
    assertThat(records.get(221)[0]).isEqualTo("222");
    assertThat(ckan.calls())
        .containsExactly(
            "datastore_search resource_id=" + ID + "&limit=0&offset=0&sort=_id asc",
            "datastore_search resource_id=" + ID + "&limit=100&offset=0&sort=_id asc",
            "datastore_search resource_id=" + ID + "&limit=100&offset=100&sort=_id asc",
            "datastore_search resource_id=" + ID + "&limit=100&offset=200&sort=_id asc");
  }

  @Test
  void queries_sendFiltersSearchFieldsAndSort() {
    ckan.resourceFromFixture(ID, ANNUAL_CSV, ANNUAL_TYPES);
    DatastoreQuery query =
        DatastoreQuery.of(ID)
            .filter("Fin_year", "FY24-25")
            .filter("Stop_ID", 15351)
            .q("Sunbury")
            .fields("Stop_ID", "Stop_name")
            .sort("Stop_name desc");

    runTask(context -> Outcome.records(client().datastoreInfo(context.http(), query).total()));

    assertThat(ckan.calls())
        .containsExactly(
            "datastore_search resource_id="
                + ID
                + "&limit=0&offset=0&filters={\"Fin_year\":\"FY24-25\",\"Stop_ID\":15351}"
                + "&q=Sunbury&fields=Stop_ID,Stop_name&sort=Stop_name desc");
    assertThat(query.toString())
        .isEqualTo(
            "resource "
                + ID
                + " where {Fin_year=FY24-25, Stop_ID=15351} matching \"Sunbury\" fields [Stop_ID,"
                + " Stop_name] sorted by Stop_name desc");
  }

  @Test
  void resourcePackageAndSearch_areTyped() {
    ckan.resourceFromFixture(ID, ANNUAL_CSV, ANNUAL_TYPES);
    var pkg = ckan.addPackage("p1", "annual-station-entries", "Annual station entries", "DTP");
    pkg.withArray("resources")
        .addObject()
        .put("id", ID)
        .put("name", "FY24-25")
        .put("format", "CSV")
        .put("url", "https://example/x.csv")
        .put("datastore_active", "True")
        .putNull("last_modified");
    AtomicReference<CkanResource> resource = new AtomicReference<>();
    AtomicReference<CkanPackage> shown = new AtomicReference<>();
    AtomicReference<CkanClient.SearchPage> found = new AtomicReference<>();

    runTask(
        context -> {
          resource.set(client().resourceShow(context.http(), ID));
          shown.set(client().packageShow(context.http(), "p1"));
          found.set(client().packageSearch(context.http(), "station", 0, 10));
          return Outcome.success();
        });

    assertThat(resource.get())
        .isEqualTo(
            new CkanResource(
                ID,
                "pkg-" + ID,
                "Resource " + ID,
                "CSV",
                server.url("/files/" + ID + ".csv").toString(),
                "2025-10-23T01:02:03.456789",
                "2025-10-23T01:05:00.000000",
                22122L,
                true));
    assertThat(shown.get().organisation()).isEqualTo("DTP");
    assertThat(shown.get().resources())
        .containsExactly(
            new CkanResource(
                ID, "p1", "FY24-25", "CSV", "https://example/x.csv", null, null, null, true));
    assertThat(found.get().count()).isEqualTo(1);
    assertThat(found.get().packages()).containsExactly(shown.get());
  }

  @Test
  void errorEnvelopes_becomeCkanExceptions_withStatusTypeAndMessage() {
    ckan.script(
        "datastore_search",
        FakeCkan.error(
            403,
            "{\"__type\": \"Authorization Error\", \"message\": \"Access denied: User  not"
                + " authorized to read resource x\"}"));
    CkanException forbidden = ckanFailure();
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.errorType()).contains("Authorization Error");
    assertThat(forbidden.errorMessage())
        .isEqualTo("Access denied: User  not authorized to read resource x");
    assertThat(forbidden.action()).isEqualTo("datastore_search");
    assertThat(forbidden.isRetryable()).isFalse();
    assertThat(forbidden)
        .hasMessageStartingWith(
            "CKAN datastore_search failed with HTTP 403 (Authorization Error): Access denied: User"
                + "  not authorized to read resource x [GET "
                + baseUrl()
                + "/datastore_search?resource_id=");

    ckan.script(
        "datastore_search",
        FakeCkan.error(
            404,
            "{\"__type\": \"Not Found Error\", \"message\": \"Not found: Resource \\\"x\\\" was not"
                + " found.\"}"));
    CkanException notFound = ckanFailure();
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.errorType()).contains("Not Found Error");
    assertThat(notFound.errorMessage()).isEqualTo("Not found: Resource \"x\" was not found.");

    ckan.script(
        "datastore_search",
        FakeCkan.error(
            409,
            "{\"__type\": \"Validation Error\", \"resource_id\": [\"Missing value\"],"
                + " \"limit\": [\"Invalid integer\"]}"));
    CkanException invalid = ckanFailure();
    assertThat(invalid.status()).isEqualTo(409);
    assertThat(invalid.errorType()).contains("Validation Error");
    assertThat(invalid.fieldErrors())
        .containsEntry("resource_id", List.of("Missing value"))
        .containsEntry("limit", List.of("Invalid integer"));
    assertThat(invalid)
        .hasMessageContaining(
            "HTTP 409 (Validation Error): invalid request; resource_id: Missing value; limit:"
                + " Invalid integer");

    ckan.script(
        "datastore_search",
        FakeCkan.error(400, "{\"__type\": \"Search Error\", \"message\": \"invalid sort\"}"));
    assertThat(ckanFailure().errorType()).contains("Search Error");

    ckan.script(
        "datastore_search",
        new MockResponse.Builder()
            .code(400)
            .body("\"Bad request - Action name not known: datastore_serch\"")
            .build());
    CkanException unknownAction = ckanFailure();
    assertThat(unknownAction.status()).isEqualTo(400);
    assertThat(unknownAction.errorType()).isEmpty();
    assertThat(unknownAction.errorMessage())
        .isEqualTo("Bad request - Action name not known: datastore_serch");

    ckan.script(
        "datastore_search",
        FakeCkan.error(
            500,
            "{\"__type\": \"Internal Server Error\", \"message\": \"Internal Server Error\"}"));
    CkanException internal = ckanFailure();
    assertThat(internal.status()).isEqualTo(500);
    assertThat(internal.isRetryable()).isTrue();

    ckan.script(
        "datastore_search",
        new MockResponse.Builder().code(502).body("<html><body>Bad gateway</body></html>").build());
    CkanException proxy = ckanFailure();
    assertThat(proxy.errorType()).isEmpty();
    assertThat(proxy.errorMessage()).isEqualTo("<html><body>Bad gateway</body></html>");

    ckan.script(
        "resource_show",
        new MockResponse.Builder()
            .body("{\"success\": false, \"error\": {\"message\": \"odd\"}}")
            .build());
    Throwable okButFailed = failureOf(context -> show(context));
    assertThat(okButFailed)
        .isInstanceOf(CkanException.class)
        .hasMessageStartingWith("CKAN resource_show failed with HTTP 200: odd");
  }

  @Test
  void aServerError_isRetried_butANotFoundIsNot() {
    ckan.resourceFromFixture(ID, ANNUAL_CSV, ANNUAL_TYPES);
    ckan.script("resource_show", FakeCkan.error(500, "{\"message\": \"Internal Server Error\"}"));
    Component retried =
        Component.builder("retried")
            .task(context -> show(context))
            .retry(RetryPolicy.builder().maxAttempts(3).initialDelay(Duration.ZERO).build())
            .build();
    assertThat(result(run(retried), "retried").attempts()).isEqualTo(2);

    Component notFound =
        Component.builder("not-found")
            .task(context -> Outcome.records(client().resourceShow(context.http(), "nope").size()))
            .retry(RetryPolicy.builder().maxAttempts(3).initialDelay(Duration.ZERO).build())
            .build();
    RunReport runReport = run(notFound);
    ComponentResult result = result(runReport, "not-found");
    assertThat(result.status()).isEqualTo(Status.FAILED);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.error())
        .contains("CkanException: CKAN resource_show failed with HTTP 404 (Not Found Error)");
    ErrorDetail detail = result.errorDetail();
    assertThat(detail).isNotNull();
    assertThat(detail.type()).isEqualTo(CkanException.class.getName());
    assertThat(detail.httpStatus()).isEqualTo(404);
    assertThat(detail.sourceType()).isEqualTo("Not Found Error");
    assertThat(detail.url()).contains("/resource_show?id=nope");
    assertThat(detail.message()).startsWith("CKAN resource_show failed with HTTP 404");
    assertThat(RunReportJson.fromJson(RunReportJson.toJson(runReport)).result("not-found"))
        .contains(result);
  }

  @Test
  void malformedJson_isReportedWithWhereItBroke() {
    ckan.resourceFromFixture(ID, ANNUAL_CSV, ANNUAL_TYPES);
    ckan.script(
        "datastore_search",
        new MockResponse.Builder()
            .body(
                "{\"success\": true, \"result\": {\"total\": 2, \"records\": [{\"a\": \"1\"}, {\"a")
            .build());
    Throwable page = failureOf(context -> readAll(context, client()));
    assertThat(page)
        .isInstanceOf(CkanResponseException.class)
        .hasMessageStartingWith(
            "CKAN datastore_search answered malformed JSON: Unexpected end-of-input")
        .hasMessageContaining("(at line 1, column ");

    ckan.script("resource_show", new MockResponse.Builder().body("{\"success\": tru").build());
    assertThat(failureOf(context -> show(context)))
        .isInstanceOf(CkanResponseException.class)
        .hasMessageStartingWith("CKAN resource_show answered malformed JSON: ");

    ckan.script("resource_show", new MockResponse.Builder().body("[1, 2]").build());
    assertThat(failureOf(context -> show(context)))
        .hasMessageStartingWith(
            "CKAN resource_show answered malformed JSON: the answer is not a JSON object");

    ckan.script("resource_show", new MockResponse.Builder().body("{\"success\": true}").build());
    assertThat(failureOf(context -> show(context)))
        .hasMessageStartingWith("CKAN resource_show answered without a result");
  }

  @Test
  void aPageCutShort_failsTheComponent_andNothingIsCommitted() {
    ckan.resourceFromFixture(ID, ANNUAL_CSV, ANNUAL_TYPES);
    ckan.script(
        "datastore_search",
        new MockResponse.Builder()
            .body(
                new Buffer()
                    .writeUtf8(
                        "{\"help\": \"x\", \"success\": true, \"result\": {\"fields\": [{\"id\":"
                            + " \"Stop_ID\", \"type\": \"int4\"}], \"total\": 222}}"))
            .build());
    ckan.script(
        "datastore_search",
        new MockResponse.Builder()
            .body(
                new Buffer()
                    .writeUtf8("{\"success\": true, \"result\": {\"records\": [{\"Stop_ID\": \"1"))
            .addHeader("Content-Length", "4000")
            .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
            .build());

    Throwable thrown = failureOf(context -> readAll(context, client()));

    assertThat(thrown)
        .isInstanceOf(HttpException.class)
        .hasMessageContaining("datastore_search?resource_id=" + ID)
        .hasMessageContaining("was cut short after");
    assertThat(curated.versions("station_patronage_annual")).isEmpty();
  }

  @Test
  void aTotalThatChangesBetweenPages_orAnEmptyPageBeforeTheTotal_failClearly() {
    FakeCkan.Resource resource = ckan.resourceFromFixture(ID, ANNUAL_CSV, ANNUAL_TYPES);
    CkanClient client = CkanClient.builder().baseUrl(baseUrl()).pageSize(100).build();
    resource.laterTotal = 230L;
    assertThat(failureOf(context -> readAll(context, client)))
        .isInstanceOf(CkanResponseException.class)
        .hasMessage(
            "the total of resource "
                + ID
                + " changed from 222 to 230 at offset 100: the resource was updated while it was"
                + " read, so nothing is kept and the next attempt reads it again");

    resource.laterTotal = null;
    resource.emptyFrom = 200L;
    assertThat(failureOf(context -> readAll(context, client)))
        .isInstanceOf(CkanResponseException.class)
        .hasMessage(
            "the page at offset 200 of resource "
                + ID
                + " is empty, but the total is 222: 22 records are missing, so nothing is kept");
  }

  @Test
  void aPageWithMoreRecordsThanAskedFor_failsClearly() {
    ckan.script(
        "datastore_search",
        new MockResponse.Builder()
            .body(
                "{\"success\": true, \"result\": {\"fields\": [{\"id\": \"a\", \"type\":"
                    + " \"int4\"}], \"total\": 2}}")
            .build());
    ckan.script(
        "datastore_search",
        new MockResponse.Builder()
            .body(
                "{\"success\": true, \"result\": {\"records\": [{\"a\": 1}, {\"a\": 2},"
                    + " {\"a\": 3}], \"total\": 2}}")
            .build());

    assertThat(failureOf(context -> readAll(context, client())))
        .isInstanceOf(CkanResponseException.class)
        .hasMessage(
            "the page at offset 0 of resource "
                + ID
                + " holds 3 records, but the total is 2, so only 2 remained to be read; nothing"
                + " is kept");
  }

  @Test
  void aWebPageWhereJsonWasExpected_saysSo_withItsTypeAndFirstLine() {
    ckan.script(
        "datastore_search",
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/html; charset=utf-8")
            .body("\n  <!DOCTYPE html>\n<html><head><title>DataVic</title></head></html>")
            .build());

    assertThat(failureOf(context -> readAll(context, client())))
        .isInstanceOf(CkanResponseException.class)
        .hasMessageStartingWith(
            "CKAN datastore_search answered a web page (text/html; charset=utf-8, HTTP 200) where"
                + " JSON was expected; it begins \"<!DOCTYPE html>\": check that the base URL is"
                + " the CKAN API's (it ends in /api/3/action) [GET ");
  }

  @Test
  void aTotalThatIsNotACount_isRefused_insteadOfReadingNothing() {
    // found by CkanResponseFuzzTest: a total of -3 read no page and "succeeded" with 0 records
    for (String total : List.of("-3", "2.5")) {
      ckan.script(
          "datastore_search",
          new MockResponse.Builder()
              .body(
                  "{\"success\": true, \"result\": {\"fields\": [{\"id\": \"a\", \"type\":"
                      + " \"int4\"}], \"total\": "
                      + total
                      + "}}")
              .build());

      assertThat(failureOf(context -> readAll(context, client())))
          .as(total)
          .isInstanceOf(CkanResponseException.class)
          .hasMessage(
              "CKAN datastore_search answered a result whose total is "
                  + total
                  + ", not a count (a whole number, 0 or more), so nothing is read");
    }
  }

  @Test
  void fieldsThatNameOneIdTwice_areRefused() {
    // found by CkanResponseFuzzTest: an ArrayIndexOutOfBoundsException while reading the records
    ckan.script(
        "datastore_search",
        new MockResponse.Builder()
            .body(
                "{\"success\": true, \"result\": {\"fields\": [{\"id\": \"_id\", \"type\":"
                    + " \"int\"}, {\"id\": \"Mode\", \"type\": \"int\"}, {\"id\": \"Mode\","
                    + " \"type\": \"text\"}], \"total\": 1}}")
            .build());

    assertThat(failureOf(context -> readAll(context, client())))
        .isInstanceOf(CkanResponseException.class)
        .hasMessage(
            "CKAN datastore_search answered fields that name \"Mode\" twice, so its records"
                + " cannot be told apart; nothing is read");
  }

  @Test
  void aPageLargerThanTheLimitAskedFor_saysTheLimit() {
    ckan.script(
        "datastore_search",
        new MockResponse.Builder()
            .body(
                "{\"success\": true, \"result\": {\"fields\": [{\"id\": \"a\", \"type\":"
                    + " \"int4\"}], \"total\": 5}}")
            .build());
    ckan.script(
        "datastore_search",
        new MockResponse.Builder()
            .body(
                "{\"success\": true, \"result\": {\"records\": [{\"a\": 1}, {\"a\": 2},"
                    + " {\"a\": 3}], \"total\": 5}}")
            .build());
    CkanClient client = CkanClient.builder().baseUrl(baseUrl()).pageSize(2).build();

    assertThat(failureOf(context -> readAll(context, client)))
        .isInstanceOf(CkanResponseException.class)
        .hasMessage(
            "the page at offset 0 of resource "
                + ID
                + " holds 3 records, more than the 2 asked for (limit=2), so nothing is kept");
  }

  @Test
  void theAuthHeader_goesOnTheWire_butNeverIntoMessages() {
    String key = "ckan-k3y-0f-a-gateway";
    ckan.resourceFromFixture(ID, ANNUAL_CSV, ANNUAL_TYPES);
    CkanClient client =
        CkanClient.builder().baseUrl(baseUrl() + "/").authHeader("apikey", Secret.of(key)).build();
    ckan.script(
        "datastore_search",
        FakeCkan.error(
            403, "{\"__type\": \"Authorization Error\", \"message\": \"bad key " + key + "\"}"));

    Throwable thrown = failureOf(context -> readAll(context, client));

    assertThat(ckan.authHeaders()).containsExactly(key);
    assertThat(thrown).isInstanceOf(CkanException.class).hasMessageContaining("bad key ****");
    assertThat(thrown.getMessage()).doesNotContain(key);
    assertThat(((CkanException) thrown).errorBody()).doesNotContain(key);
    assertThat(((CkanException) thrown).errorMessage()).isEqualTo("bad key ****");
  }

  @Test
  void badConfiguration_isRefusedWithTheFix() {
    assertThatThrownBy(() -> CkanClient.builder().pageSize(0))
        .hasMessage("the page size must be 1 to 32000 (the server's maximum), not 0");
    assertThatThrownBy(() -> CkanClient.builder().pageSize(32_001))
        .hasMessage("the page size must be 1 to 32000 (the server's maximum), not 32001");
    assertThatThrownBy(() -> CkanClient.builder().baseUrl("discover.data.vic.gov.au/api"))
        .hasMessage(
            "the CKAN base URL must start with http:// or https://: discover.data.vic.gov.au/api");
    assertThatThrownBy(() -> CkanClient.builder().authHeader(" ", Secret.of("x")))
        .hasMessage("the auth header needs a name; it is blank");
    assertThatThrownBy(() -> DatastoreQuery.of(" "))
        .hasMessage("a datastore query needs a resource id; it is blank");
    assertThatThrownBy(() -> DatastoreQuery.of("x").filter("Year", List.of(1)))
        .hasMessage("filter on Year: the value must be a string, number or boolean, not [1]");
    assertThat(
            failureOf(
                context ->
                    Outcome.records(client().packageSearch(context.http(), "x", 0, 0).count())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("package_search rows must be 1 to 1000, not 0");
    assertThat(CkanClient.dataVic().baseUrl())
        .isEqualTo("https://discover.data.vic.gov.au/api/3/action");
  }

  private RunReport runTask(Task task) {
    return run(
        Component.builder("task")
            .task(task)
            .schedule(Schedule.everyRun())
            .retry(RetryPolicy.none())
            .build());
  }

  private CkanException ckanFailure() {
    Throwable thrown = failureOf(context -> readAll(context, client()));
    assertThat(thrown).isInstanceOf(CkanException.class);
    return (CkanException) thrown;
  }

  private Outcome show(ComponentContext context) {
    client().resourceShow(context.http(), ID);
    return Outcome.success();
  }

  private static Outcome readAll(ComponentContext context, CkanClient client) {
    DatastoreQuery query = DatastoreQuery.of(ID);
    DatastoreInfo info = client.datastoreInfo(context.http(), query);
    return Outcome.records(client.datastoreSearch(context.http(), query, info, values -> {}));
  }
}

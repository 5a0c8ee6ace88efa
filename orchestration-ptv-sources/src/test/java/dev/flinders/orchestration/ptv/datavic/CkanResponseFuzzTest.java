package dev.flinders.orchestration.ptv.datavic;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.flinders.orchestration.http.Http;
import dev.flinders.orchestration.http.HttpException;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import dev.flinders.orchestration.ptv.JsonAnswer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz test of the CKAN client's parsing: every answer of {@code datastore_search} (the info
 * request, then the pages) and of {@code resource_show} comes from the fuzzer. Each must be read,
 * or refused with an {@link HttpException} ({@link CkanException} for an error envelope, {@link
 * CkanResponseException} for a malformed answer) that names the call's URL; anything else is a bug.
 * Regression inputs in {@code src/test/resources/.../CkanResponseFuzzTestInputs/<method>/}; to
 * fuzz: {@code JAZZER_FUZZ=1 mvn test -pl orchestration-ptv-sources -am
 * -Dtest=CkanResponseFuzzTest#datastoreSearch -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class CkanResponseFuzzTest {
  private static final String BASE = "https://ckan.test/api/3/action";

  @FuzzTest(maxDuration = "5m")
  @Timeout(value = 6, unit = TimeUnit.MINUTES) // fuzzing outlasts the module's 60 s default
  void datastoreSearch(byte[] input) {
    // the input is split into answers at NUL bytes: the info answer, then one per page
    Http http = new Answers(split(input));
    CkanClient client = CkanClient.builder().baseUrl(BASE).pageSize(2).build();
    DatastoreQuery query = DatastoreQuery.of("d49915dc-98ac-45d1-afd8-3aea823ce292");
    try {
      DatastoreInfo info = client.datastoreInfo(http, query);
      List<String[]> records = new ArrayList<>();
      long read = client.datastoreSearch(http, query, info, records::add);
      assertThat(read).isEqualTo(info.total()).isEqualTo(records.size());
      records.forEach(record -> assertThat(record).hasSize(info.fields().size()));
    } catch (HttpException refused) {
      assertThat(refused.url()).contains("ckan.test");
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "5m")
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void resourceShow(byte[] input) {
    Http http = new Answers(List.of(input));
    try {
      CkanClient.builder().baseUrl(BASE).build().resourceShow(http, "x");
    } catch (HttpException refused) {
      assertThat(refused.url()).contains("ckan.test");
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  private static List<byte[]> split(byte[] input) {
    List<byte[]> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= input.length; i++) {
      if (i == input.length || input[i] == 0) {
        byte[] part = new byte[i - start];
        System.arraycopy(input, start, part, 0, part.length);
        parts.add(part);
        start = i + 1;
      }
    }
    return parts;
  }

  /** Answers each request with the next body, as JSON with status 200; a 404 when none is left. */
  private static final class Answers implements Http {
    private final List<byte[]> bodies;
    private int next;

    Answers(List<byte[]> bodies) {
      this.bodies = bodies;
    }

    @Override
    public HttpResponse send(HttpRequest request) {
      if (next >= bodies.size()) {
        throw new HttpException(request.url(), "GET " + request.url() + " failed: no answer", null);
      }
      byte[] body = bodies.get(next++);
      return new JsonAnswer(request.url(), body);
    }
  }
}

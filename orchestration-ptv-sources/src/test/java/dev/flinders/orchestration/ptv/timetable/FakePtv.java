package dev.flinders.orchestration.ptv.timetable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A local stand-in for the PTV Timetable API. Like PTV, it checks every request's signature against
 * the raw request target it received: the target must end with {@code &signature=SIG}, where SIG is
 * the upper-case hex HMAC-SHA1, keyed with the key of the request's {@code devid}, of everything
 * before {@code &signature=}; it recomputes that here with its own code, and refuses a missing or
 * wrong signature or an unknown devid with 403 and a JSON error body. Signed requests get the
 * answers from {@code src/test/resources/ptv-timetable/}, or what a test scripted.
 */
final class FakePtv extends Dispatcher {
  static final String DEVID = "3000123";
  static final String KEY = "2f6c1b9e-5a8d-4c3b-9e71-0d4a6b8c2f13";

  private static final Pattern STOPS = Pattern.compile("/v3/stops/route/(\\d+)/route_type/(\\d+)");

  private final Map<String, String> keys =
      Collections.synchronizedMap(new HashMap<>(Map.of(DEVID, KEY)));
  private final Map<String, Deque<MockResponse>> scripted =
      Collections.synchronizedMap(new HashMap<>());
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final List<String> targets = Collections.synchronizedList(new ArrayList<>());
  private final List<String> refused = Collections.synchronizedList(new ArrayList<>());
  volatile String prefix = "";
  volatile String disruptions = fixture("disruptions.json");
  volatile String routes = fixture("routes.json");

  static String fixture(String name) {
    try (InputStream in = FakePtv.class.getResourceAsStream("/ptv-timetable/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture /ptv-timetable/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Accepts requests signed with {@code key} for {@code devid}, besides {@link #DEVID}. */
  void register(String devid, String key) {
    keys.put(devid, key);
  }

  /** The next signed call of {@code path} gets this response instead. */
  void script(String path, MockResponse response) {
    scripted.computeIfAbsent(path, p -> new ArrayDeque<>()).add(response);
  }

  /** Each signed call, as {@code path?query} without devid and signature. */
  List<String> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  void clearCalls() {
    calls.clear();
  }

  /** Every raw request target received, signed or not. */
  List<String> targets() {
    synchronized (targets) {
      return List.copyOf(targets);
    }
  }

  /** Why each refused request was refused. */
  List<String> refused() {
    synchronized (refused) {
      return List.copyOf(refused);
    }
  }

  /** PTV's error body: {@code {"message": …, "status": {"version": "3.0", "health": 1}}}. */
  static MockResponse error(int status, String message) {
    return json(
        status,
        "{\"message\": \""
            + message.replace("\"", "\\\"")
            + "\", \"status\": {\"version\": \"3.0\", \"health\": 1}}");
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  /** The upper-case hex HMAC-SHA1 of {@code message} keyed with {@code key}, computed here. */
  static String hmacSha1(String key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      byte[] digest = mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (byte b : digest) {
        hex.append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
      return hex.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String target = request.getTarget();
    targets.add(target);
    if (!target.startsWith(prefix + "/")) {
      return error(404, "No HTTP resource was found that matches the request URI");
    }
    String signed = target.substring(prefix.length());
    String refusal = refusal(signed);
    if (refusal != null) {
      refused.add(refusal);
      return error(403, "Forbidden (403): " + refusal);
    }
    String path = request.getUrl().encodedPath().substring(prefix.length());
    String query = signed.substring(0, signed.lastIndexOf("&signature="));
    query = query.contains("?") ? query.substring(query.indexOf('?') + 1) : "";
    query = query.replaceAll("(^|&)devid=[^&]*", "").replaceFirst("^&", "");
    calls.add(path + (query.isEmpty() ? "" : "?" + query));
    Deque<MockResponse> next = scripted.get(path);
    if (next != null && !next.isEmpty()) {
      return next.poll();
    }
    if (path.equals("/v3/disruptions")) {
      return json(200, disruptions);
    }
    if (path.equals("/v3/routes")) {
      return json(200, routes);
    }
    Matcher stops = STOPS.matcher(path);
    if (stops.matches()) {
      String name = "stops-" + stops.group(1) + "-" + stops.group(2) + ".json";
      if (FakePtv.class.getResource("/ptv-timetable/" + name) == null) {
        return error(400, "Invalid route_id and route_type combination");
      }
      return json(200, fixture(name));
    }
    return error(404, "No HTTP resource was found that matches the request URI");
  }

  /** Why PTV would refuse this target, or null if it is signed right. */
  private String refusal(String target) {
    int at = target.lastIndexOf("&signature=");
    if (at < 0) {
      return "the request has no signature";
    }
    String message = target.substring(0, at);
    String signature = target.substring(at + "&signature=".length());
    Matcher devid = Pattern.compile("[?&]devid=([^&]*)").matcher(message);
    if (!devid.find()) {
      return "the request has no devid";
    }
    String key = keys.get(devid.group(1));
    if (key == null) {
      return "unknown devid";
    }
    if (!hmacSha1(key, message).equals(signature)) {
      return "Signature does not match";
    }
    return null;
  }
}

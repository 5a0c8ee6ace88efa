package dev.flinders.orchestration.examples.victoria;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in for the PTV Timetable API v3 behind a proxy at {@code <prefix>}: it checks each
 * request's signature as PTV does (the upper-case hex HMAC-SHA1, keyed with the developer's key, of
 * the path and query from {@code /v3} up to {@code &signature=}, {@code devid} included) and
 * answers {@code /v3/disruptions} with the bundled answer; a request unsigned, signed wrong or for
 * another developer id gets PTV's HTTP 403, any other path its 404. Thread-safe.
 */
final class LocalPtv implements HttpHandler {
  /** Where the stand-in's API starts: the base URL of a {@code PtvClient}. */
  static final String PREFIX = "/ptv";

  private static final String STATUS = "\"status\": {\"version\": \"3.0\", \"health\": 1}";

  private final String devid;
  private final String key;
  private final byte[] disruptions;

  LocalPtv(String devid, String key, byte[] disruptions) {
    this.devid = devid;
    this.key = key;
    this.disruptions = disruptions.clone();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String target = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
    String query = exchange.getRequestURI().getRawQuery();
    String signed = query == null ? target : target + "?" + query;
    String refusal = refusal(signed);
    if (refusal != null) {
      error(exchange, 403, "Forbidden (403): " + refusal);
    } else if (target.equals("/v3/disruptions")) {
      StandIns.respond(exchange, 200, "application/json; charset=utf-8", disruptions);
    } else {
      error(exchange, 404, "No HTTP resource was found that matches the request URI");
    }
  }

  /** Why PTV would refuse {@code target}, or null if it is signed right. */
  private String refusal(String target) {
    int at = target.lastIndexOf("&signature=");
    if (at < 0) {
      return "the request has no signature";
    }
    String message = target.substring(0, at);
    if (!message.contains("?devid=" + devid) && !message.contains("&devid=" + devid)) {
      return "unknown devid";
    }
    String signature = target.substring(at + "&signature=".length());
    return signature.equals(sign(message)) ? null : "Signature does not match";
  }

  private String sign(String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      byte[] digest = mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA1", e);
    }
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    StandIns.respondJson(exchange, status, "{\"message\": \"" + message + "\", " + STATUS + "}");
  }
}

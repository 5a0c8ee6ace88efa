package dev.flinders.orchestration.examples.victoria;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flinders.orchestration.core.csv.CsvReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the stand-in servers share: a local HTTP server, bundled files, answers, queries. */
final class StandIns {
  private StandIns() {}

  /** An HTTP server on a free port of the loopback interface, not started. */
  static HttpServer server() throws IOException {
    // the JDK's server writes a response's head and body apart: with Nagle's algorithm on and the
    // client's delayed acknowledgement, each call on a kept-alive connection waited about 40 ms
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
  }

  /** {@code http://127.0.0.1:<port>}. */
  static String address(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A file bundled with the examples, e.g. {@code /ptv-timetable/disruptions.json}. */
  static byte[] bundled(String path) {
    try (InputStream in = StandIns.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            "the bundled file " + path + " is missing from the class path: rebuild the examples");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled " + path, e);
    }
  }

  /** A bundled CSV file read whole: its header and rows (BOM, CRLF and quotes handled). */
  static Csv csv(String path) {
    try (InputStream in = new ByteArrayInputStream(bundled(path));
        CsvReader csv = CsvReader.openAsText(in, path)) {
      List<List<String>> rows = new ArrayList<>();
      for (List<String> row = csv.nextRecord(); row != null; row = csv.nextRecord()) {
        rows.add(row);
      }
      return new Csv(csv.header(), rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled " + path, e);
    }
  }

  /** A CSV file's header and rows. */
  record Csv(List<String> header, List<List<String>> rows) {
    /** The value of {@code column} in {@code row}; empty if the row is short. */
    String value(List<String> row, String column) {
      int index = header.indexOf(column);
      if (index < 0) {
        throw new IllegalArgumentException("no column " + column + " in " + header);
      }
      return index < row.size() ? row.get(index) : "";
    }
  }

  /** Sends {@code body} (nothing for HEAD, or when empty) and closes the exchange. */
  static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
      if (!noBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  /** A JSON answer. */
  static void respondJson(HttpExchange exchange, int status, String json) throws IOException {
    respond(exchange, status, "application/json; charset=utf-8", utf8(json));
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The decoded query parameters of {@code uri}; the last of a repeated name wins. */
  static Map<String, String> query(URI uri) {
    Map<String, String> query = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return query;
  }
}

package dev.flinders.orchestration.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.flinders.orchestration.core.report.ReportDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link StatusPage} on a local HTTP port, with the run reports it links to: {@code /} is
 * the status page, {@code /reports/latest.html} the latest run's report, {@code /reports/<run
 * id>.html} (and {@code .json}) those of earlier runs. Read only: nothing on these pages changes
 * the pipeline. Binds to the loopback address unless told otherwise. {@link #handler} gives the
 * same pages to a host's own JDK HTTP server.
 */
public final class StatusServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);

  /** A report's file name: a run id, or latest, then .html or .json; nothing else is served. */
  private static final Pattern REPORT = Pattern.compile("[A-Za-z0-9._-]+\\.(html|json)");

  private final HttpServer server;
  private final ExecutorService threads;

  private StatusServer(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /**
   * Starts serving {@code page} on {@code address} (port 0 for any free port).
   *
   * @param reports the directory of the reports the page links to, or null
   * @throws IOException if the port cannot be bound, e.g. it is in use
   */
  public static StatusServer start(
      InetSocketAddress address, StatusPage page, @Nullable ReportDirectory reports)
      throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    ExecutorService threads =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "flinders-status");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(threads);
    server.createContext("/", handler(page, reports));
    server.start();
    return new StatusServer(server, threads);
  }

  /** Starts serving on {@code port} of the loopback address. */
  public static StatusServer start(int port, StatusPage page, @Nullable ReportDirectory reports)
      throws IOException {
    return start(new InetSocketAddress("127.0.0.1", port), page, reports);
  }

  /** Where the page is served, e.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    InetSocketAddress address = server.getAddress();
    return URI.create(
        "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/");
  }

  /**
   * The pages as a handler for a host's JDK HTTP server, mounted at a context path of its choice:
   * the context's root is the status page, {@code reports/...} below it the reports.
   */
  public static HttpHandler handler(StatusPage page, @Nullable ReportDirectory reports) {
    Objects.requireNonNull(page, "page");
    return exchange -> {
      try (exchange) {
        String context = exchange.getHttpContext().getPath();
        String path = exchange.getRequestURI().getPath();
        String rest = path.startsWith(context) ? path.substring(context.length()) : path;
        Response response = respond(page, reports, exchange.getRequestMethod(), rest);
        send(exchange, response.status(), response.contentType(), response.body());
      } catch (RuntimeException e) {
        LOG.warn("status page: {}", e.toString(), e);
      }
    };
  }

  /**
   * What the pages answer to {@code method} on {@code path}, the part of the request's path below
   * where they are mounted ({@code ""} or {@code /} for the status page, {@code /reports/<name>}
   * for a report), for a host that serves them through another web layer (a servlet, say). Only GET
   * and HEAD are answered; a report's name must be a run id or {@code latest} with {@code .html} or
   * {@code .json}, so nothing else of the report directory is served.
   *
   * @param reports the directory of the reports the page links to, or null
   */
  public static Response respond(
      StatusPage page, @Nullable ReportDirectory reports, String method, String path)
      throws IOException {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return Response.text(405, "only GET and HEAD are served here\n");
    }
    String rest = path.startsWith("/") ? path.substring(1) : path;
    if (rest.isEmpty() || rest.equals("index.html")) {
      return new Response(
          200, "text/html; charset=utf-8", page.render().getBytes(StandardCharsets.UTF_8));
    } else if (rest.startsWith("reports/") && reports != null) {
      return report(reports, rest.substring("reports/".length()));
    }
    return Response.text(404, "not found: " + path + "\n");
  }

  /**
   * An answer of the pages: its HTTP status, content type and body.
   *
   * @param status the HTTP status code
   * @param contentType the value of the Content-Type header
   * @param body the bytes of the body
   */
  public record Response(int status, String contentType, byte[] body) {
    public Response {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
    }

    /**
     * The headers every answer carries besides its Content-Type: never cached (the page is live),
     * never sniffed (a 404 echoes the path as text).
     */
    public static final java.util.Map<String, String> HEADERS =
        java.util.Map.of("Cache-Control", "no-store", "X-Content-Type-Options", "nosniff");

    static Response text(int status, String body) {
      return new Response(status, "text/plain", body.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static Response report(ReportDirectory reports, String name) throws IOException {
    Path file = reports.directory().resolve(name);
    if (!REPORT.matcher(name).matches() || !Files.isRegularFile(file)) {
      return Response.text(404, "no report " + name + "\n");
    }
    byte[] body = Files.readAllBytes(file);
    String type = name.endsWith(".html") ? "text/html; charset=utf-8" : "application/json";
    return new Response(200, type, body);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    Response.HEADERS.forEach(exchange.getResponseHeaders()::set);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Stops serving, letting requests in progress finish for up to a second. */
  @Override
  public void close() {
    server.stop(1);
    threads.shutdownNow();
  }
}

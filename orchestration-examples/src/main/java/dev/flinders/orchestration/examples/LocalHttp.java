package dev.flinders.orchestration.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server for the feature examples, which play a source's part in it: each path is
 * answered by a function, on a thread of its own (an answer may take its time), and counted.
 * Thread-safe.
 */
final class LocalHttp implements AutoCloseable {
  /** How a path is answered. */
  interface Answer {
    void answer(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "local-http");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  private LocalHttp() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a local port: " + e.getMessage(), e);
    }
    server.setExecutor(threads);
  }

  /** A started server without routes. */
  static LocalHttp start() {
    LocalHttp local = new LocalHttp();
    local.server.start();
    return local;
  }

  /** Answers {@code path} with {@code answer}; the exchange is closed after it. */
  LocalHttp route(String path, Answer answer) {
    AtomicInteger count = requests.computeIfAbsent(path, p -> new AtomicInteger());
    server.createContext(
        path,
        exchange -> {
          count.incrementAndGet();
          try (exchange) {
            answer.answer(exchange);
          }
        });
    return this;
  }

  /** The URL of {@code path}. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** How many requests {@code path} has had. */
  int requests(String path) {
    AtomicInteger count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  /** Sends {@code body} as text with {@code status}. */
  static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}

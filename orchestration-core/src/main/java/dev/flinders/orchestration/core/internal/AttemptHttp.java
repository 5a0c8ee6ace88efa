package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.ComponentCancelledException;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.http.Http;
import dev.flinders.orchestration.http.HttpBodyTooLargeException;
import dev.flinders.orchestration.http.HttpException;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpResponse;
import dev.flinders.orchestration.http.HttpStatusException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Http} of one attempt: each call gets the attempt's remaining time as its OkHttp call
 * timeout and is registered to be cancelled with the attempt, so a task blocked in a socket read
 * wakes when the engine stops it. Latency is measured on {@link System#nanoTime()}: it measures the
 * network, not schedules, so it is real time even under a manual clock.
 */
final class AttemptHttp implements Http {
  static final Logger LOG = LoggerFactory.getLogger("dev.flinders.orchestration.http");

  /** How much of an error response's body is read for its message. */
  private static final int ERROR_BODY_BYTES = 4096;

  /** How much of it is quoted in the message. */
  private static final int ERROR_TEXT_CHARS = 300;

  private final Attempt attempt;
  private final HttpTransport transport;
  private final HttpMeter meter;
  private final HttpTransport.Meters meters;

  AttemptHttp(
      Attempt attempt, HttpTransport transport, HttpMeter meter, HttpTransport.Meters meters) {
    this.attempt = attempt;
    this.transport = transport;
    this.meter = meter;
    this.meters = meters;
  }

  @Override
  public HttpResponse send(HttpRequest request) {
    Objects.requireNonNull(request, "request");
    attempt.rememberSecrets(request.secrets());
    attempt.throwIfCancelled();
    Duration remaining = attempt.remaining();
    if (remaining.isZero()) {
      attempt.cutShortByTheDeadline("no time left before its deadline to send " + request);
      throw new ComponentCancelledException(
          "component \""
              + attempt.componentName()
              + "\" has no time left before its deadline "
              + attempt.deadline()
              + " to send "
              + request);
    }
    if (!attempt.isProbing() && request.method().equals("GET")) {
      ProbeDownloads.Copy copy = attempt.takeDownload(request, limit(request));
      if (copy != null) {
        meter.reused();
        LOG.debug("{} -> {}, {} bytes reused from the probe", request, copy.status, copy.size());
        return new ReplayedResponse(request, copy);
      }
    }
    meters.acquireQuota(attempt, request);
    Request.Builder builder = new Request.Builder().url(request.url(true));
    builder.method(request.method(), null);
    for (HttpRequest.Parameter header : request.headers()) {
      builder.addHeader(header.name(), header.value(true));
    }
    Call call = transport.client().newCall(builder.build());
    call.timeout().timeout(remaining.toNanos(), TimeUnit.NANOSECONDS);
    InFlight canceller = new InFlight(request, call);
    attempt.closeOnCancel(canceller);
    attempt.callStarted(canceller);
    meter.sent();
    long started = System.nanoTime();
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      ended(canceller);
      meter.record(0, true, 0, System.nanoTime() - started);
      throw failure(canceller, "failed", e);
    }
    try {
      return checked(request, call, response, canceller, started);
    } catch (RuntimeException e) {
      response.close();
      ended(canceller);
      throw e;
    }
  }

  private void ended(InFlight call) {
    attempt.removeOnCancel(call);
    attempt.callEnded(call);
  }

  /**
   * A call between sending and the end of its body: cancelled with the attempt, and described when
   * the attempt is stopped meanwhile ("GET … in flight, 512 bytes of its body received").
   */
  static final class InFlight implements AutoCloseable {
    private final HttpRequest request;
    private final Call call;
    private volatile long bodyBytes = -1;

    InFlight(HttpRequest request, Call call) {
      this.request = request;
      this.call = call;
    }

    void bodyBytes(long bytes) {
      bodyBytes = bytes;
    }

    @Override
    public void close() {
      call.cancel();
    }

    @Override
    public String toString() {
      long bytes = bodyBytes;
      return request
          + " in flight, "
          + (bytes < 0
              ? "no response yet"
              : bytes + (bytes == 1 ? " byte" : " bytes") + " of its body received");
    }
  }

  private HttpResponse checked(
      HttpRequest request, Call call, Response response, InFlight canceller, long started) {
    int status = response.code();
    canceller.bodyBytes(0);
    ResponseBody body = response.body();
    if (status >= 400) {
      String text;
      String errorBody;
      long read;
      try {
        byte[] start = body.byteStream().readNBytes(ERROR_BODY_BYTES);
        read = start.length;
        errorBody = Masking.mask(request, new String(start, StandardCharsets.UTF_8));
        text = errorText(errorBody);
      } catch (IOException e) {
        meter.record(status, true, 0, System.nanoTime() - started);
        throw failure(canceller, "answered HTTP " + status + " and its body failed", e);
      }
      meter.record(status, true, read, System.nanoTime() - started);
      Duration retryAfter =
          RetryAfter.parse(response.header("Retry-After"), attempt.clock().instant());
      HttpStatusException failure =
          new HttpStatusException(
              request.method(), request.url(), status, text, errorBody, retryAfter);
      LOG.debug("{}", failure.getMessage());
      throw failure;
    }
    long limit = limit(request);
    if (body.contentLength() > limit) {
      meter.record(status, true, 0, System.nanoTime() - started);
      throw new HttpBodyTooLargeException(request.method(), request.url(), limit);
    }
    ProbeDownloads.Copy copy =
        attempt.isProbing() && status == 200 && request.method().equals("GET")
            ? attempt
                .downloads()
                .start(ProbeDownloads.key(request), status, response.headers(), body.contentType())
            : null;
    return new MeteredResponse(request, call, response, canceller, limit, started, copy);
  }

  /** The charset a response declares, UTF-8 if none. */
  private static java.nio.charset.Charset charset(okhttp3.@Nullable MediaType type) {
    java.nio.charset.Charset declared = type == null ? null : type.charset(StandardCharsets.UTF_8);
    return declared == null ? StandardCharsets.UTF_8 : declared;
  }

  /** The largest body the request accepts: its own limit, or the orchestrator's. */
  private long limit(HttpRequest request) {
    return request.maxBodyBytes() >= 0 ? request.maxBodyBytes() : transport.maxBodyBytes();
  }

  private static String errorText(String maskedBody) {
    String text = maskedBody.replaceAll("\\s+", " ").trim();
    return text.length() <= ERROR_TEXT_CHARS
        ? text
        : text.substring(0, ERROR_TEXT_CHARS - 3) + "...";
  }

  /**
   * What a failed call throws: cancellation if the attempt was stopped or its deadline cut the call
   * short, otherwise an {@link HttpException} naming the call, with every secret masked.
   */
  private RuntimeException failure(InFlight inFlight, String what, IOException e) {
    HttpRequest request = inFlight.request;
    if (attempt.isCancelled() || inFlight.call.isCanceled()) {
      if (!attempt.isCancelled()) {
        // the call's own timeout, the attempt's remaining time, ended it before the engine's timer
        attempt.cutShortByTheDeadline(inFlight.toString());
      }
      return new ComponentCancelledException(
          "component \""
              + attempt.componentName()
              + "\" was stopped during "
              + request
              + " (deadline "
              + attempt.deadline()
              + ")");
    }
    // a socket timeout is explained in full; its causes ("Socket closed") would only mislead
    boolean timeout = e instanceof java.net.SocketTimeoutException;
    HttpException failure =
        new HttpException(
            request.url(),
            request + " " + what + ": " + Masking.mask(request, explain(request, e)),
            timeout ? null : Masking.mask(request, e));
    if (timeout) {
      LOG.debug("{} {}", request, what, Masking.mask(request, e));
    }
    LOG.debug("{}", failure.getMessage());
    return failure;
  }

  /**
   * The network failure in words a reader can act on: OkHttp's socket timeouts say only "timeout"
   * (with "Socket closed" as their cause), so say which limit it was and how long it is.
   */
  private String explain(HttpRequest request, IOException e) {
    if (!(e instanceof java.net.SocketTimeoutException)) {
      return e.toString();
    }
    okhttp3.HttpUrl url = okhttp3.HttpUrl.parse(request.url());
    String host = url == null ? "the server" : url.host() + ":" + url.port();
    OkHttpClient client = transport.client();
    String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (message.contains("connect")) {
      return "could not connect to "
          + host
          + " within "
          + Durations.format(Duration.ofMillis(client.connectTimeoutMillis()))
          + " (connect timeout)";
    }
    return "no bytes from "
        + host
        + " for "
        + Durations.format(Duration.ofMillis(client.readTimeoutMillis()))
        + " (read timeout; set it with Orchestrator.builder(...).httpReadTimeout(...))";
  }

  /** A response that counts what is read, enforces the limit and reports the call when closed. */
  private final class MeteredResponse implements HttpResponse {
    private final HttpRequest request;
    private final Call call;
    private final Response response;
    private final InFlight canceller;
    private final long limit;
    private final long started;

    /** The copy kept for the task of what a probe reads, or null. */
    private final ProbeDownloads.@Nullable Copy copy;

    private final Object lock = new Object();
    private @Nullable InputStream stream;
    private long bytes;
    private long reported; // the last multiple of RunListener.DOWNLOAD_STEP reported
    private boolean failed;
    private boolean reachedEnd;
    private boolean closed;

    MeteredResponse(
        HttpRequest request,
        Call call,
        Response response,
        InFlight canceller,
        long limit,
        long started,
        ProbeDownloads.@Nullable Copy copy) {
      this.request = request;
      this.call = call;
      this.response = response;
      this.canceller = canceller;
      this.limit = limit;
      this.started = started;
      this.copy = copy;
    }

    @Override
    public int status() {
      return response.code();
    }

    @Override
    public java.util.Optional<String> header(String name) {
      return java.util.Optional.ofNullable(response.header(name));
    }

    @Override
    public java.util.List<String> headers(String name) {
      return response.headers(name);
    }

    @Override
    public String url() {
      return request.url();
    }

    @Override
    public InputStream body() {
      synchronized (lock) {
        if (stream == null) {
          stream = new Body(response.body().byteStream());
        }
        return stream;
      }
    }

    @Override
    public byte[] bytes() {
      try (InputStream in = body()) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw failure(canceller, "failed while its body was read", e);
      }
    }

    @Override
    public String text() {
      return new String(bytes(), charset(response.body().contentType()));
    }

    @Override
    public void close() {
      long count;
      boolean wasFailed;
      boolean whole;
      synchronized (lock) {
        if (closed) {
          return;
        }
        closed = true;
        count = bytes;
        wasFailed = failed;
        whole = reachedEnd && !failed;
      }
      if (copy != null) {
        if (whole) {
          copy.keep();
        } else {
          copy.discard();
        }
      }
      response.close();
      ended(canceller);
      long elapsed = System.nanoTime() - started;
      meter.record(response.code(), wasFailed, count, elapsed);
      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "{} -> {}, {} bytes in {} ms",
            request,
            response.code(),
            count,
            TimeUnit.NANOSECONDS.toMillis(elapsed));
      }
    }

    /** The body stream: counts bytes, stops at the limit, names the call when it fails. */
    private final class Body extends InputStream {
      private final InputStream in;

      Body(InputStream in) {
        this.in = in;
      }

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
          return 0;
        }
        long allowed;
        synchronized (lock) {
          allowed = limit - bytes + 1; // one byte more than the limit proves it is exceeded
        }
        int n;
        try {
          n = in.read(buffer, offset, (int) Math.min(length, allowed));
        } catch (IOException e) {
          markFailed();
          long read;
          synchronized (lock) {
            read = bytes;
          }
          throw failure(canceller, "was cut short after " + read + " bytes of its body", e);
        }
        long progress = -1; // the bytes to report to listeners, if a step was reached
        if (n > 0) {
          synchronized (lock) {
            bytes += n;
            canceller.bodyBytes(bytes);
            if (bytes > limit) {
              bytes = limit;
              failed = true;
              throw new HttpBodyTooLargeException(request.method(), request.url(), limit);
            }
            if (bytes - reported >= RunListener.DOWNLOAD_STEP) {
              reported = bytes - bytes % RunListener.DOWNLOAD_STEP;
              progress = bytes;
            }
          }
          if (copy != null) {
            copy.write(buffer, offset, n);
          }
        } else if (n < 0) {
          synchronized (lock) {
            if (!reachedEnd && reported > 0 && reported < bytes) {
              progress = bytes; // the end of a download that reported steps
            }
            reachedEnd = true;
          }
        }
        if (progress >= 0) {
          attempt.downloading(request.url(), progress, response.body().contentLength());
        }
        return n;
      }

      private void markFailed() {
        synchronized (lock) {
          failed = true;
        }
      }

      @Override
      public void close() {
        MeteredResponse.this.close();
      }
    }
  }

  /** A probe's download, read again by the task: the same status, headers and body. */
  private final class ReplayedResponse implements HttpResponse {
    private final HttpRequest request;
    private final ProbeDownloads.Copy copy;
    private @Nullable InputStream stream;

    ReplayedResponse(HttpRequest request, ProbeDownloads.Copy copy) {
      this.request = request;
      this.copy = copy;
    }

    @Override
    public int status() {
      return copy.status;
    }

    @Override
    public java.util.Optional<String> header(String name) {
      return java.util.Optional.ofNullable(copy.headers.get(name));
    }

    @Override
    public java.util.List<String> headers(String name) {
      return copy.headers.values(name);
    }

    @Override
    public String url() {
      return request.url();
    }

    @Override
    public synchronized InputStream body() {
      if (stream == null) {
        InputStream in;
        try {
          in = copy.open();
        } catch (IOException e) {
          throw new HttpException(
              request.url(), request + ": the probe's download cannot be read again: " + e, e);
        }
        stream =
            new java.io.FilterInputStream(in) {
              @Override
              public int read() throws IOException {
                attempt.throwIfCancelled();
                return super.read();
              }

              @Override
              public int read(byte[] buffer, int offset, int length) throws IOException {
                attempt.throwIfCancelled();
                return super.read(buffer, offset, length);
              }
            };
      }
      return stream;
    }

    @Override
    public byte[] bytes() {
      try (InputStream in = body()) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new HttpException(
            request.url(), request + ": the probe's download cannot be read again: " + e, e);
      }
    }

    @Override
    public String text() {
      return new String(bytes(), charset(copy.type));
    }

    @Override
    public synchronized void close() {
      if (stream != null) {
        try {
          stream.close();
        } catch (IOException e) {
          // a local copy: nothing to report
        }
      }
    }
  }
}

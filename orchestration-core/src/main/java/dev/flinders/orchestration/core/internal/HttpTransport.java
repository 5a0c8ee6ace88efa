package dev.flinders.orchestration.core.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The orchestrator's one OkHttp client and its limits. Every attempt's {@code http()} sends through
 * it, so connections are pooled across components and runs.
 */
public final class HttpTransport implements AutoCloseable {
  /** The default limit on a response body: 64 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 64L << 20;

  private final OkHttpClient client;
  private final boolean owned;
  private final long maxBodyBytes;

  /**
   * @param client the client to use, or null for one of our own (closed with this transport)
   * @param maxBodyBytes the body limit of requests that do not set one
   */
  public HttpTransport(@Nullable OkHttpClient client, long maxBodyBytes) {
    this.owned = client == null;
    this.client = client == null ? new OkHttpClient() : client;
    this.maxBodyBytes = maxBodyBytes;
  }

  OkHttpClient client() {
    return client;
  }

  long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Meters for one run, one per component position, created when a component first calls. */
  Meters meters(int size) {
    return new Meters(size);
  }

  /** Shuts down the client's threads and connections if the orchestrator created it. */
  @Override
  public void close() {
    if (owned) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /** The HTTP meters of one run. */
  final class Meters {
    private final AtomicReferenceArray<HttpMeter> meters;

    private Meters(int size) {
      this.meters = new AtomicReferenceArray<>(size);
    }

    /** What the attempt with this context gets from {@code http()}. */
    AttemptHttp forAttempt(Attempt attempt) {
      HttpMeter meter = meters.get(attempt.position);
      if (meter == null) {
        meters.compareAndSet(attempt.position, null, new HttpMeter());
        meter = meters.get(attempt.position);
      }
      return new AttemptHttp(attempt, HttpTransport.this, meter);
    }

    /** The calls of the component at {@code position}, or null if it made none. */
    dev.flinders.orchestration.http.@Nullable HttpUsage usage(int position) {
      HttpMeter meter = meters.get(position);
      return meter == null ? null : meter.usage();
    }
  }
}

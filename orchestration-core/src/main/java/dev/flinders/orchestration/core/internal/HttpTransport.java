package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.http.HttpRequest;
import dev.flinders.orchestration.http.HttpUsage;
import dev.flinders.orchestration.quota.QuotaUse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
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
  private final QuotaLedger quotas;

  /**
   * @param client the client to use, or null for one of our own (closed with this transport)
   * @param maxBodyBytes the body limit of requests that do not set one
   * @param readTimeout how long a call may wait for a byte, or null for the client's own
   * @param quotas the providers' quotas that calls count against
   */
  public HttpTransport(
      @Nullable OkHttpClient client,
      long maxBodyBytes,
      @Nullable Duration readTimeout,
      QuotaLedger quotas) {
    this.quotas = quotas;
    this.owned = client == null;
    OkHttpClient base = client == null ? new OkHttpClient() : client;
    // a derived client shares the caller's connection pool and dispatcher
    this.client = readTimeout == null ? base : base.newBuilder().readTimeout(readTimeout).build();
    this.maxBodyBytes = maxBodyBytes;
  }

  OkHttpClient client() {
    return client;
  }

  long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Meters for one run, one per component position, created when a component first calls. */
  Meters meters(DagIndex dag) {
    return new Meters(dag, quotas);
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
    private final DagIndex dag;
    private final QuotaLedger quotas;
    private final Map<String, LongAdder> quotaCalls = new ConcurrentHashMap<>();

    private Meters(DagIndex dag, QuotaLedger quotas) {
      this.meters = new AtomicReferenceArray<>(dag.size());
      this.dag = dag;
      this.quotas = quotas;
    }

    /**
     * Takes quota for one call of the attempt, if the request or the component names a provider.
     */
    void acquireQuota(Attempt attempt, HttpRequest request) {
      Component component = dag.component(attempt.position);
      String provider = request.quota().orElse(component.quota().orElse(null));
      if (provider == null) {
        return;
      }
      boolean priority =
          request.quota().isPresent() ? request.quotaPriority() : component.quotaPriority();
      LongAdder calls = quotaCalls.computeIfAbsent(provider, ignored -> new LongAdder());
      Instant asked = quotas.now();
      Instant permit = quotas.acquire(provider, priority, attempt.deadline());
      if (permit.isAfter(asked)) {
        attempt.waitedForQuota(Duration.between(asked, permit));
      }
      calls.increment();
    }

    /** The quota of each provider this run called (or tried to), for the report. */
    List<QuotaUse> quotaUse() {
      List<QuotaUse> uses = new ArrayList<>();
      for (String provider : quotas.providers()) {
        LongAdder calls = quotaCalls.get(provider);
        if (calls != null) {
          uses.add(quotas.use(provider, calls.sum()));
        }
      }
      return uses;
    }

    /** What the attempt with this context gets from {@code http()}. */
    AttemptHttp forAttempt(Attempt attempt) {
      HttpMeter meter = meters.get(attempt.position);
      if (meter == null) {
        meters.compareAndSet(attempt.position, null, new HttpMeter());
        meter = meters.get(attempt.position);
      }
      return new AttemptHttp(attempt, HttpTransport.this, meter, this);
    }

    /** The calls of the component at {@code position}, or null if it made none. */
    @Nullable HttpUsage usage(int position) {
      HttpMeter meter = meters.get(position);
      return meter == null ? null : meter.usage();
    }
  }
}

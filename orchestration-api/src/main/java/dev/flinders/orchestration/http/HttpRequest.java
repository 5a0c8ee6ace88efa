package dev.flinders.orchestration.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request for {@link Http#send(HttpRequest)}: a method, a URL, query parameters and
 * headers, any of which may be a {@link Secret}. Immutable.
 *
 * <pre>{@code
 * HttpRequest request = HttpRequest.get("https://api.example.org/v1/feed")
 *     .query("limit", "100")
 *     .header("KeyId", Secret.fromEnvironment("FEED_KEY"))
 *     .maxBodyBytes(50_000_000)
 *     .build();
 * }</pre>
 *
 * <p>{@link #url()} and {@link #toString()} show secrets as {@code ****}.
 */
public final class HttpRequest {
  private final String method;
  private final String baseUrl;
  private final List<Parameter> query;
  private final List<Parameter> headers;
  private final long maxBodyBytes;
  private final @Nullable String quota;
  private final boolean quotaPriority;
  private final List<Secret> masked;

  private HttpRequest(Builder builder) {
    this.method = builder.method;
    this.baseUrl = builder.baseUrl;
    this.query = List.copyOf(builder.query);
    this.headers = List.copyOf(builder.headers);
    this.maxBodyBytes = builder.maxBodyBytes;
    this.quota = builder.quota;
    this.quotaPriority = builder.quotaPriority;
    this.masked = List.copyOf(builder.masked);
  }

  /** A GET request for {@code url}, an absolute http or https URL. */
  public static Builder get(String url) {
    return new Builder("GET", url);
  }

  /** A HEAD request for {@code url}, an absolute http or https URL. */
  public static Builder head(String url) {
    return new Builder("HEAD", url);
  }

  /** A builder holding this request, to derive another, e.g. with more headers. */
  public Builder toBuilder() {
    Builder builder = new Builder(method, baseUrl);
    builder.query.addAll(query);
    builder.headers.addAll(headers);
    builder.maxBodyBytes = maxBodyBytes;
    builder.quota = quota;
    builder.quotaPriority = quotaPriority;
    builder.masked.addAll(masked);
    return builder;
  }

  /** {@code GET} or {@code HEAD}. */
  public String method() {
    return method;
  }

  /** The URL with its query, secrets shown as {@code ****}. */
  public String url() {
    return url(false);
  }

  /**
   * The URL with its query; with {@code reveal}, secrets are written out. Only the HTTP client
   * reveals them.
   */
  public String url(boolean reveal) {
    if (query.isEmpty()) {
      return baseUrl;
    }
    StringBuilder url = new StringBuilder(baseUrl).append(baseUrl.contains("?") ? '&' : '?');
    for (int i = 0; i < query.size(); i++) {
      Parameter parameter = query.get(i);
      if (i > 0) {
        url.append('&');
      }
      url.append(encode(parameter.name())).append('=');
      url.append(
          parameter.secret() != null && !reveal ? Secret.MASK : encode(parameter.value(reveal)));
    }
    return url.toString();
  }

  /** The query parameters added with {@link Builder#query}, in order. */
  public List<Parameter> query() {
    return query;
  }

  /** The headers, in order. */
  public List<Parameter> headers() {
    return headers;
  }

  /** The largest response body this request accepts, or -1 for the client's default. */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The provider whose quota this call counts against, if not the component's. */
  public java.util.Optional<String> quota() {
    return java.util.Optional.ofNullable(quota);
  }

  /** Whether this call may use the provider's share reserved for priority. */
  public boolean quotaPriority() {
    return quotaPriority;
  }

  /**
   * Every secret of this request, for masking them in text from elsewhere: those it sends and those
   * it only {@linkplain Builder#mask masks}.
   */
  public List<Secret> secrets() {
    List<Secret> secrets = new ArrayList<>(masked);
    for (Parameter parameter : query) {
      if (parameter.secret() != null) {
        secrets.add(parameter.secret());
      }
    }
    for (Parameter parameter : headers) {
      if (parameter.secret() != null) {
        secrets.add(parameter.secret());
      }
    }
    return secrets;
  }

  /**
   * Masks every secret of this request that occurs in {@code text}, e.g. a message of the HTTP
   * client that quotes the URL: the URL with its secrets written out, and each secret as it is and
   * URL-encoded.
   */
  public String mask(String text) {
    String masked = text.replace(url(true), url());
    for (Secret secret : secrets()) {
      masked = secret.maskIn(masked);
    }
    return masked;
  }

  @Override
  public String toString() {
    return method + " " + url();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * A query parameter or header: a name and either a plain value or a secret.
   *
   * @param name the name
   * @param value the plain value, or null for a secret
   * @param secret the secret, or null for a plain value
   */
  public record Parameter(String name, @Nullable String value, @Nullable Secret secret) {
    public Parameter {
      Objects.requireNonNull(name, "name");
      if ((value == null) == (secret == null)) {
        throw new IllegalArgumentException("a parameter has either a value or a secret");
      }
    }

    /** The value; a secret's only with {@code reveal}, {@code ****} otherwise. */
    public String value(boolean reveal) {
      if (secret == null) {
        return Objects.requireNonNull(value);
      }
      return reveal ? secret.reveal() : Secret.MASK;
    }

    @Override
    public String toString() {
      return name + "=" + value(false);
    }
  }

  /** Builds an {@link HttpRequest}. Not thread-safe. */
  public static final class Builder {
    private final String method;
    private final String baseUrl;
    private final List<Parameter> query = new ArrayList<>();
    private final List<Parameter> headers = new ArrayList<>();
    private long maxBodyBytes = -1;
    private @Nullable String quota;
    private boolean quotaPriority;
    private final List<Secret> masked = new ArrayList<>();

    private Builder(String method, String url) {
      Objects.requireNonNull(url, "url");
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a valid URL: " + e.getMessage(), e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "not an absolute http or https URL: "
                + (uri.getRawQuery() == null ? url : url.substring(0, url.indexOf('?')) + "?…"));
      }
      this.method = method;
      this.baseUrl = url;
    }

    /** Adds a query parameter; the value is URL-encoded. */
    public Builder query(String name, String value) {
      query.add(new Parameter(name, Objects.requireNonNull(value, "value"), null));
      return this;
    }

    /** Adds a query parameter holding a secret, shown as {@code ****} in the URL. */
    public Builder query(String name, Secret secret) {
      query.add(new Parameter(name, null, Objects.requireNonNull(secret, "secret")));
      return this;
    }

    /**
     * Adds a header.
     *
     * @throws IllegalArgumentException if the name or value holds a character HTTP headers do not
     *     allow (values are printable ASCII, spaces and tabs)
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(value, "value");
      checkHeader(name, value, false);
      headers.add(new Parameter(name, value, null));
      return this;
    }

    /**
     * Adds a header holding a secret, e.g. an API key.
     *
     * @throws IllegalArgumentException if the name or the secret holds a character HTTP headers do
     *     not allow; the message says which and where, never the secret
     */
    public Builder header(String name, Secret secret) {
      Objects.requireNonNull(secret, "secret");
      checkHeader(name, secret.reveal(), true);
      headers.add(new Parameter(name, null, secret));
      return this;
    }

    /** The rules of RFC 9110 as OkHttp applies them: checked here, where no secret is quoted. */
    private static void checkHeader(String name, String value, boolean secret) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a header name must not be empty");
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c <= ' ' || c >= 0x7f || c == ':') {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "header name \"%s\" holds a character header names do not allow (U+%04X at"
                      + " index %d)",
                  name,
                  (int) c,
                  i));
        }
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if ((c < ' ' && c != '\t') || c >= 0x7f) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "header %s: %s holds a character header values do not allow (U+%04X at index %d"
                      + " of %d); values are printable ASCII%s",
                  name,
                  secret ? "the secret" : "the value \"" + value + "\"",
                  (int) c,
                  i,
                  value.length(),
                  secret ? ": check the key" : ""));
        }
      }
    }

    /**
     * The largest response body to accept, in bytes; a larger one fails the call with {@link
     * HttpBodyTooLargeException}. Defaults to the orchestrator's limit.
     */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < 0) {
        throw new IllegalArgumentException(
            "maxBodyBytes must not be negative, was " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * Counts this call against the quota of {@code provider} instead of the component's; with
     * {@code priority}, it may use the share reserved for priority (e.g. a priority endpoint).
     */
    public Builder quota(String provider, boolean priority) {
      this.quota = Objects.requireNonNull(provider, "provider");
      this.quotaPriority = priority;
      return this;
    }

    /**
     * Masks {@code secret} in everything recorded about this call (logs, errors, reports) without
     * sending it: for a secret the request is derived from but does not carry, such as the key a
     * signature is computed with, in case the server quotes it back.
     */
    public Builder mask(Secret secret) {
      masked.add(Objects.requireNonNull(secret, "secret"));
      return this;
    }

    public HttpRequest build() {
      return new HttpRequest(this);
    }
  }
}

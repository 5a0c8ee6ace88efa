package dev.flinders.orchestration.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A credential (an API key, a developer id, a signature, a webhook URL) that must never be shown.
 * Its {@link #toString()} is {@code ****}; the value is only handed out by {@link #reveal()}, which
 * the HTTP client calls when it puts the secret on the wire. Requests, responses, exceptions and
 * reports built by Flinders print a secret as {@code ****} wherever it would appear, including in
 * URLs and in messages of failures of the underlying client.
 */
public final class Secret {
  /** How a secret is shown. */
  public static final String MASK = "****";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * A secret with this value. Whitespace around it is removed (a key read from a file or an
   * environment variable often ends with a newline, which no credential holds).
   *
   * @throws IllegalArgumentException if it is empty or holds a control character; the message says
   *     where, never what the value is
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "secret value");
    return new Secret(checked(value, "the secret"));
  }

  /**
   * The secret in environment variable {@code variable}, without whitespace around it.
   *
   * @throws IllegalStateException naming the variable (never a value) if it is unset or empty
   * @throws IllegalArgumentException naming the variable if it holds a control character
   */
  public static Secret fromEnvironment(String variable) {
    String value = System.getenv(Objects.requireNonNull(variable, "variable"));
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "environment variable " + variable + " is not set; it must hold the secret");
    }
    return new Secret(checked(value, "the secret in environment variable " + variable));
  }

  private static String checked(String value, String what) {
    String stripped = value.strip();
    if (stripped.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty or blank");
    }
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            String.format(
                java.util.Locale.ROOT,
                "%s holds a control character (U+%04X) at index %d of %d; a credential is one"
                    + " line of printable characters: check how it was read",
                what,
                (int) c,
                i,
                stripped.length()));
      }
    }
    return stripped;
  }

  /** The value, for putting it on the wire. Never log it. */
  public String reveal() {
    return value;
  }

  /**
   * Replaces every occurrence of this secret's value in {@code text} with {@link #MASK}, as it is
   * and URL-encoded (the two forms in which it goes on the wire).
   */
  public String maskIn(String text) {
    String masked = text.replace(value, MASK);
    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
    if (!encoded.equals(value)) {
      masked = masked.replace(encoded, MASK).replace(encoded.replace("+", "%20"), MASK);
    }
    return masked;
  }

  @Override
  public String toString() {
    return MASK;
  }
}

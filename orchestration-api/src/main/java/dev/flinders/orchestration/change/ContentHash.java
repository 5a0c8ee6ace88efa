package dev.flinders.orchestration.change;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** See {@link ChangeDetector#contentHash(String, ProbeFunction)}. */
final class ContentHash implements ChangeDetector {
  static final String KIND = "sha256";

  private final String label;
  private final ProbeFunction<InputStream> content;

  ContentHash(String label, ProbeFunction<InputStream> content) {
    this.label = Objects.requireNonNull(label, "label");
    this.content = Objects.requireNonNull(content, "content");
  }

  @Override
  public Fingerprint probe(ProbeContext context) throws Exception {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = content.apply(context)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    String hex = HexFormat.of().formatHex(digest.digest());
    return Fingerprint.of(
        KIND, "SHA-256 " + hex.substring(0, 12) + "… of " + label, Map.of(KIND, hex));
  }

  @Override
  public String describe(Optional<Fingerprint> previous) {
    return "SHA-256 of " + label;
  }

  @Override
  public String toString() {
    return "contentHash(" + label + ")";
  }
}

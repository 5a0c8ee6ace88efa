package dev.flinders.orchestration.ptv.timetable;

import dev.flinders.orchestration.ComponentContext;
import dev.flinders.orchestration.dataset.DatasetSpec;
import dev.flinders.orchestration.dataset.DatasetWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one run of a PTV task is about to deliver: the rows of each of its datasets, held until the
 * answer is read whole, and their SHA-256 (the query, then every row value by value). The digest of
 * the last delivery is kept in the component's state, so that a run whose answer holds exactly what
 * the last delivery held ends UNCHANGED instead of writing the same rows again, and a run that
 * fails at any point has written nothing. Not thread-safe: used by the task's thread.
 */
final class Delivery {
  static final String DIGEST_KEY = "content_sha256";
  static final String SINCE_KEY = "content_delivered_at";

  private final MessageDigest sha256;
  private final Map<DatasetSpec, List<Object[]>> rows = new LinkedHashMap<>();
  private @Nullable String hex;

  /**
   * A delivery of these datasets (each written, even when it gets no rows), for {@code query}: a
   * changed query is a change.
   */
  Delivery(String query, DatasetSpec... datasets) {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    text(query);
    for (DatasetSpec dataset : datasets) {
      rows.put(dataset, new ArrayList<>());
    }
  }

  /** Adds a row of a dataset, in the schema's column order. */
  void row(DatasetSpec dataset, @Nullable Object... values) {
    rowDigestingFirst(values.length, dataset, values);
  }

  /** Adds a row whose first {@code digested} values alone count for the digest. */
  void rowDigestingFirst(int digested, DatasetSpec dataset, @Nullable Object... values) {
    List<Object[]> list = rows.get(dataset);
    if (list == null || hex != null) {
      throw new IllegalStateException("not a dataset of this open delivery: " + dataset.name());
    }
    list.add(values);
    text(dataset.name());
    for (int i = 0; i < digested; i++) {
      if (values[i] == null) {
        sha256.update((byte) 0);
      } else {
        sha256.update((byte) 1);
        text(values[i].toString());
      }
    }
  }

  /** Rows added to {@code dataset}. */
  int rows(DatasetSpec dataset) {
    return rows.getOrDefault(dataset, List.of()).size();
  }

  private void text(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int n = bytes.length;
    sha256.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    sha256.update(bytes);
  }

  private String hex() {
    if (hex == null) {
      hex = HexFormat.of().formatHex(sha256.digest());
    }
    return hex;
  }

  /**
   * Why the source is unchanged, when these rows are those of the last delivery and the run is not
   * forced; empty when they must be written.
   *
   * @param what what the answer holds, e.g. "42 disruptions, 57 affected routes, 12 affected stops"
   */
  Optional<String> unchanged(ComponentContext context, String what) {
    Optional<String> last = context.state().get(DIGEST_KEY);
    if (context.forced() || last.isEmpty() || !last.get().equals(hex())) {
      return Optional.empty();
    }
    return Optional.of(
        what
            + ", SHA-256 "
            + hex().substring(0, 12)
            + "…, the same as delivered on "
            + context.state().get(SINCE_KEY).map(Delivery::toTheSecond).orElse("an earlier run"));
  }

  /** An instant as text to the second; text that is not one (an older state) as it is. */
  private static String toTheSecond(String instant) {
    try {
      return java.time.Instant.parse(instant)
          .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
          .toString();
    } catch (java.time.format.DateTimeParseException e) {
      return instant;
    }
  }

  /**
   * Writes every dataset and remembers the digest as delivered now; both are committed with the
   * attempt when it succeeds and discarded when it fails.
   */
  void write(ComponentContext context) {
    rows.forEach(
        (dataset, list) -> {
          DatasetWriter writer = context.dataset(dataset);
          for (Object[] row : list) {
            writer.write(row);
          }
        });
    if (!context.state().get(DIGEST_KEY).map(hex()::equals).orElse(false)) {
      context.state().put(SINCE_KEY, context.clock().instant().toString());
    }
    context.state().put(DIGEST_KEY, hex());
  }
}

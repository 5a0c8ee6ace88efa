package dev.flinders.orchestration.ptv.gtfs;

import dev.flinders.orchestration.FlindersException;
import org.jspecify.annotations.Nullable;

/**
 * A GTFS archive that cannot be read safely: truncated or corrupt, an entry whose name escapes its
 * folder, too many entries, or expanding past a limit. Nothing of the feed is committed.
 */
public final class GtfsArchiveException extends FlindersException {
  private static final long serialVersionUID = 1L;

  private final String archive;
  private final @Nullable String entry;

  GtfsArchiveException(
      String archive, @Nullable String entry, String message, @Nullable Throwable cause) {
    super(archive + (entry == null ? "" : ": entry " + entry) + ": " + message, cause);
    this.archive = archive;
    this.entry = entry;
  }

  /** The archive, as its source names it. */
  public String archive() {
    return archive;
  }

  /** The entry it failed on, e.g. {@code 4/google_transit.zip!stop_times.txt}, or null. */
  public @Nullable String entry() {
    return entry;
  }
}

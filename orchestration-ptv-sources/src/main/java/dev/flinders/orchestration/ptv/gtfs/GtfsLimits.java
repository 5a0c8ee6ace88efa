package dev.flinders.orchestration.ptv.gtfs;

/**
 * Limits on a GTFS feed's archive, checked while it is read, so that a corrupt or hostile zip (a
 * "zip bomb") fails with a clear error instead of filling the disk or the heap. Immutable.
 *
 * @param maxDownloadBytes the largest download accepted
 * @param maxEntries the most entries in the archive, the inner feeds' entries counted too
 * @param maxUncompressedBytes the most bytes all entries may expand to, in all
 * @param maxCompressionRatio the most an entry may expand, as uncompressed over compressed bytes
 *     (text compresses about 10 times; a bomb a thousand times or more)
 */
public record GtfsLimits(
    long maxDownloadBytes, int maxEntries, long maxUncompressedBytes, int maxCompressionRatio) {
  /**
   * The defaults: a 1 GiB download, 10,000 entries, 16 GiB uncompressed, a ratio of 200. The
   * Transport Victoria feed is about 300 MB holding about 100 entries.
   */
  public static final GtfsLimits DEFAULT = new GtfsLimits(1L << 30, 10_000, 16L << 30, 200);

  public GtfsLimits {
    if (maxDownloadBytes < 1 || maxEntries < 1 || maxUncompressedBytes < 1) {
      throw new IllegalArgumentException(
          "GTFS limits must be positive, were "
              + maxDownloadBytes
              + ", "
              + maxEntries
              + ", "
              + maxUncompressedBytes);
    }
    if (maxCompressionRatio < 2) {
      throw new IllegalArgumentException(
          "maxCompressionRatio must be at least 2, was " + maxCompressionRatio);
    }
  }
}

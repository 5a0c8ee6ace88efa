package dev.flinders.orchestration;

import java.util.Locale;

/** Sizes in bytes as reports write them: {@code 512 B}, {@code 12.3 KiB}, {@code 262.1 MiB}. */
public final class ByteSizes {
  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

  private ByteSizes() {}

  /** {@code bytes} in binary units, one decimal above 1 KiB. */
  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = -1;
    // 1023.95 and above would print as "1024.0": move up a unit instead
    while (value >= 1023.95 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }
}

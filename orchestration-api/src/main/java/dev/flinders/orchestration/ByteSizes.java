package dev.flinders.orchestration;

import java.util.Locale;

/**
 * Sizes in bytes as reports write them ({@code 512 B}, {@code 12.3 KiB}, {@code 262.1 MiB}) and as
 * configuration files give them ({@code 512MiB}).
 */
public final class ByteSizes {
  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

  private static final java.util.regex.Pattern SIZE =
      java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KiB|MiB|GiB|TiB)?");

  private ByteSizes() {}

  /**
   * A size written as a number of bytes or with a binary unit: {@code 1048576}, {@code 512MiB},
   * {@code 1.5 GiB}.
   *
   * @throws IllegalArgumentException naming the text and the forms it may take
   */
  public static long parse(String text) {
    java.util.regex.Matcher matcher = SIZE.matcher(text.trim());
    boolean matches = matcher.matches();
    boolean inBytes = matches && (matcher.group(2) == null || matcher.group(2).equals("B"));
    if (!matches || (inBytes && matcher.group(1).indexOf('.') >= 0)) { // no fractions of a byte
      throw new IllegalArgumentException(
          "not a size: \""
              + text
              + "\"; write whole bytes, or a number with a binary unit such as 512MiB or 1.5GiB"
              + " (B, KiB, MiB, GiB, TiB)");
    }
    String unit = matcher.group(2);
    int power = 0;
    if (unit != null && !unit.equals("B")) {
      power = java.util.Arrays.asList(UNITS).indexOf(unit) + 1;
    }
    double bytes = Double.parseDouble(matcher.group(1)) * Math.pow(1024, power);
    if (bytes >= Long.MAX_VALUE) {
      throw new IllegalArgumentException("too large a size: \"" + text + "\"");
    }
    return (long) bytes;
  }

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

package dev.flinders.orchestration.ptv.gtfs;

/**
 * GTFS times: {@code H:MM:SS} or {@code HH:MM:SS} counted from noon minus 12 hours of the service
 * day, so a trip that runs past midnight has times such as {@code 25:35:00}. Pure.
 */
public final class GtfsTime {
  private GtfsTime() {}

  /**
   * The seconds since noon minus 12 hours that {@code text} stands for, e.g. 92100 for {@code
   * 25:35:00}.
   *
   * @throws IllegalArgumentException saying what is wrong, if it is not such a time
   */
  public static int seconds(String text) {
    String time = text.strip();
    int first = time.indexOf(':');
    int second = time.indexOf(':', first + 1);
    if (first < 1
        || first > 3
        || second != first + 3
        || time.length() != second + 3
        || !digits(time, 0, first)
        || !digits(time, first + 1, second)
        || !digits(time, second + 1, time.length())) {
      throw new IllegalArgumentException("\"" + text + "\" is not a time H:MM:SS");
    }
    int hours = Integer.parseInt(time, 0, first, 10);
    int minutes = Integer.parseInt(time, first + 1, second, 10);
    int seconds = Integer.parseInt(time, second + 1, time.length(), 10);
    if (minutes > 59 || seconds > 59) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a time H:MM:SS: minutes and seconds go up to 59");
    }
    return hours * 3600 + minutes * 60 + seconds;
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return to > from;
  }
}

package dev.flinders.orchestration.parquet.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file pattern such as {@code {dataset}_{date}.parquet}: {@code {date}} is {@code yyyyMMdd} and
 * {@code {time}} is {@code HHmmss}, both in the sink's zone. A file's version is the text its
 * {@code {date}} and {@code {time}} stand for, in that order, so versions sort by time.
 */
public final class FileNames {
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");

  private final String pattern;
  private final ZoneId zone;

  public FileNames(String pattern, ZoneId zone) {
    if (!pattern.contains("{dataset}")
        || !pattern.contains("{date}")
        || !pattern.endsWith(".parquet")
        || pattern.contains("/")
        || pattern.contains("\\")
        || pattern.indexOf("{time}") >= 0
            && pattern.indexOf("{time}") < pattern.indexOf("{date}")) {
      throw new IllegalArgumentException(
          "file pattern \""
              + pattern
              + "\" is not valid: it names a file (no '/'), contains {dataset} and {date} (and"
              + " optionally {time} after {date}) and ends with .parquet, e.g."
              + " {dataset}_{date}.parquet or {dataset}_{date}T{time}.parquet");
    }
    this.pattern = pattern;
    this.zone = zone;
  }

  /** The file name of {@code dataset}'s version for {@code at}. */
  public String name(String dataset, Instant at) {
    ZonedDateTime local = at.atZone(zone);
    return pattern
        .replace("{dataset}", dataset)
        .replace("{date}", DATE.format(local))
        .replace("{time}", TIME.format(local));
  }

  /** The version of a file of {@code dataset}, or empty if the name is not one of its files. */
  public Optional<String> version(String dataset, String fileName) {
    Matcher matcher = regex(dataset).matcher(fileName);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    StringBuilder version = new StringBuilder();
    for (int group = 1; group <= matcher.groupCount(); group++) {
      version.append(matcher.group(group));
    }
    return Optional.of(version.toString());
  }

  private Pattern regex(String dataset) {
    StringBuilder regex = new StringBuilder();
    String rest = pattern.replace("{dataset}", dataset);
    int at = 0;
    while (at < rest.length()) {
      int date = rest.indexOf("{date}", at);
      int time = rest.indexOf("{time}", at);
      int next = date < 0 ? time : time < 0 ? date : Math.min(date, time);
      if (next < 0) {
        regex.append(Pattern.quote(rest.substring(at)));
        break;
      }
      if (next > at) {
        regex.append(Pattern.quote(rest.substring(at, next)));
      }
      regex.append(next == date ? "(\\d{8})" : "(\\d{6})");
      at = next + "{date}".length();
    }
    return Pattern.compile(regex.toString());
  }
}

package dev.flinders.orchestration;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reads the text form of schedules; see {@link Schedule#parse(String)}. */
final class ScheduleParser {
  private static final String EXAMPLES =
      "write e.g. \"every run\", \"manual\", \"every 15m\", \"hourly at :05\", \"daily at 06:00"
          + " Australia/Melbourne\", \"weekly on Monday at 06:00\", \"monthly on day 1 at 06:00\","
          + " \"annually on 1 July at 06:00\" or \"cron \\\"0 6 * * 1-5\\\" Australia/Melbourne\"";

  private ScheduleParser() {}

  static Schedule parse(String text, ZoneId defaultZone) {
    try {
      return parseOrThrow(text, defaultZone);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new IllegalArgumentException(
          "not a schedule: \"" + text + "\": " + e.getMessage() + "; " + EXAMPLES, e);
    }
  }

  private static Schedule parseOrThrow(String text, ZoneId defaultZone) {
    String trimmed = text.trim();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.startsWith("cron")) {
      return parseCron(trimmed.substring(4).trim(), defaultZone);
    }
    List<String> words = new ArrayList<>(Arrays.asList(trimmed.split("\\s+")));
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("it is empty");
    }
    String first = words.remove(0).toLowerCase(Locale.ROOT);
    switch (first) {
      case "manual":
        expectEnd(words);
        return Schedule.manual();
      case "every":
        if (words.size() == 1 && words.get(0).equalsIgnoreCase("run")) {
          return Schedule.everyRun();
        }
        if (words.size() != 1) {
          throw new IllegalArgumentException("\"every\" takes one duration, such as 15m or PT1H");
        }
        return Schedule.every(Durations.parse(words.get(0)));
      case "hourly":
        return calendar(Schedule.hourly(), words, defaultZone);
      case "daily":
        return calendar(Schedule.daily(), words, defaultZone);
      case "weekly":
        return calendar(Schedule.weekly(), words, defaultZone);
      case "monthly":
        return calendar(Schedule.monthly(), words, defaultZone);
      case "annually":
      case "yearly":
        return calendar(Schedule.annually(), words, defaultZone);
      default:
        throw new IllegalArgumentException("unknown frequency \"" + first + "\"");
    }
  }

  private static Schedule calendar(CalendarSchedule schedule, List<String> words, ZoneId zone) {
    CalendarSchedule result = schedule.in(zone);
    while (!words.isEmpty()) {
      String word = words.remove(0);
      switch (word.toLowerCase(Locale.ROOT)) {
        case "at":
          String at = take(words, "a time after \"at\"");
          if (result.frequency() == CalendarSchedule.Frequency.HOURLY) {
            result = result.atMinute(parseMinute(at));
          } else {
            result = result.at(parseTime(at));
          }
          break;
        case "on":
          result = parseOn(result, words);
          break;
        case "in":
          result = result.in(ZoneId.of(take(words, "a time zone after \"in\"")));
          break;
        default:
          if (!words.isEmpty()) {
            throw new IllegalArgumentException("unexpected \"" + word + "\"");
          }
          result = result.in(parseZone(word));
      }
    }
    return result;
  }

  private static CalendarSchedule parseOn(CalendarSchedule schedule, List<String> words) {
    switch (schedule.frequency()) {
      case WEEKLY:
        return schedule.on(parseDay(take(words, "a day of the week after \"on\"")));
      case MONTHLY:
        String next = take(words, "\"day N\" after \"on\"");
        if (next.equalsIgnoreCase("day")) {
          next = take(words, "a day number after \"on day\"");
        }
        return schedule.onDay(parseInt(next, "day of month"));
      case ANNUALLY:
        String day = take(words, "a date such as \"1 July\" or \"07-01\" after \"on\"");
        if (day.contains("-")) {
          return schedule.on(MonthDay.parse(day.startsWith("--") ? day : "--" + day));
        }
        Month month = parseMonth(take(words, "a month after the day"));
        return schedule.on(MonthDay.of(month, parseInt(day, "day of month")));
      default:
        throw new IllegalArgumentException(
            "\"on\" does not apply to " + schedule.frequency().name().toLowerCase(Locale.ROOT));
    }
  }

  private static Schedule parseCron(String rest, ZoneId defaultZone) {
    String expression;
    String remainder;
    if (rest.startsWith("\"")) {
      int end = rest.indexOf('"', 1);
      if (end < 0) {
        throw new IllegalArgumentException("the cron expression's closing quote is missing");
      }
      expression = rest.substring(1, end);
      remainder = rest.substring(end + 1).trim();
    } else {
      List<String> words = new ArrayList<>(Arrays.asList(rest.split("\\s+")));
      int fields = !words.isEmpty() && words.get(0).startsWith("@") ? 1 : 5;
      if (words.size() < fields) {
        throw new IllegalArgumentException("expected 5 cron fields, found " + words.size());
      }
      expression = String.join(" ", words.subList(0, fields));
      remainder = String.join(" ", words.subList(fields, words.size()));
    }
    ZoneId zone = defaultZone;
    if (!remainder.isEmpty()) {
      String zoneText =
          remainder.toLowerCase(Locale.ROOT).startsWith("in ")
              ? remainder.substring(3).trim()
              : remainder;
      zone = parseZone(zoneText);
    }
    return CronSchedule.parse(expression, zone);
  }

  private static ZoneId parseZone(String text) {
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("unknown time zone \"" + text + "\"", e);
    }
  }

  private static LocalTime parseTime(String text) {
    try {
      return LocalTime.parse(text.length() == 4 ? "0" + text : text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a time of day: \"" + text + "\" (write HH:MM)", e);
    }
  }

  private static int parseMinute(String text) {
    String digits = text.startsWith(":") ? text.substring(1) : text;
    return parseInt(digits, "minute");
  }

  private static DayOfWeek parseDay(String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().equals(upper) || day.name().substring(0, 3).equals(upper)) {
        return day;
      }
    }
    throw new IllegalArgumentException("not a day of the week: \"" + text + "\"");
  }

  private static Month parseMonth(String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    for (Month month : Month.values()) {
      if (month.name().equals(upper) || month.name().substring(0, 3).equals(upper)) {
        return month;
      }
    }
    throw new IllegalArgumentException("not a month: \"" + text + "\"");
  }

  private static int parseInt(String text, String what) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a " + what + ": \"" + text + "\"", e);
    }
  }

  private static String take(List<String> words, String expected) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("expected " + expected);
    }
    return words.remove(0);
  }

  private static void expectEnd(List<String> words) {
    if (!words.isEmpty()) {
      throw new IllegalArgumentException("unexpected \"" + String.join(" ", words) + "\"");
    }
  }
}

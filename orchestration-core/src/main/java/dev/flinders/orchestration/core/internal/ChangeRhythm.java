package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.Durations;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * When a source usually changes, learnt from the times its probes found it changed: the window of
 * the day, week or month (chosen by the typical gap between changes) that holds at least three
 * quarters of them. Monthly data that appears in the first week of the month gives "days 1–6 of the
 * month"; a feed rebuilt every night around 05:00 gives "between 05:00 and 06:00". No window is
 * learnt from fewer than {@value #MINIMUM_CHANGES} changes, from changes that span fewer than two
 * cycles or come less than 12 hours apart (a source that changes all day has no window), nor when
 * they are spread wider than a window may be (4 hours of a day, 2 days of a week, 7 days of a
 * month). Immutable and pure.
 */
public final class ChangeRhythm {
  /** How many changes a rhythm needs. */
  public static final int MINIMUM_CHANGES = 3;

  private enum Cycle {
    /** Positions are hours of the day, 0 to 23, wrapping at midnight. */
    DAY(24, 4, Duration.ofDays(1)),
    /** Positions are days of the week, Monday 0 to Sunday 6, wrapping. */
    WEEK(7, 2, Duration.ofDays(7)),
    /**
     * Positions are days from the start of the nearest month, -15 to 15 (-1 is the last day of the
     * month before, 0 the first), not wrapping.
     */
    MONTH(0, 7, Duration.ofDays(28));

    final int size; // positions in a cycle if they wrap, else 0
    final int maxSpan;
    final Duration length; // the shortest a cycle lasts

    Cycle(int size, int maxSpan, Duration length) {
      this.size = size;
      this.maxSpan = maxSpan;
      this.length = length;
    }
  }

  /**
   * An occurrence of the window.
   *
   * @param start when it opens
   * @param end when it closes
   */
  public record Window(Instant start, Instant end) {
    /** Whether {@code at} is in it. */
    public boolean contains(Instant at) {
      return !at.isBefore(start) && at.isBefore(end);
    }
  }

  private final Cycle cycle;
  private final int from;
  private final int span;
  private final int inWindow;
  private final int changes;
  private final Duration typicalGap;
  private final ZoneId zone;

  private ChangeRhythm(
      Cycle cycle,
      int from,
      int span,
      int inWindow,
      int changes,
      Duration typicalGap,
      ZoneId zone) {
    this.cycle = cycle;
    this.from = from;
    this.span = span;
    this.inWindow = inWindow;
    this.changes = changes;
    this.typicalGap = typicalGap;
    this.zone = zone;
  }

  /**
   * The rhythm of changes at these times (oldest first), read in {@code zone}, or empty if they are
   * too few, span fewer than two cycles, come more often than a cycle can tell apart (under 12
   * hours apart), or follow no window.
   */
  public static Optional<ChangeRhythm> learn(List<Instant> changes, ZoneId zone) {
    int n = changes.size();
    if (n < MINIMUM_CHANGES) {
      return Optional.empty();
    }
    long[] gaps = new long[n - 1];
    for (int i = 1; i < n; i++) {
      gaps[i - 1] = Duration.between(changes.get(i - 1), changes.get(i)).getSeconds();
    }
    Arrays.sort(gaps);
    Duration gap = Duration.ofSeconds(gaps[gaps.length / 2]);
    if (gap.compareTo(Duration.ofHours(12)) < 0) {
      return Optional.empty(); // several changes a day: no window of the day tells them apart
    }
    Cycle cycle =
        gap.compareTo(Duration.ofDays(2)) < 0
            ? Cycle.DAY
            : gap.compareTo(Duration.ofDays(20)) < 0 ? Cycle.WEEK : Cycle.MONTH;
    Duration covered = Duration.between(changes.get(0), changes.get(n - 1));
    if (covered.compareTo(cycle.length.multipliedBy(2)) < 0) {
      return Optional.empty(); // one cycle's changes say nothing about the next
    }
    // days of the month are counted three ways: from the month's start (a date such as the 17th),
    // back from its end (the last Friday's data on the last day), and from the nearest start
    // (the turn of the month); the narrowest window wins, the first way on a tie
    Optional<ChangeRhythm> best = Optional.empty();
    for (Counting counting : cycle == Cycle.MONTH ? Counting.values() : new Counting[] {null}) {
      int[] positions = new int[n];
      for (int i = 0; i < n; i++) {
        positions[i] = position(cycle, counting, changes.get(i).atZone(zone));
      }
      Optional<ChangeRhythm> learnt =
          window(cycle, positions, gap, zone)
              .filter(rhythm -> rhythm.fits(counting))
              .map(rhythm -> rhythm.counting(changes));
      if (learnt.isPresent() && (best.isEmpty() || learnt.get().span < best.get().span)) {
        best = learnt;
      }
    }
    return best;
  }

  /**
   * Whether a window found by {@code counting} means what that counting is for: counted back from
   * the month's end, a window in its last week; from the nearest start, one across the turn of the
   * month. (Counted back from the end, the 3rd of 30- and 31-day months would otherwise give a
   * narrow window that drifts with the length of the month.)
   */
  private boolean fits(@org.jspecify.annotations.Nullable Counting counting) {
    if (counting == Counting.FROM_END) {
      return from >= -7;
    }
    if (counting == Counting.NEAREST) {
      return from < 0 && from + span - 1 >= 0;
    }
    return true;
  }

  /**
   * This rhythm saying how many of {@code changes} its windows, as {@link #windowAt} places them in
   * the calendar, hold: a window of days of the month counted by position runs on into the next
   * month after a short one (days 24–29 of February end on March 1st or 2nd), so it may hold a
   * change more than the positions said (never fewer).
   */
  private ChangeRhythm counting(List<Instant> changes) {
    int inside = 0;
    for (Instant change : changes) {
      inside += windowAt(change).isPresent() ? 1 : 0;
    }
    return inside == inWindow
        ? this
        : new ChangeRhythm(cycle, from, span, inside, this.changes, typicalGap, zone);
  }

  /** How days of the month are counted: each a day number relative to a month's start. */
  private enum Counting {
    /** 0 for the 1st, to 30 for the 31st. */
    FROM_START,
    /** -1 for the last day of the month, -2 for the one before, and so on. */
    FROM_END,
    /** Whichever month start is nearer: up to 15 days after, or before the next. */
    NEAREST
  }

  /** The narrowest window of the cycle holding three quarters of the positions, if any. */
  private static Optional<ChangeRhythm> window(
      Cycle cycle, int[] positions, Duration gap, ZoneId zone) {
    int n = positions.length;
    int[] sorted = positions.clone();
    Arrays.sort(sorted);
    int needed = (3 * n + 3) / 4; // at least three quarters, rounded up
    int bestFrom = 0;
    int bestSpan = Integer.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      int last = i + needed - 1;
      int end;
      if (last < n) {
        end = sorted[last];
      } else if (cycle.size > 0) {
        end = sorted[last - n] + cycle.size; // wraps into the next cycle
      } else {
        break;
      }
      int windowSpan = end - sorted[i] + 1;
      if (windowSpan < bestSpan) {
        bestSpan = windowSpan;
        bestFrom = sorted[i];
      }
    }
    if (bestSpan > cycle.maxSpan) {
      return Optional.empty();
    }
    int inWindow = 0;
    for (int position : sorted) {
      inWindow += inWindow(cycle, bestFrom, bestSpan, position) ? 1 : 0;
    }
    return Optional.of(new ChangeRhythm(cycle, bestFrom, bestSpan, inWindow, n, gap, zone));
  }

  private static boolean inWindow(Cycle cycle, int from, int span, int position) {
    int offset = position - from;
    if (cycle.size > 0) {
      offset = Math.floorMod(offset, cycle.size);
    }
    return offset >= 0 && offset < span;
  }

  private static int position(Cycle cycle, Counting counting, ZonedDateTime at) {
    return switch (cycle) {
      case DAY -> at.getHour();
      case WEEK -> at.getDayOfWeek().getValue() - 1;
      case MONTH -> {
        int day = at.getDayOfMonth() - 1;
        int back = day - at.toLocalDate().lengthOfMonth();
        yield switch (counting) {
          case FROM_START -> day;
          case FROM_END -> back;
          case NEAREST -> day <= 15 ? day : back;
        };
      }
    };
  }

  /** The occurrence of the window that {@code at} falls in, if it falls in one. */
  public Optional<Window> windowAt(Instant at) {
    for (Window window : around(at)) {
      if (window.contains(at)) {
        return Optional.of(window);
      }
    }
    return Optional.empty();
  }

  /** When the window next opens after {@code at}. */
  public Instant nextStart(Instant at) {
    Instant next = null;
    for (Window window : around(at)) {
      if (window.start().isAfter(at) && (next == null || window.start().isBefore(next))) {
        next = window.start();
      }
    }
    return next;
  }

  /** The occurrences of the window in the cycles from the one before {@code at} to two after. */
  private List<Window> around(Instant at) {
    LocalDate date = at.atZone(zone).toLocalDate();
    LocalDate cycleStart =
        switch (cycle) {
          case DAY -> date;
          case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
          case MONTH -> date.withDayOfMonth(1);
        };
    List<Window> windows = new ArrayList<>(4);
    for (int k = -1; k <= 2; k++) {
      ZonedDateTime start;
      ZonedDateTime end;
      if (cycle == Cycle.DAY) {
        LocalDate day = cycleStart.plusDays(k);
        start = day.atTime(from, 0).atZone(zone);
        end = day.atTime(from, 0).plusHours(span).atZone(zone);
      } else {
        LocalDate first = cycle == Cycle.WEEK ? cycleStart.plusWeeks(k) : cycleStart.plusMonths(k);
        start = first.plusDays(from).atStartOfDay(zone);
        end = first.plusDays(from + span).atStartOfDay(zone);
      }
      windows.add(new Window(start.toInstant(), end.toInstant()));
    }
    return windows;
  }

  /**
   * The rhythm for people, with the numbers it rests on: {@code usually changes on days 1–6 of the
   * month (5 of its last 6 changes; about every 30d)}.
   */
  public String describe() {
    return "usually changes "
        + when()
        + " ("
        + inWindow
        + " of its last "
        + changes
        + " changes; about every "
        + Durations.format(rounded(typicalGap))
        + ")";
  }

  /** A gap to whole days from two days up, whole hours from two hours up, else minutes. */
  private static Duration rounded(Duration gap) {
    ChronoUnit unit =
        gap.toHours() >= 48
            ? ChronoUnit.DAYS
            : gap.toMinutes() >= 120 ? ChronoUnit.HOURS : ChronoUnit.MINUTES;
    return gap.plus(unit.getDuration().dividedBy(2)).truncatedTo(unit);
  }

  private String when() {
    switch (cycle) {
      case DAY:
        return String.format(
            Locale.ROOT, "between %02d:00 and %02d:00", from, (from + span) % cycle.size);
      case WEEK:
        String first = day(from);
        return span == 1 ? "on " + first : "on " + first + " or " + day(from + 1);
      default:
        if (from >= 0) {
          return span == 1
              ? "on day " + (from + 1) + " of the month"
              : "on days " + (from + 1) + "–" + (from + span) + " of the month";
        }
        int last = from + span - 1;
        if (last == -1) {
          return span == 1
              ? "on the last day of the month"
              : "in the last " + span + " days of the month";
        }
        if (last < 0) {
          return span == 1
              ? days(-from) + " before a month starts"
              : "from " + days(-from) + " to " + days(-last) + " before a month starts";
        }
        return "from " + days(-from) + " before a month starts to day " + (last + 1) + " of it";
    }
  }

  private static String days(int count) {
    return count == 1 ? "1 day" : count + " days";
  }

  private static String day(int position) {
    return DayOfWeek.of(Math.floorMod(position, 7) + 1)
        .getDisplayName(TextStyle.FULL, Locale.ENGLISH);
  }

  @Override
  public String toString() {
    return describe();
  }
}

package dev.flinders.orchestration;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The schedules that are not calendar-based: every run, manual, and fixed intervals. */
final class SimpleSchedules {
  static final Schedule EVERY_RUN =
      new Schedule() {
        @Override
        public Optional<Instant> nextDue(Instant lastCompleted) {
          return Optional.of(lastCompleted);
        }

        @Override
        public boolean isDue(@Nullable Instant lastCompleted, Instant now) {
          return true;
        }

        @Override
        public String description() {
          return "every run";
        }

        @Override
        public String toString() {
          return description();
        }
      };

  static final Schedule MANUAL =
      new Schedule() {
        @Override
        public Optional<Instant> nextDue(Instant lastCompleted) {
          return Optional.empty();
        }

        @Override
        public boolean isDue(@Nullable Instant lastCompleted, Instant now) {
          return false;
        }

        @Override
        public String description() {
          return "manual";
        }

        @Override
        public String toString() {
          return description();
        }
      };

  private SimpleSchedules() {}

  static Schedule every(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "interval must be positive, was " + Durations.format(interval));
    }
    return new Interval(interval);
  }

  private record Interval(Duration interval) implements Schedule {
    @Override
    public Optional<Instant> nextDue(Instant lastCompleted) {
      return Optional.of(lastCompleted.plus(interval));
    }

    @Override
    public String description() {
      return "every " + Durations.format(interval);
    }

    @Override
    public String toString() {
      return description();
    }
  }
}

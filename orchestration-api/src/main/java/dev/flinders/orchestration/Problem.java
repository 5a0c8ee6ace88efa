package dev.flinders.orchestration;

import java.util.Objects;

/**
 * One thing wrong with a definition or a configuration file, and how to fix it.
 *
 * @param where what the problem is about: a component name such as {@code component "gtfs"}, or a
 *     JSON path such as {@code $.components.gtfs.timeout}
 * @param message what is wrong and what to do about it, as one sentence
 */
public record Problem(String where, String message) {
  public Problem {
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return where + ": " + message;
  }
}

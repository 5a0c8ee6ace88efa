package dev.flinders.orchestration.spi;

import java.util.Objects;

/**
 * A counter in a window, e.g. the calls made to an API provider on one day.
 *
 * @param window which window the value counts, e.g. {@code 2026-11-25}
 * @param value the count
 */
public record Counter(String window, long value) {
  public Counter {
    Objects.requireNonNull(window, "window");
  }
}

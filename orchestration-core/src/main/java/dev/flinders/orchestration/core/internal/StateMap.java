package dev.flinders.orchestration.core.internal;

import dev.flinders.orchestration.ComponentState;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** A component's key-value state for one attempt, with the documented size limits. */
final class StateMap implements ComponentState {
  static final int MAX_KEY_LENGTH = 200;
  static final int MAX_TOTAL_CHARS = 64 * 1024;

  private final String component;
  private final TreeMap<String, String> values;
  private int totalChars;

  StateMap(String component, Map<String, String> initial) {
    this.component = component;
    this.values = new TreeMap<>(initial);
    for (Map.Entry<String, String> entry : values.entrySet()) {
      totalChars += entry.getKey().length() + entry.getValue().length();
    }
  }

  @Override
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(Objects.requireNonNull(key, "key")));
  }

  @Override
  public void put(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "state key of component \""
              + component
              + "\" must be 1 to "
              + MAX_KEY_LENGTH
              + " characters, was "
              + key.length());
    }
    String previous = values.get(key);
    int after =
        totalChars
            - (previous == null ? 0 : key.length() + previous.length())
            + key.length()
            + value.length();
    if (after > MAX_TOTAL_CHARS) {
      throw new IllegalArgumentException(
          "state of component \""
              + component
              + "\" would hold "
              + after
              + " characters, over the limit of "
              + MAX_TOTAL_CHARS
              + ": keep cursors and watermarks here, and data in datasets");
    }
    values.put(key, value);
    totalChars = after;
  }

  @Override
  public void remove(String key) {
    String previous = values.remove(Objects.requireNonNull(key, "key"));
    if (previous != null) {
      totalChars -= key.length() + previous.length();
    }
  }

  @Override
  public Map<String, String> asMap() {
    return Map.copyOf(values);
  }
}

package dev.flinders.orchestration.dataset;

import dev.flinders.orchestration.FlindersException;

/** Text that does not convert to its column's type, e.g. {@code "12a"} for an INT column. */
public class ValueConversionException extends FlindersException {
  private static final long serialVersionUID = 1L;

  private final String text;
  private final ColumnType type;

  public ValueConversionException(String text, ColumnType type) {
    super("\"" + abbreviate(text) + "\" is not " + article(type) + " " + type);
    this.text = text;
    this.type = type;
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }

  private static String article(ColumnType type) {
    return type == ColumnType.INT ? "an" : "a";
  }

  /** The text that did not convert. */
  public String text() {
    return text;
  }

  public ColumnType type() {
    return type;
  }
}

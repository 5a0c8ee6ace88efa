package dev.flinders.orchestration.dataset;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The type of a column, the Java type of its values, and how text becomes a value.
 *
 * <p>{@link #parse(String)} converts the text of a CSV field or a CKAN value: surrounding spaces
 * are ignored, and empty text is a missing value (null) for every type but {@link #STRING}, where
 * it stays the empty string. Text that does not convert throws {@link ValueConversionException},
 * which data-quality rules turn into a quarantined row rather than a failed component.
 */
public enum ColumnType {
  /** Text; {@link String}. */
  STRING(String.class),
  /** A 32-bit integer; {@link Integer}. Reads {@code 42}, {@code -7}, {@code +3}. */
  INT(Integer.class),
  /** A 64-bit integer; {@link Long}. */
  LONG(Long.class),
  /**
   * A double-precision number; {@link Double}. Reads {@code 144.9631}, {@code -37.8}, {@code 1e3}.
   */
  DOUBLE(Double.class),
  /**
   * {@link Boolean}. Reads {@code true/false}, {@code t/f}, {@code yes/no}, {@code y/n}, {@code
   * 1/0}.
   */
  BOOLEAN(Boolean.class),
  /** A calendar date; {@link LocalDate}. Reads {@code 2026-11-25} and GTFS's {@code 20261125}. */
  DATE(LocalDate.class),
  /**
   * An instant, stored in microseconds, UTC; {@link Instant}. Reads {@code 2026-11-25T06:00:00Z},
   * {@code 2026-11-25T06:00:00+11:00}, and a time without offset (CKAN's {@code
   * 2026-11-20T06:00:00.123456}) as UTC.
   */
  TIMESTAMP(Instant.class);

  private final Class<?> javaType;

  ColumnType(Class<?> javaType) {
    this.javaType = javaType;
  }

  /** The Java type of this column's values. */
  public Class<?> javaType() {
    return javaType;
  }

  /**
   * Converts text to a value of this type.
   *
   * @return the value, or null for empty text (except {@link #STRING})
   * @throws ValueConversionException naming the text and the type when it does not convert
   */
  public @Nullable Object parse(@Nullable String text) {
    if (text == null) {
      return null;
    }
    if (this == STRING) {
      return text;
    }
    String value = text.strip();
    if (value.isEmpty()) {
      return null;
    }
    try {
      switch (this) {
        case INT:
          return Integer.valueOf(value);
        case LONG:
          return Long.valueOf(value);
        case DOUBLE:
          return Double.valueOf(value);
        case BOOLEAN:
          return parseBoolean(value);
        case DATE:
          return value.length() == 8 && value.chars().allMatch(Character::isDigit)
              ? LocalDate.parse(value, DateTimeFormatter.BASIC_ISO_DATE)
              : LocalDate.parse(value);
        case TIMESTAMP:
          return parseTimestamp(value);
        default:
          throw new AssertionError(this);
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new ValueConversionException(text, this);
    }
  }

  private Boolean parseBoolean(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "t", "yes", "y", "1":
        return Boolean.TRUE;
      case "false", "f", "no", "n", "0":
        return Boolean.FALSE;
      default:
        throw new ValueConversionException(value, this);
    }
  }

  private static Instant parseTimestamp(String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    }
  }

  /** Whether {@code value} may be stored in a column of this type (null is checked elsewhere). */
  public boolean accepts(Object value) {
    return javaType.isInstance(value);
  }
}

package dev.flinders.orchestration.ptv.timetable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.flinders.orchestration.dataset.ColumnType;
import dev.flinders.orchestration.dataset.ValueConversionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One answer of the PTV Timetable API being read: which endpoint and URL (secrets masked) it came
 * from, for messages, and typed reading of its objects' fields. A missing field or a JSON null is
 * null; a value of the wrong type is a {@link PtvResponseException} that names the endpoint, the
 * object, the field and the value. Fields the reader does not ask for are ignored.
 */
record Answer(String endpoint, String url) {
  private static final int QUOTED = 60;

  /** An answer that cannot be used, explained by {@code what}: "answered …". */
  PtvResponseException malformed(String what, @Nullable Throwable cause) {
    return new PtvResponseException(
        url,
        "PTV Timetable API GET "
            + endpoint
            + " answered "
            + what
            + "; nothing from this answer is kept and the next attempt asks again (if it"
            + " persists, PTV changed the shape of its answers: see docs/sources/ptv-timetable.md)"
            + " [GET "
            + url
            + "]",
        cause);
  }

  /** The objects of an array, each known as {@code where[i]}. */
  List<Fields> objects(JsonNode array, String where) {
    List<Fields> objects = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonNode element = array.get(i);
      String at = where + "[" + i + "]";
      if (!element.isObject()) {
        throw malformed(at + " as " + quote(element) + ", not an object", null);
      }
      objects.add(new Fields(element, at));
    }
    return objects;
  }

  /** A value as quoted in messages: a large array or object is only counted, not printed. */
  static String quote(JsonNode value) {
    if (value.isContainerNode() && value.size() > 8) {
      return value.isArray()
          ? "an array of " + value.size() + " elements"
          : "an object of " + value.size() + " fields";
    }
    String text = value.toString();
    return text.length() <= QUOTED ? text : text.substring(0, QUOTED - 1) + "…";
  }

  /** The fields of one object of the answer. */
  final class Fields {
    private final JsonNode node;
    private final String where;

    private Fields(JsonNode node, String where) {
      this.node = node;
      this.where = where;
    }

    String where() {
      return where;
    }

    private @Nullable JsonNode value(String name) {
      JsonNode value = node.get(name);
      return value == null || value.isNull() ? null : value;
    }

    private PtvResponseException wrong(String name, JsonNode value, String expected) {
      return malformed(
          where + " with \"" + name + "\": " + quote(value) + ", not " + expected, null);
    }

    @Nullable String text(String name) {
      JsonNode value = value(name);
      if (value == null) {
        return null;
      }
      if (value.isContainerNode()) {
        throw wrong(name, value, "text");
      }
      return value.asText();
    }

    @Nullable Long longValue(String name) {
      JsonNode value = value(name);
      if (value == null) {
        return null;
      }
      if (value.isIntegralNumber() && value.canConvertToLong()) {
        return value.longValue();
      }
      if (value.isTextual()) {
        String text = value.asText().strip();
        if (text.isEmpty()) {
          return null;
        }
        try {
          return Long.valueOf(text);
        } catch (NumberFormatException e) {
          // falls through to the message
        }
      }
      throw wrong(name, value, "a whole number");
    }

    @Nullable Integer intValue(String name) {
      JsonNode value = value(name);
      Long number = longValue(name);
      if (number == null) {
        return null;
      }
      if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
        throw wrong(name, value == null ? node : value, "a 32-bit whole number");
      }
      return number.intValue();
    }

    @Nullable Double decimal(String name) {
      JsonNode value = value(name);
      if (value == null) {
        return null;
      }
      if (value.isNumber()) {
        return value.doubleValue();
      }
      if (value.isTextual()) {
        String text = value.asText().strip();
        if (text.isEmpty()) {
          return null;
        }
        try {
          double number = Double.parseDouble(text);
          if (Double.isFinite(number)) {
            return number;
          }
        } catch (NumberFormatException e) {
          // falls through to the message
        }
      }
      throw wrong(name, value, "a number");
    }

    @Nullable Boolean bool(String name) {
      JsonNode value = value(name);
      if (value == null) {
        return null;
      }
      if (value.isBoolean()) {
        return value.booleanValue();
      }
      if (value.isTextual()) {
        String text = value.asText().strip();
        if (text.equalsIgnoreCase("true")) {
          return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
          return Boolean.FALSE;
        }
      }
      throw wrong(name, value, "true or false");
    }

    /** An ISO 8601 time; one without an offset is UTC, as PTV's times are. */
    @Nullable Instant instant(String name) {
      JsonNode value = value(name);
      if (value == null) {
        return null;
      }
      if (value.isTextual()) {
        try {
          return (Instant) ColumnType.TIMESTAMP.parse(value.asText());
        } catch (ValueConversionException e) {
          // falls through to the message
        }
      }
      throw wrong(name, value, "an ISO 8601 time such as \"2026-12-02T07:30:00Z\"");
    }

    /** A nested object; an empty one when it is missing or null. */
    Fields object(String name) {
      JsonNode value = value(name);
      if (value == null) {
        return new Fields(MissingNode.getInstance(), where);
      }
      if (!value.isObject()) {
        throw wrong(name, value, "an object");
      }
      return new Fields(value, where + "." + name);
    }

    /** The objects of a nested array; none when it is missing or null. */
    List<Fields> objects(String name) {
      JsonNode value = value(name);
      if (value == null) {
        return List.of();
      }
      if (!value.isArray()) {
        throw wrong(name, value, "an array");
      }
      return Answer.this.objects(value, where + "." + name);
    }
  }
}

package dev.flinders.orchestration.ptv.gtfs;

import java.util.Objects;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * A field of a GTFS table: its name, its type, whether the reference requires it, and for an enum
 * the values it allows (described for the reason of a row that has another). Immutable.
 *
 * @param name the field's name, as in the file's header
 * @param type its type
 * @param required whether every row must have a value (the reference's "Required"; conditionally
 *     required fields are optional here)
 * @param allowed for an enum, the values it allows; null for other types
 * @param allowedText the allowed values for people, e.g. {@code 0 to 4}
 */
public record GtfsField(
    String name,
    GtfsType type,
    boolean required,
    @Nullable IntPredicate allowed,
    @Nullable String allowedText) {

  public GtfsField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if ((type == GtfsType.ENUM) != (allowed != null)) {
      throw new IllegalArgumentException(name + ": an enum, and only an enum, lists its values");
    }
  }

  /** The column of a time field's seconds since noon minus 12 hours: {@code <name>_secs}. */
  public String secondsColumn() {
    return name + "_secs";
  }

  @Override
  public String toString() {
    return name
        + " "
        + type
        + (allowedText == null ? "" : " (" + allowedText + ")")
        + (required ? " required" : "");
  }
}

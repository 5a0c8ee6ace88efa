package dev.flinders.orchestration.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.StateStoreException;
import dev.flinders.orchestration.core.internal.Json;
import dev.flinders.orchestration.spi.ComponentRecord;

/**
 * The JSON form of run and component records that {@link JsonFileStateStore} writes, for other
 * stores that keep records as JSON (e.g. a {@code jsonb} column), so that every store writes and
 * reads the same text with the same rules (ISO-8601 instants and durations, unknown fields
 * ignored). Written compact, on one line. Thread-safe.
 */
public final class RecordJson {
  private static final ObjectWriter WRITER =
      Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);

  private RecordJson() {}

  /** The JSON text of a run. */
  public static String write(RunReport run) {
    return write((Object) run);
  }

  /** The JSON text of a component record. */
  public static String write(ComponentRecord record) {
    return write((Object) record);
  }

  /**
   * Reads a run.
   *
   * @param where the record's place, for the error, e.g. {@code row (p, 20261124T190001.000Z-001)
   *     of table flinders.flinders_runs}
   * @throws StateStoreException naming {@code where} and what is wrong, if the text is not a run
   */
  public static RunReport readRun(String json, String where) {
    return read(json, RunReport.class, where);
  }

  /**
   * Reads a component record.
   *
   * @param where the record's place, for the error
   * @throws StateStoreException naming {@code where} and what is wrong, if the text is not a record
   */
  public static ComponentRecord readComponent(String json, String where) {
    return read(json, ComponentRecord.class, where);
  }

  private static String write(Object record) {
    try {
      return WRITER.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + record + " as JSON: " + e, e);
    }
  }

  private static <T> T read(String json, Class<T> type, String where) {
    T value;
    try {
      value = Json.mapper().readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new StateStoreException(
          "state record "
              + where
              + " is not a valid "
              + type.getSimpleName()
              + " ("
              + e.getOriginalMessage()
              + "); it was not written by this store: restore it from a backup or delete it",
          e);
    }
    if (value == null) {
      throw new StateStoreException(
          "state record "
              + where
              + " holds null, not a "
              + type.getSimpleName()
              + "; it was not written by this store: restore it from a backup or delete it",
          null);
    }
    return value;
  }
}

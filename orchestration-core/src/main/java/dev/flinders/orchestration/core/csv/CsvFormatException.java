package dev.flinders.orchestration.core.csv;

import dev.flinders.orchestration.FlindersException;
import org.jspecify.annotations.Nullable;

/**
 * A CSV source cannot be read as the dataset needs it: it is empty, lacks required columns, repeats
 * a column, or is not valid CSV. The message names the source and, where it applies, the line.
 */
public class CsvFormatException extends FlindersException {
  private static final long serialVersionUID = 1L;

  public CsvFormatException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

package dev.flinders.orchestration;

import org.jspecify.annotations.Nullable;

/** Thrown when a state store cannot read or write its records. The message names the record. */
public class StateStoreException extends FlindersException {
  private static final long serialVersionUID = 1L;

  public StateStoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

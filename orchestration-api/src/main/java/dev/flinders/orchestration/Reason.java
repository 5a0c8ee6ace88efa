package dev.flinders.orchestration;

import java.util.Objects;

/**
 * A decision the engine made about a component, as a code for machines and a sentence for people,
 * for example {@code NOT_DUE} with "not due: daily at 06:00 Australia/Melbourne, last succeeded
 * 2026-11-25T06:00+11:00, next due 2026-11-26T06:00+11:00".
 */
public record Reason(ReasonCode code, String message) {
  public Reason {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return code + ": " + message;
  }
}

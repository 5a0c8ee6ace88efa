package dev.flinders.orchestration.dataset;

import dev.flinders.orchestration.FlindersException;

/**
 * A dataset broke a rule whose action is FAIL, or quarantined more than its limit: it is not
 * committed, and the component fails. Never retried (the same data would fail again).
 */
public class DataQualityException extends FlindersException {
  private static final long serialVersionUID = 1L;

  private final String dataset;

  public DataQualityException(String dataset, String message) {
    super(message);
    this.dataset = dataset;
  }

  public String dataset() {
    return dataset;
  }
}

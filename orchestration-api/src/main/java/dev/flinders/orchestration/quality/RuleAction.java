package dev.flinders.orchestration.quality;

/** What happens to a row, or a dataset, that breaks a rule. */
public enum RuleAction {
  /** The row is kept and the warning counted in the dataset's summary. */
  WARN,
  /**
   * The row goes to the quarantine file instead of the curated one, with the rule's name, the
   * reason and its original values.
   */
  QUARANTINE,
  /** The dataset is not committed and the component fails, naming the rule and the row. */
  FAIL
}

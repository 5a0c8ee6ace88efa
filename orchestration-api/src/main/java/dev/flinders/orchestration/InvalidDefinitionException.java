package dev.flinders.orchestration;

import java.util.List;

/**
 * Thrown when a definition or configuration has one or more problems. All problems found are
 * reported at once, each with the fix, so that one edit-and-retry cycle is enough.
 */
public class InvalidDefinitionException extends FlindersException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InvalidDefinitionException(String summary, List<Problem> problems) {
    super(render(summary, problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems found, in the order they were found; never empty. */
  public List<Problem> problems() {
    return problems;
  }

  private static String render(String summary, List<Problem> problems) {
    StringBuilder text = new StringBuilder(summary);
    text.append(" (")
        .append(problems.size())
        .append(problems.size() == 1 ? " problem):" : " problems):");
    for (Problem problem : problems) {
      text.append("\n  - ").append(problem);
    }
    return text.toString();
  }
}

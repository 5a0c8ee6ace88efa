package dev.flinders.orchestration.core.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flinders.orchestration.ErrorDetail;
import dev.flinders.orchestration.http.HttpException;
import dev.flinders.orchestration.http.HttpStatusException;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failure as the one line a report shows: the type and message, with the root cause when it adds
 * something, in words a reader needs. Jackson's note about the hidden source becomes "(line L,
 * column C)", a cause whose text the message already quotes is not printed again, and a line too
 * long is cut at a word. Pure.
 */
final class ErrorText {
  /** The longest summary; longer ones are cut at the last space before it. */
  static final int MAX_LENGTH = 500;

  /**
   * Jackson's location when its source is not shown, e.g. {@code at [Source: REDACTED
   * (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 2]}.
   */
  private static final Pattern JACKSON_LOCATION =
      Pattern.compile(
          "\\s*(?:at )?\\[Source: REDACTED \\(`StreamReadFeature\\.INCLUDE_SOURCE_IN_LOCATION`"
              + " disabled\\); line: (\\d+), column: (\\d+)]");

  private static final Pattern JACKSON_SOURCE =
      Pattern.compile(
          "\\s*(?:at )?\\[?Source: REDACTED \\(`StreamReadFeature\\.INCLUDE_SOURCE_IN_LOCATION`"
              + " disabled\\)[;\\]]?");

  private ErrorText() {}

  /** The failure as one line: type and message, with the root cause if it says more. */
  static String summarize(Throwable error) {
    return summarize(error, UnaryOperator.identity());
  }

  /**
   * As {@link #summarize(Throwable)}, with {@code mask} applied to each raw message before it is
   * cleaned or cut, so that neither can break a secret out of its mask.
   */
  static String summarize(Throwable error, UnaryOperator<String> mask) {
    String top = line(error, mask);
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String summary = top;
    if (root != error) {
      String rootMessage = message(root, mask);
      if (rootMessage.isEmpty() || !top.contains(rootMessage)) {
        summary = top + " (caused by " + line(root, mask) + ")";
      }
    }
    return cut(summary);
  }

  /**
   * The failure in parts: its type, message and root cause, and from the first {@link
   * HttpException} in its chain the URL, the status and the source's error type; every text passed
   * through {@code mask}.
   */
  static ErrorDetail detail(Throwable error, UnaryOperator<String> mask) {
    Throwable root = error;
    HttpException http = error instanceof HttpException first ? first : null;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      if (http == null && root instanceof HttpException found) {
        http = found;
      }
    }
    return new ErrorDetail(
        error.getClass().getName(),
        cut(message(error, mask)),
        root == error ? null : cut(line(root, mask)),
        http instanceof HttpStatusException status ? status.status() : null,
        http == null ? null : mask.apply(http.url()),
        http == null ? null : http.errorType().map(mask).orElse(null));
  }

  private static String line(Throwable error, UnaryOperator<String> mask) {
    String message = message(error, mask);
    String type =
        error.getClass().getSimpleName().isEmpty()
            ? error.getClass().getName()
            : error.getClass().getSimpleName();
    return message.isEmpty() ? type : type + ": " + message;
  }

  /** The message, masked, on one line, without Jackson's note about its hidden source. */
  private static String message(Throwable error, UnaryOperator<String> mask) {
    String message;
    if (error instanceof JsonProcessingException json) {
      JsonLocation at = json.getLocation();
      message =
          String.valueOf(json.getOriginalMessage())
              + (at == null || at.getLineNr() < 0
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    } else {
      message = error.getMessage() == null ? "" : error.getMessage();
    }
    return clean(mask.apply(message));
  }

  /**
   * Collapses whitespace and turns Jackson's source notes, also quoted from a cause, into words.
   */
  static String clean(String text) {
    Matcher located = JACKSON_LOCATION.matcher(text);
    String cleaned = located.replaceAll(" (line $1, column $2)");
    cleaned = JACKSON_SOURCE.matcher(cleaned).replaceAll("");
    return cleaned.replaceAll("\\s+", " ").trim();
  }

  private static String cut(String summary) {
    if (summary.length() <= MAX_LENGTH) {
      return summary;
    }
    int space = summary.lastIndexOf(' ', MAX_LENGTH - 1);
    int end = space > MAX_LENGTH / 2 ? space : MAX_LENGTH - 1;
    return summary.substring(0, end) + "…";
  }
}

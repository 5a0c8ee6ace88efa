package dev.flinders.orchestration.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinders.orchestration.http.HttpException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ErrorTextTest {
  @Test
  void aCauseThatTheMessageAlreadyQuotes_isNotPrintedAgain() {
    IOException cause = new IOException("java.io.EOFException: unexpected end of stream");
    HttpException failure =
        new HttpException(
            "https://example.org/feed",
            "GET https://example.org/feed failed: java.io.EOFException: unexpected end of stream",
            cause);

    assertThat(ErrorText.summarize(failure))
        .isEqualTo(
            "HttpException: GET https://example.org/feed failed: java.io.EOFException: unexpected"
                + " end of stream");
  }

  @Test
  void aCauseThatSaysMore_isKept() {
    RuntimeException failure =
        new IllegalStateException("cannot read the feed", new IOException("disk full"));

    assertThat(ErrorText.summarize(failure))
        .isEqualTo(
            "IllegalStateException: cannot read the feed (caused by IOException: disk full)");
  }

  @Test
  void jacksonsHiddenSourceNote_becomesALineAndColumn_alsoWhenQuoted() {
    Exception parse = null;
    try {
      new ObjectMapper().readTree("<html>");
    } catch (IOException e) {
      parse = e;
    }
    assertThat(parse).isNotNull();
    RuntimeException wrapped =
        new IllegalStateException("reading failed: " + parse.getMessage(), parse);

    String summary = ErrorText.summarize(wrapped);

    assertThat(summary)
        .doesNotContain("REDACTED")
        .doesNotContain("StreamReadFeature")
        .startsWith("IllegalStateException: reading failed: Unexpected character ('<' (code 60))")
        .matches(".*\\(line 1, column \\d\\)");
    assertThat(ErrorText.summarize(parse))
        .startsWith("JsonParseException: Unexpected character ('<' (code 60))")
        .matches(".*\\(line 1, column \\d\\)");
  }

  @Test
  void aLongMessage_isCutAtAWord() {
    String message = "word ".repeat(150).trim();

    String summary = ErrorText.summarize(new IllegalStateException(message));

    assertThat(summary).hasSizeLessThanOrEqualTo(ErrorText.MAX_LENGTH).endsWith("word…");
  }
}

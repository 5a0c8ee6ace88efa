package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesMainTest {
  @TempDir Path state;

  @Test
  void theSecondRunFindsTheFeedUnchanged_withOneConditionalRequest_andNeverPrintsTheKey()
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      SourcesMain.main(new String[] {state.toString()});
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(StandardCharsets.UTF_8);

    assertThat(printed)
        .contains("routes          SUCCEEDED")
        .contains("first probe: ETag \"feed-v1\"")
        .contains("http: 2 calls (2×200)")
        .contains("routes          UNCHANGED")
        .contains("unchanged: ETag \"feed-v1\" same as on")
        .contains("http: 1 call (1×304)")
        .contains("no upstream brought new data: routes UNCHANGED")
        .contains("quota local-api: 2 calls, 2 of 100 used on")
        .contains("quota local-api: 1 call, 3 of 100 used on")
        .contains("first probes conditional HEAD");
    assertThat(printed).doesNotContain(SourcesMain.KEY);
  }
}

package dev.flinders.orchestration.core;

import dev.flinders.orchestration.core.state.JsonFileStateStore;
import dev.flinders.orchestration.spi.ComponentRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Child process: saves component records {@code c0..c4} of pipeline {@code p} in a loop, the {@code
 * n}th save holding state {@code n=<n>} in component {@code c<n % 5>}, and prints {@code saved <n>}
 * once each save has returned, until it is killed.
 */
public final class JournalWriterMain {
  private JournalWriterMain() {}

  public static void main(String[] args) {
    JsonFileStateStore.Durability durability = JsonFileStateStore.Durability.valueOf(args[1]);
    try (JsonFileStateStore store =
        JsonFileStateStore.open(
            Path.of(args[0]),
            JsonFileStateStore.DEFAULT_HISTORY_LIMIT,
            JsonFileStateStore.DEFAULT_HISTORY_BYTES,
            durability)) {
      for (long n = 1; ; n++) {
        store.saveComponent("p", record("c" + n % 5, n));
        System.out.println("saved " + n);
      }
    }
  }

  static ComponentRecord record(String component, long n) {
    return new ComponentRecord(
        component, null, null, null, Map.of("n", Long.toString(n)), null, null, 0, List.of());
  }
}

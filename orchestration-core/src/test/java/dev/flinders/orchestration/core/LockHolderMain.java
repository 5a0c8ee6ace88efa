package dev.flinders.orchestration.core;

import dev.flinders.orchestration.core.state.JsonFileStateStore;
import dev.flinders.orchestration.spi.PipelineLock;
import java.nio.file.Path;

/** Child process: locks a pipeline in a state directory and holds it until its input closes. */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    try (JsonFileStateStore store = JsonFileStateStore.open(Path.of(args[0]));
        PipelineLock lock =
            store.lock(args[1], "pid " + ProcessHandle.current().pid() + " on the child")) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock until the parent closes our input
      }
    }
  }
}

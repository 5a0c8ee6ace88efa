package dev.flinders.orchestration.core;

import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.Outcome;
import dev.flinders.orchestration.Pipeline;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Child process: starts a run whose second component blocks until the process is killed. */
public final class CrashingRunMain {
  private CrashingRunMain() {}

  static Pipeline pipeline(boolean block) {
    return Pipeline.builder("crashy")
        .component(Component.builder("fast").task(context -> Outcome.records(3)).build())
        .component(
            Component.builder("slow")
                .dependsOn("fast")
                .task(
                    context -> {
                      if (block) {
                        System.out.println("slow started");
                        System.out.flush();
                        new CountDownLatch(1).await();
                      }
                      return Outcome.success();
                    })
                .build())
        .build();
  }

  public static void main(String[] args) {
    try (Orchestrator orchestrator =
        Orchestrator.builder(pipeline(true)).stateDirectory(Path.of(args[0])).build()) {
      orchestrator.runOnce();
    }
  }
}

package dev.flinders.orchestration.parquet;

import java.io.IOException;
import java.nio.file.Path;

/** Starts a test's main class in a JVM of its own, on this JVM's class path, to be killed. */
final class ChildJvm {
  private ChildJvm() {}

  /** Starts {@code main} with {@code args} in a 256 MiB heap, its stderr merged into stdout. */
  static Process start(Class<?> main, String... args) throws IOException {
    String[] command = new String[5 + args.length];
    command[0] = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    command[1] = "-Xmx256m";
    command[2] = "-cp";
    command[3] = System.getProperty("java.class.path");
    command[4] = main.getName();
    System.arraycopy(args, 0, command, 5, args.length);
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }
}

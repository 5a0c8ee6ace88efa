package dev.flinders.orchestration.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A JVM started from the test class path, to test what happens across processes. */
final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final BufferedReader output;

  private ChildProcess(Process process) {
    this.process = process;
    this.output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  static ChildProcess start(Class<?> main, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(java, "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ChildProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  long pid() {
    return process.pid();
  }

  /** Reads the child's output until a line equals {@code expected}; fails with what it printed. */
  void awaitLine(String expected) throws Exception {
    StringBuilder seen = new StringBuilder();
    CompletableFuture<Boolean> found =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                  seen.append(line).append('\n');
                  if (line.equals(expected)) {
                    return true;
                  }
                }
                return false;
              } catch (IOException e) {
                return false;
              }
            });
    if (!found.get(Fixtures.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("child never printed \"" + expected + "\"; it printed:\n" + seen);
    }
  }

  /** Lets the child finish normally by closing its standard input. */
  void release() throws IOException {
    process.getOutputStream().close();
  }

  /** Ends the child at once, as kill -9 would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(Fixtures.PATIENCE.toSeconds(), TimeUnit.SECONDS);
  }

  int waitFor() throws InterruptedException {
    if (!process.waitFor(Fixtures.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("child did not exit");
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

package dev.flinders.orchestration.cli;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.RunReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress of a run for the command line. On a terminal, one line rewritten in place as components
 * start and end ({@code [2/6] running gtfs-schedule (attempt 1, 12.3s), realtime (0.4s)});
 * otherwise a plain line per event, for logs. Thread-safe: events arrive from the run's threads.
 */
final class Progress implements RunListener {
  private final PrintWriter out;
  private final boolean terminal;
  private final Map<String, Long> running = new LinkedHashMap<>();
  private final Map<String, Integer> attempts = new LinkedHashMap<>();
  private int components;
  private int ended;
  private int lineLength;

  Progress(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public synchronized void runStarted(RunReport run) {
    components = run.results().size();
    ended = 0;
    running.clear();
    if (!terminal) {
      out.println("run " + run.runId() + " of " + run.pipeline() + " started");
    }
  }

  @Override
  public synchronized void componentStarted(String runId, String component, int attempt) {
    running.put(component, System.nanoTime());
    attempts.put(component, attempt);
    if (terminal) {
      redraw();
    } else {
      out.println(component + " started" + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
    }
  }

  @Override
  public synchronized void componentFinished(String runId, ComponentResult result) {
    running.remove(result.component());
    ended++;
    String line =
        result.component()
            + " "
            + result.status()
            + (result.attempts() == 0 ? "" : " in " + Durations.formatElapsed(result.duration()))
            + (result.outcome() == null || result.outcome().records() == 0
                ? ""
                : ", " + result.outcome().records() + " records")
            + (result.http() == null ? "" : ", " + result.http());
    if (terminal) {
      clear();
      out.println(line);
      redraw();
    } else {
      out.println(line);
    }
  }

  /** Clears the progress line at the end of a run. */
  synchronized void done() {
    if (terminal) {
      clear();
    }
    out.flush();
  }

  private void redraw() {
    StringBuilder line = new StringBuilder();
    line.append('[').append(ended).append('/').append(components).append("] ");
    if (running.isEmpty()) {
      line.append("waiting");
    } else {
      line.append("running ");
      long now = System.nanoTime();
      boolean first = true;
      for (Map.Entry<String, Long> entry : running.entrySet()) {
        line.append(first ? "" : ", ").append(entry.getKey()).append(" (");
        int attempt = attempts.getOrDefault(entry.getKey(), 1);
        if (attempt > 1) {
          line.append("attempt ").append(attempt).append(", ");
        }
        line.append(Durations.formatElapsed(Duration.ofNanos(now - entry.getValue()))).append(')');
        first = false;
      }
    }
    clear();
    out.print(line);
    out.flush();
    lineLength = line.length();
  }

  private void clear() {
    if (lineLength > 0) {
      out.print('\r' + " ".repeat(lineLength) + '\r');
      lineLength = 0;
    }
  }
}

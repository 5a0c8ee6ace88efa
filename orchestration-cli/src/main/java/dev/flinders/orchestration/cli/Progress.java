package dev.flinders.orchestration.cli;

import dev.flinders.orchestration.ByteSizes;
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

  /** Per component writing: the dataset and its rows so far; when last printed (logs). */
  private final Map<String, String> writes = new LinkedHashMap<>();

  private final Map<String, Long> writtenAt = new LinkedHashMap<>();

  /** Per component downloading: bytes so far, total (-1 unknown), when last printed (logs). */
  private final Map<String, long[]> downloads = new LinkedHashMap<>();

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
  public synchronized void downloading(
      String runId, String component, String url, long bytes, long totalBytes) {
    long now = System.nanoTime();
    long[] download = downloads.computeIfAbsent(component, name -> new long[] {0, -1, 0});
    download[0] = bytes;
    download[1] = totalBytes;
    if (terminal) {
      redraw();
    } else if (now - download[2] >= 5_000_000_000L) {
      download[2] = now;
      out.println(component + " downloading: " + download(component, now));
    }
  }

  /** {@code 45.0 MiB of 120.0 MiB, 3.7 MiB/s, 20s left}, from the component's start. */
  private String download(String component, long now) {
    long[] download = downloads.get(component);
    Long started = running.get(component);
    StringBuilder text = new StringBuilder(ByteSizes.format(download[0]));
    if (download[1] > 0) {
      text.append(" of ").append(ByteSizes.format(download[1]));
    }
    if (started != null && now > started) {
      double perSecond = download[0] / ((now - started) / 1e9);
      text.append(", ").append(ByteSizes.format((long) perSecond)).append("/s");
      if (download[1] > download[0] && perSecond > 0) {
        long left = (long) ((download[1] - download[0]) / perSecond);
        text.append(", ").append(Durations.format(Duration.ofSeconds(left))).append(" left");
      }
    }
    return text.toString();
  }

  @Override
  public synchronized void writing(String runId, String component, String dataset, long rows) {
    writes.put(component, String.format(java.util.Locale.ROOT, "%s %,d rows", dataset, rows));
    long now = System.nanoTime();
    if (terminal) {
      redraw();
    } else if (now - writtenAt.getOrDefault(component, 0L) >= 5_000_000_000L) {
      writtenAt.put(component, now);
      out.println(component + " writing: " + writes.get(component));
    }
  }

  @Override
  public synchronized void componentFinished(String runId, ComponentResult result) {
    running.remove(result.component());
    downloads.remove(result.component());
    writes.remove(result.component());
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
        line.append(Durations.formatElapsed(Duration.ofNanos(now - entry.getValue())));
        if (downloads.containsKey(entry.getKey())) {
          line.append(", ").append(download(entry.getKey(), now));
        }
        if (writes.containsKey(entry.getKey())) {
          line.append(", ").append(writes.get(entry.getKey()));
        }
        line.append(')');
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

package dev.flinders.orchestration.cli;

import dev.flinders.orchestration.ComponentResult;
import dev.flinders.orchestration.ConfigurationException;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.FlindersException;
import dev.flinders.orchestration.PipelineLockedException;
import dev.flinders.orchestration.RunListener;
import dev.flinders.orchestration.RunReport;
import dev.flinders.orchestration.RunStatus;
import dev.flinders.orchestration.core.Orchestrator;
import dev.flinders.orchestration.core.RunPlan;
import dev.flinders.orchestration.core.RunRequest;
import dev.flinders.orchestration.core.report.ReportDirectory;
import dev.flinders.orchestration.core.report.RunReportJson;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line over a pipeline the host supplies: {@code run}, {@code plan}, {@code status},
 * {@code history}, {@code report}, {@code insights} and {@code serve}. The host gives a function
 * that makes the orchestrator's builder, with its pipeline, state and datasets; the command line
 * adds the report directory and the listeners it needs, builds it, and closes it when done.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   System.exit(
 *       FlindersCli.of("victoria", reports -> Orchestrator.builder(pipeline)
 *               .stateDirectory(Path.of("data/state"))
 *               .reports(reports))
 *           .reportsIn(Path.of("data/reports"))
 *           .execute(args));
 * }
 * }</pre>
 *
 * <p>Exit codes: {@value #OK} when the command did what it was asked (a run succeeded), {@value
 * #RUN_FAILED} when a run ended FAILED, TIMED_OUT or CANCELLED (some component did not succeed),
 * {@value #USAGE} for a command line that is not valid (an unknown option, or a component or run
 * the pipeline does not have), {@value #CANNOT_RUN} when the command could not do its work (the
 * pipeline is locked by another process, the configuration file is not valid, the state cannot be
 * read). See docs/cli.md.
 */
public final class FlindersCli {
  /** The command did what it was asked. */
  public static final int OK = 0;

  /** A run ended with components that did not succeed. */
  public static final int RUN_FAILED = 1;

  /** The command line is not valid. */
  public static final int USAGE = 2;

  /** The command could not do its work: see its message. */
  public static final int CANNOT_RUN = 3;

  private final String name;
  private final Function<ReportDirectory, Orchestrator.Builder> orchestrator;
  private ReportDirectory reports = ReportDirectory.at(Path.of("data", "reports"));
  private PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
  private PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
  private boolean terminal = System.console() != null;
  private final CountDownLatch serving = new CountDownLatch(1);

  private FlindersCli(String name, Function<ReportDirectory, Orchestrator.Builder> orchestrator) {
    this.name = name;
    this.orchestrator = orchestrator;
  }

  /**
   * A command line named {@code name} (as in its usage text) over the orchestrators that {@code
   * orchestrator} makes: given the report directory, it returns a builder with the pipeline, state
   * and datasets set, to which the command line adds its listeners.
   */
  public static FlindersCli of(
      String name, Function<ReportDirectory, Orchestrator.Builder> orchestrator) {
    return new FlindersCli(
        Objects.requireNonNull(name, "name"), Objects.requireNonNull(orchestrator, "orchestrator"));
  }

  /** Where reports are written and read; default {@code data/reports}. */
  public FlindersCli reportsIn(Path directory) {
    this.reports = ReportDirectory.at(directory);
    return this;
  }

  /** Where output and errors go; default standard output and error. For tests and embedding. */
  public FlindersCli output(PrintWriter out, PrintWriter err) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    return this;
  }

  /**
   * Whether output goes to a terminal, which gets a live progress line during runs; default:
   * whether the JVM has a console.
   */
  public FlindersCli terminal(boolean terminal) {
    this.terminal = terminal;
    return this;
  }

  /** Runs the command line and returns its exit code. */
  public int execute(String... args) {
    CommandLine line = new CommandLine(new Root());
    line.setCommandName(name);
    line.addSubcommand(new RunCommand());
    line.addSubcommand(new PlanCommand());
    line.addSubcommand(new StatusCommand());
    line.addSubcommand(new HistoryCommand());
    line.addSubcommand(new ReportCommand());
    line.addSubcommand(new InsightsCommand());
    line.addSubcommand(new ServeCommand());
    line.setOut(out);
    line.setErr(err);
    line.setExecutionExceptionHandler(
        (exception, commandLine, parseResult) -> {
          err.println(name + ": " + message(exception));
          // a name or value the command line gave that the pipeline does not know: a usage error
          boolean usage =
              exception instanceof IllegalArgumentException
                  && !(exception instanceof FlindersException);
          return usage ? USAGE : CANNOT_RUN;
        });
    int code = line.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String message(Exception exception) {
    if (exception instanceof PipelineLockedException
        || exception instanceof ConfigurationException
        || exception instanceof FlindersException
        || exception instanceof IllegalArgumentException
        || exception instanceof IllegalStateException) {
      return exception.getMessage();
    }
    return exception.toString();
  }

  private Orchestrator open(RunListener... listeners) {
    Orchestrator.Builder builder = orchestrator.apply(reports);
    for (RunListener listener : listeners) {
      builder.listener(listener);
    }
    return builder.build();
  }

  /** Stops a {@code serve} command in progress, as Ctrl-C does; for tests and embedding. */
  public void stopServing() {
    serving.countDown();
  }

  @Command(
      mixinStandardHelpOptions = true,
      description = "Runs and inspects the pipeline: what runs, what ran, and why.",
      subcommandsRepeatable = false)
  private final class Root implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(out);
      return USAGE;
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = "Runs what is due now (or what --force and --only say), and prints the report.")
  private final class RunCommand implements Callable<Integer> {
    @Option(
        names = "--force",
        description = "Run these components whatever their schedule (all if none is named).",
        arity = "0..*",
        split = ",")
    @Nullable List<String> force;

    @Option(
        names = "--only",
        description = "Run only these components (and nothing else).",
        split = ",")
    List<String> only = new ArrayList<>();

    @Option(names = "--dry-run", description = "Say what would run, and why; run nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      RunRequest.Builder request = RunRequest.builder();
      if (force != null) {
        if (force.isEmpty()) {
          request.forceAll();
        } else {
          request.force(force.toArray(new String[0]));
        }
      }
      if (!only.isEmpty()) {
        request.select(only.toArray(new String[0]));
      }
      if (dryRun) {
        request.dryRun();
      }
      Progress progress = new Progress(out, terminal);
      try (Orchestrator orchestrator = dryRun ? open() : open(progress)) {
        RunReport report = orchestrator.run(request.build());
        progress.done();
        out.print(report.toText());
        if (!report.dryRun()) {
          out.println("report: " + reports.html(report.runId()).toAbsolutePath());
        }
        return report.status() == RunStatus.SUCCEEDED ? OK : RUN_FAILED;
      }
    }
  }

  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      description = "Says what a run now would do, and why, without running anything.")
  private final class PlanCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      try (Orchestrator orchestrator = open()) {
        out.print(orchestrator.plan().toText());
        return OK;
      }
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Each component's last outcome, and what it would do next and why.")
  private final class StatusCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      try (Orchestrator orchestrator = open()) {
        RunPlan plan = orchestrator.plan();
        Map<String, Map.Entry<RunReport, ComponentResult>> last =
            StatusPage.lastOutcomes(orchestrator.history(StatusPage.HISTORY));
        int width = "COMPONENT".length();
        for (RunPlan.Step step : plan.steps()) {
          width = Math.max(width, step.component().length());
        }
        String row = "%-" + width + "s  %-9s  %-25s  %s%n";
        out.printf(Locale.ROOT, row, "COMPONENT", "LAST", "AT", "NEXT");
        for (RunPlan.Step step : plan.steps()) {
          Map.Entry<RunReport, ComponentResult> outcome = last.get(step.component());
          String status = outcome == null ? "-" : outcome.getValue().status().name();
          String at =
              outcome == null
                  ? "never ran"
                  : StatusPage.time(outcome.getKey().startedAt(), plan.zone());
          String next =
              (step.action() == RunPlan.Action.RUN ? "runs now: " : "")
                  + step.reason()
                  + (step.usualChange() == null ? "" : "; it " + step.usualChange());
          out.printf(Locale.ROOT, row, step.component(), status, at, next);
        }
        return OK;
      }
    }
  }

  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description = "The runs of the history, newest first, or one component's results in them.")
  private final class HistoryCommand implements Callable<Integer> {
    @Option(names = "--component", description = "Show this component's result in each run.")
    @Nullable String component;

    @Option(
        names = "--status",
        description = "Only runs (or, with --component, results) with this status.")
    @Nullable String status;

    @Option(names = "--limit", description = "How many runs to read (default ${DEFAULT-VALUE}).")
    int limit = 20;

    @Override
    public Integer call() {
      if (limit < 1) {
        throw new IllegalArgumentException("--limit must be at least 1, was " + limit);
      }
      try (Orchestrator orchestrator = open()) {
        if (component != null && orchestrator.pipeline().component(component).isEmpty()) {
          throw new IllegalArgumentException(
              "no component named \""
                  + component
                  + "\" in pipeline \""
                  + orchestrator.pipeline().name()
                  + "\"");
        }
        for (RunReport run : orchestrator.history(limit)) {
          String started = StatusPage.time(run.startedAt(), run.zone());
          if (component == null) {
            if (status == null || run.status().name().equalsIgnoreCase(status)) {
              out.printf(
                  Locale.ROOT,
                  "%s  %-9s  %s  %s  %s%n",
                  run.runId(),
                  run.status(),
                  started,
                  run.endedAt() == null ? "-" : Durations.formatElapsed(run.duration()),
                  run.counts());
            }
            continue;
          }
          run.result(component)
              .filter(result -> status == null || result.status().name().equalsIgnoreCase(status))
              .ifPresent(
                  result ->
                      out.printf(
                          Locale.ROOT,
                          "%s  %-9s  %s  %s%n",
                          run.runId(),
                          result.status(),
                          result.attempts() == 0 ? "-" : Durations.formatElapsed(result.duration()),
                          result.reason()));
        }
        return OK;
      }
    }
  }

  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = "Writes a run's HTML and JSON reports (the latest run's if none is named).")
  private final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "RUN_ID", description = "The run; default the latest.")
    @Nullable String runId;

    @Option(names = "--json", description = "Print the JSON report instead of its path.")
    boolean json;

    @Override
    public Integer call() {
      try (Orchestrator orchestrator = open()) {
        // the newest run, or the one asked for, read alone
        java.util.Optional<RunReport> found =
            runId == null
                ? orchestrator.history(1).stream().findFirst()
                : orchestrator.stateStore().run(orchestrator.pipeline().name(), runId);
        RunReport run =
            found.orElseThrow(
                () ->
                    new IllegalArgumentException(
                        runId == null
                            ? "the history has no runs yet: run the pipeline first"
                            : "no run "
                                + runId
                                + " in the history; `history` lists the runs kept"));
        Path page = reports.write(run, orchestrator.pipeline(), orchestrator.insights());
        if (json) {
          out.println(RunReportJson.toJson(run));
        } else {
          out.println(page.toAbsolutePath());
        }
        return OK;
      }
    }
  }

  @Command(
      name = "insights",
      mixinStandardHelpOptions = true,
      description = "What the history says: slow components, trends, waits, quiet sources.")
  private final class InsightsCommand implements Callable<Integer> {
    @Option(names = "--runs", description = "How many runs to read (default ${DEFAULT-VALUE}).")
    int runs = 20;

    @Override
    public Integer call() {
      try (Orchestrator orchestrator = open()) {
        out.print(orchestrator.insights(runs).toText());
        return OK;
      }
    }
  }

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description =
          "Serves the status page and the reports on a local port; with --every, also runs what"
              + " is due on that interval. Stops on Ctrl-C.")
  private final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", description = "The port (default ${DEFAULT-VALUE}; 0 for any).")
    int port = 8080;

    @Option(
        names = "--every",
        description = "Run what is due on this interval, e.g. 1m (default: serve only).")
    @Nullable String every;

    @Override
    public Integer call() throws Exception {
      Duration interval = every == null ? null : Durations.parse(every);
      LiveStatus live = new LiveStatus();
      try (Orchestrator orchestrator = open(live);
          StatusServer server =
              StatusServer.start(port, new StatusPage(orchestrator, live, reports), reports)) {
        if (interval != null) {
          orchestrator.start(interval);
        }
        out.println(
            "serving the status of "
                + orchestrator.pipeline().name()
                + " at "
                + server.uri()
                + (interval == null ? "" : ", running what is due every " + every)
                + "; Ctrl-C stops");
        out.flush();
        Thread hook = new Thread(FlindersCli.this::stopServing, "flinders-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
          serving.await();
        } finally {
          try {
            Runtime.getRuntime().removeShutdownHook(hook);
          } catch (IllegalStateException shuttingDown) {
            // the JVM is stopping: the hook is what released us
          }
        }
        return OK;
      }
    }
  }
}

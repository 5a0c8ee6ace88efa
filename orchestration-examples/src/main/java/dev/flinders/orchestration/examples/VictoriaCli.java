package dev.flinders.orchestration.examples;

import dev.flinders.orchestration.cli.FlindersCli;
import dev.flinders.orchestration.examples.victoria.Endpoints;
import dev.flinders.orchestration.examples.victoria.LocalVictoria;
import dev.flinders.orchestration.examples.victoria.VictorianPipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Map;

/**
 * The command line ({@link FlindersCli}) over the Victorian transport pipeline: {@code run}, {@code
 * plan}, {@code status}, {@code history}, {@code report}, {@code insights}, {@code serve}. Offline
 * by default, against the in-process stand-ins ({@link LocalVictoria}, running for as long as the
 * command does); {@code --live} uses the real services with the keys in the environment. The state,
 * datasets and reports go to {@code --data} (default {@code data/victoria}).
 *
 * <pre>
 * mvn -q -B -DskipTests package exec:java -pl orchestration-examples -am \
 *     -Dexec.mainClass=dev.flinders.orchestration.examples.VictoriaCli -Dexec.args="run"
 * ... -Dexec.args="status"      ... -Dexec.args="serve --port 8080 --every 1m"
 * ... -Dexec.args="--live --data /srv/victoria run"
 * </pre>
 *
 * See docs/cli.md.
 */
public final class VictoriaCli {
  private VictoriaCli() {}

  public static void main(String[] args) throws IOException {
    System.exit(
        run(
            args,
            System.getenv(),
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8),
            System.console() != null));
  }

  /**
   * Runs the command line: {@code [--live] [--data DIR] COMMAND ...}.
   *
   * @return its exit code (see {@link FlindersCli})
   */
  static int run(
      String[] args,
      Map<String, String> environment,
      PrintWriter out,
      PrintWriter err,
      boolean terminal)
      throws IOException {
    boolean live = false;
    Path data = Path.of("data", "victoria");
    int first = 0;
    while (first < args.length && args[first].startsWith("--")) {
      if (args[first].equals("--live")) {
        live = true;
        first++;
      } else if (args[first].equals("--data") && first + 1 < args.length) {
        data = Path.of(args[first + 1]);
        first += 2;
      } else {
        break; // the command's own options, or --help
      }
    }
    String[] command = Arrays.copyOfRange(args, first, args.length);
    if (live) {
      return cli(
              VictorianPipeline.builder(Endpoints.live(environment)).environment(environment),
              data,
              out,
              err,
              terminal)
          .execute(command);
    }
    try (LocalVictoria local = LocalVictoria.start(InstantSource.system())) {
      err.println(
          "offline: the Victorian sources are served by local stand-ins (--live: the real ones)");
      return cli(
              VictorianPipeline.builder(local.endpoints()).environment(environment),
              data,
              out,
              err,
              terminal)
          .execute(command);
    }
  }

  private static FlindersCli cli(
      VictorianPipeline.Builder pipeline,
      Path data,
      PrintWriter out,
      PrintWriter err,
      boolean terminal) {
    VictorianPipeline victoria = pipeline.data(data).build();
    victoria
        .disabled()
        .forEach((component, why) -> err.println("disabled " + component + ": " + why));
    return FlindersCli.of("victoria", reports -> victoria.orchestrator().reports(reports))
        .reportsIn(victoria.reports().directory())
        .output(out, err)
        .terminal(terminal);
  }
}

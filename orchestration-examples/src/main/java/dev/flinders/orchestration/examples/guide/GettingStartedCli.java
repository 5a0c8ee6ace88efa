package dev.flinders.orchestration.examples.guide;

import dev.flinders.orchestration.cli.FlindersCli;
import java.nio.file.Path;

/**
 * The command line of docs/getting-started.md over {@link GettingStarted}'s pipeline: {@code run},
 * {@code plan}, {@code status}, {@code history}, {@code report}, {@code insights} and {@code serve}
 * (see docs/cli.md), with its state, datasets and reports under {@code data/}.
 *
 * <p>Run it with {@code mvn -q -B -DskipTests package exec:java -pl orchestration-examples -am
 * -Dexec.mainClass=dev.flinders.orchestration.examples.guide.GettingStartedCli -Dexec.args=plan}.
 */
public final class GettingStartedCli {
  private GettingStartedCli() {}

  // docs: begin
  public static void main(String[] args) {
    System.exit(commandLine(Path.of("data")).execute(args));
  }

  static FlindersCli commandLine(Path data) {
    return FlindersCli.of(
            "getting-started", reports -> GettingStarted.orchestrator(data).reports(reports))
        .reportsIn(data.resolve("reports"));
  }
  // docs: end
}

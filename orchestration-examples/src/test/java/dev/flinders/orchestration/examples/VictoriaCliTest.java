package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinders.orchestration.cli.FlindersCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line over the Victorian pipeline, offline against the stand-ins. */
class VictoriaCliTest {
  @TempDir Path data;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... command) throws Exception {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    String[] args = new String[command.length + 2];
    args[0] = "--data";
    args[1] = data.toString();
    System.arraycopy(command, 0, args, 2, command.length);
    return VictoriaCli.run(
        args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), false);
  }

  @Test
  void theWholePipeline_runsFromTheCommandLine_andReportsItsStatus() throws Exception {
    assertThat(run("plan")).isEqualTo(FlindersCli.OK);
    assertThat(out.toString()).startsWith("Plan for victorian-transport").contains("gtfs-schedule");

    assertThat(run("run")).as(out + "\n" + err).isEqualTo(FlindersCli.OK);
    assertThat(out.toString())
        .contains("gtfs-schedule SUCCEEDED")
        .contains("ptv-disruptions SUCCEEDED")
        .contains("patronage-monthly SUCCEEDED");
    assertThat(data.resolve("reports/latest.html")).exists();
    assertThat(Files.readString(data.resolve("reports/latest.html")))
        .contains("id=\"component-gtfs-schedule\" data-status=\"SUCCEEDED\"");

    assertThat(run("status")).isEqualTo(FlindersCli.OK);
    assertThat(out.toString()).containsPattern("gtfs-schedule\\s+SUCCEEDED");

    assertThat(run("--bogus")).isEqualTo(FlindersCli.USAGE);
  }
}

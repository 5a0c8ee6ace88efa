package dev.flinders.orchestration.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo command runs the root pom's {@code exec.mainClass} on this module's run-time
 * class path, which the tests' class path hides: a library declared here for the tests only once
 * left OkHttp off it, and the demo failed while every test passed. This runs that class in a child
 * JVM on that class path ({@code target/runtime-class-path.txt}, written by the build).
 */
class ReadmeDemoTest {
  @TempDir Path data;

  @Test
  void theReadmesDemo_runsOnTheProgramsClassPath() throws Exception {
    Path root = Path.of("..");
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    assertThat(readme)
        .contains("mvn -q -B -DskipTests package exec:java -pl orchestration-examples -am\n");
    Matcher main =
        Pattern.compile("<exec.mainClass>([\\w.]+)</exec.mainClass>")
            .matcher(Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8));
    assertThat(main.find()).as("the root pom names the demo's main class").isTrue();
    assertThat(main.group(1)).isEqualTo(VictorianPipelineMain.class.getName());
    String classPath =
        Path.of("target", "classes")
            + File.pathSeparator
            + Files.readString(Path.of("target", "runtime-class-path.txt"), StandardCharsets.UTF_8)
                .trim();
    Path output = data.resolve("output.txt");

    Process demo =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                main.group(1),
                data.resolve("demo").toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean ended = demo.waitFor(2, TimeUnit.MINUTES);
    if (!ended) {
      demo.destroyForcibly();
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);

    assertThat(ended).as("the demo ended; it printed:%n%s", printed).isTrue();
    assertThat(demo.exitValue()).as("exit value; it printed:%n%s", printed).isZero();
    assertThat(printed).contains("The last run's report: ", "requests to the stand-ins");
    assertThat(List.of(printed.split("\n"))).noneMatch(line -> line.contains("Exception"));
  }
}

package dev.flinders.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flinders.orchestration.change.AdaptivePolling;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineValidationTest {
  private static final Task NOOP = context -> Outcome.success();

  private static Component.Builder component(String name) {
    return Component.builder(name).task(NOOP);
  }

  @Test
  void build_reportsEveryProblemInOneException_eachWithItsFix() {
    // given a pipeline with one of every kind of problem
    Pipeline.Builder builder =
        Pipeline.builder("transport")
            .component(component("gtfs").build())
            .component(component("gtfs").build())
            .component(component(" ").build())
            .component(component("bad name!").build())
            .component(Component.builder("no-task").build())
            .component(component("slow").timeout(Duration.ZERO).build())
            .component(component("patronage").dependsOn("gtfs-schedul").build())
            .component(component("selfish").dependsOn("selfish").build())
            .component(component("a").dependsOn("c").build())
            .component(component("b").dependsOn("a").build())
            .component(component("c").dependsOn("b").build())
            .component(component("lonely").trigger(TriggerRule.ANY_CHANGED).build())
            .component(
                component("eager")
                    .adaptivePolling(
                        AdaptivePolling.after(3, Duration.ofHours(1), Duration.ofHours(4)))
                    .build())
            .timeout(Duration.ofMinutes(-1));

    // when
    PipelineValidationException e =
        catchThrowableOfType(PipelineValidationException.class, builder::build);

    // then
    assertThat(e.pipeline()).isEqualTo("transport");
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "pipeline \"transport\": run timeout must be positive, was -1m: set"
                + " timeout(Duration.ofMinutes(120)) or leave the default (120m)",
            "component \"gtfs\": the name is declared 2 times: give each component its own name or"
                + " remove the copies",
            "component \" \": component name is blank: give it a name such as \"gtfs-schedule\"",
            "component \"bad name!\": component name \"bad name!\" is not valid: use up to 100"
                + " letters, digits, '.', '_' or '-', starting with a letter or digit",
            "component \"no-task\": it has no task: call task(context -> ...) on its builder",
            "component \"slow\": timeout must be positive, was 0s: set e.g."
                + " timeout(Duration.ofMinutes(5)) or leave the default (30m)",
            "component \"patronage\": unknown dependency \"gtfs-schedul\" of \"patronage\": declare"
                + " a component named \"gtfs-schedul\" or remove it from dependsOn",
            "component \"selfish\": it depends on itself: remove \"selfish\" from its dependsOn",
            "component \"lonely\": trigger ANY_CHANGED waits for a changed upstream but it has no"
                + " dependencies, so it would never run: add dependsOn(...) or use the default"
                + " trigger",
            "component \"eager\": adaptive polling backs off while a change detector finds the"
                + " source unchanged, but it has none: add changeDetector(...) or remove"
                + " adaptivePolling(...)",
            "component \"a\": dependency cycle a -> c -> b -> a (each depends on the next): remove"
                + " one of these dependencies");
    assertThat(e.getMessage())
        .startsWith("pipeline \"transport\" is not valid (11 problems):\n  - ");
  }

  @Test
  void unknownDependency_suggestsTheClosestName() {
    assertThatThrownBy(
            () ->
                Pipeline.builder("p")
                    .component(component("gtfs-schedule").build())
                    .component(component("patronage").dependsOn("gtfs-schedul").build())
                    .build())
        .hasMessageContaining(
            "unknown dependency \"gtfs-schedul\" of \"patronage\": declare a component named"
                + " \"gtfs-schedul\" or remove it from dependsOn (did you mean \"gtfs-schedule\"?)");
  }

  @Test
  void emptyPipelineAndBlankPipelineName_areReported() {
    assertThatThrownBy(() -> Pipeline.builder("").build())
        .isInstanceOf(PipelineValidationException.class)
        .hasMessageContaining("pipeline \"\": pipeline name is blank")
        .hasMessageContaining("it has no components: add at least one with component(...)");
  }

  @Test
  void executionOrder_putsUpstreamsFirst_andBreaksTiesByDeclarationOrder() {
    Pipeline pipeline =
        Pipeline.builder("p")
            .component(component("report").dependsOn("trains", "trams").build())
            .component(component("trams").dependsOn("stops").build())
            .component(component("trains").dependsOn("stops").build())
            .component(component("stops").build())
            .component(component("alerts").build())
            .build();

    assertThat(pipeline.executionOrder())
        .extracting(Component::name)
        .containsExactly("stops", "trams", "trains", "report", "alerts");
    assertThat(pipeline.components()).extracting(Component::name).startsWith("report");
  }

  @Test
  void settersRejectValuesThatCanNeverBeRight_atOnce() {
    assertThatThrownBy(() -> Pipeline.builder("p").parallelism(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parallelism must be at least 1, was 0");
    assertThatThrownBy(() -> Component.builder("c").task(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("task");
  }

  @Test
  void toBuilder_derivesAChangedCopy_leavingTheOriginalAlone() {
    Component original = component("gtfs").dependsOn("a").timeout(Duration.ofMinutes(5)).build();
    Component changed = original.toBuilder().withoutDependencies().enabled(false).build();

    assertThat(original.dependsOn()).containsExactly("a");
    assertThat(original.enabled()).isTrue();
    assertThat(changed.dependsOn()).isEmpty();
    assertThat(changed.enabled()).isFalse();
    assertThat(changed.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(changed.toString())
        .isEqualTo("Component{gtfs, schedule=every run, timeout=5m, disabled}");
  }

  @Test
  void pipelineLookups() {
    Pipeline pipeline = Pipeline.builder("p").component(component("a").build()).build();
    assertThat(pipeline.component("a")).isPresent();
    assertThat(pipeline.component("b")).isEmpty();
    assertThat(pipeline.toBuilder().parallelism(2).build().parallelism()).isEqualTo(2);
    assertThat(pipeline.timeout()).isEqualTo(Pipeline.DEFAULT_TIMEOUT);
    assertThat(List.of(pipeline.toString())).containsExactly("Pipeline{p, 1 components}");
  }
}

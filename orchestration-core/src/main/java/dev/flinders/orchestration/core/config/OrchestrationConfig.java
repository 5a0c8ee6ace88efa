package dev.flinders.orchestration.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ConfigurationException;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.PipelineValidationException;
import dev.flinders.orchestration.Problem;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code orchestration.json} file: settings that overlay a pipeline defined in code, by
 * component name, so operators can change schedules, timeouts, retries, dependencies, enable or
 * disable components and force runs without a rebuild. See docs/configuration.md.
 *
 * <pre>{@code
 * {
 *   "zone": "Australia/Melbourne",
 *   "pipeline": { "timeout": "2h", "parallelism": 4 },
 *   "components": {
 *     "gtfs-schedule": { "schedule": "weekly on Monday at 05:00", "timeout": "30m" },
 *     "patronage-monthly": { "enabled": false }
 *   }
 * }
 * }</pre>
 *
 * <p>Applying a file checks all of it first and reports every problem in one {@link
 * ConfigurationException}, each with its JSON path. Immutable and thread-safe.
 */
public final class OrchestrationConfig {
  private static final ObjectMapper READER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final List<String> ROOT_KEYS = List.of("zone", "pipeline", "components");
  private static final List<String> PIPELINE_KEYS = List.of("timeout", "parallelism");
  private static final List<String> COMPONENT_KEYS =
      List.of("enabled", "schedule", "timeout", "retry", "dependsOn", "force", "check");
  private static final List<String> RETRY_KEYS =
      List.of("maxAttempts", "initialDelay", "maxDelay", "multiplier", "jitter");

  private final String source;
  private final JsonNode root;

  private OrchestrationConfig(String source, JsonNode root) {
    this.source = source;
    this.root = root;
  }

  /**
   * Reads a configuration file.
   *
   * @throws ConfigurationException if it cannot be read or is not JSON (with line and column)
   */
  public static OrchestrationConfig read(Path file) {
    String text;
    try {
      text = utf8(Files.readAllBytes(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new ConfigurationException(
          file.toString(),
          List.of(
              new Problem(
                  "$", "the file does not exist: create it or remove the config(...) setting")));
    } catch (IOException e) {
      throw new ConfigurationException(
          file.toString(), List.of(new Problem("$", "cannot read the file: " + e)));
    }
    return parse(text, file.toString());
  }

  /** The bytes as UTF-8 text, or a problem naming the line and byte where they are not. */
  private static String utf8(byte[] bytes, String source) {
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
    java.nio.charset.CoderResult result =
        java.nio.charset.StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
            .decode(in, out, true);
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      for (int i = 0; i < offset; i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      throw new ConfigurationException(
          source,
          List.of(
              new Problem(
                  "$",
                  String.format(
                      java.util.Locale.ROOT,
                      "the file is not UTF-8 text: byte 0x%02X at offset %d (line %d) is not valid"
                          + " UTF-8; save it as UTF-8",
                      bytes[offset] & 0xff,
                      offset,
                      line))));
    }
    out.flip();
    return out.toString();
  }

  /**
   * Reads configuration from JSON text; {@code source} names it in error messages.
   *
   * @throws ConfigurationException if the text is not JSON (with line and column)
   */
  public static OrchestrationConfig parse(String json, String source) {
    // a byte order mark, as some Windows editors write, is not JSON but means nothing here
    String text = json.startsWith("\uFEFF") ? json.substring(1) : json;
    try {
      JsonNode root = READER.readTree(text);
      if (root == null || root.isMissingNode()) {
        throw new ConfigurationException(
            source, List.of(new Problem("$", "the file is empty: write {} for no settings")));
      }
      return new OrchestrationConfig(source, root);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      String original = String.valueOf(e.getOriginalMessage());
      String problem =
          original.startsWith("Trailing token")
              ? "text after the end of the JSON object" + where + ": the file holds one object"
              : "not valid JSON" + where + ": " + original;
      throw new ConfigurationException(source, List.of(new Problem("$", problem)));
    }
  }

  /** Where the configuration came from. */
  public String source() {
    return source;
  }

  /**
   * A pipeline with this configuration applied, the components it forces to run, those it checks at
   * every run (they probe and run only if their source changed, whatever their schedule), and what
   * it set, for plans and reports to say which settings came from the file.
   *
   * @param settings one line per part of the pipeline the file changes, with the settings as
   *     written, e.g. {@code orchestration.json sets "gtfs": schedule "weekly on Monday at 05:00",
   *     timeout "30m"}
   * @param zone the file's {@code zone}, if it names one
   */
  public record Applied(
      Pipeline pipeline,
      Set<String> forced,
      Set<String> checked,
      List<String> settings,
      Optional<ZoneId> zone) {
    public Applied {
      forced = Set.copyOf(forced);
      checked = Set.copyOf(checked);
      settings = List.copyOf(settings);
    }

    /** The pipeline as coded, with no file applied. */
    public static Applied none(Pipeline pipeline) {
      return new Applied(pipeline, Set.of(), Set.of(), List.of(), Optional.empty());
    }
  }

  /**
   * Applies this configuration to {@code pipeline}.
   *
   * @throws ConfigurationException listing every problem with its JSON path: unknown keys or
   *     components, values of the wrong type or out of range, unreadable schedules or durations,
   *     and problems of the resulting pipeline such as a dependency cycle
   */
  public Applied applyTo(Pipeline pipeline) {
    List<Problem> problems = new ArrayList<>();
    if (!root.isObject()) {
      throw new ConfigurationException(
          source, List.of(new Problem("$", "must be a JSON object, was " + kind(root))));
    }
    unknownKeys(root, "$", ROOT_KEYS, problems);
    ZoneId zone = ZoneId.systemDefault();
    JsonNode zoneNode = root.get("zone");
    if (zoneNode != null) {
      String text = text(zoneNode, "$.zone", problems);
      if (text != null) {
        try {
          zone = ZoneId.of(text);
        } catch (DateTimeException e) {
          problems.add(
              new Problem(
                  "$.zone",
                  "unknown time zone \"" + text + "\": use a region such as Australia/Melbourne"));
        }
      }
    }
    List<Consumer<Pipeline.Builder>> pipelineChanges = new ArrayList<>();
    JsonNode pipelineNode = root.get("pipeline");
    if (pipelineNode != null) {
      pipelineSettings(pipelineNode, pipelineChanges, problems);
    }
    Map<String, Component> components = new LinkedHashMap<>();
    pipeline.components().forEach(component -> components.put(component.name(), component));
    Set<String> forced = new LinkedHashSet<>();
    Set<String> checked = new LinkedHashSet<>();
    JsonNode componentsNode = root.get("components");
    if (componentsNode != null) {
      if (!componentsNode.isObject()) {
        problems.add(
            new Problem(
                "$.components",
                "must be an object keyed by component name, was " + kind(componentsNode)));
      } else {
        for (Map.Entry<String, JsonNode> entry : componentsNode.properties()) {
          String path = "$.components" + key(entry.getKey());
          Component component = components.get(entry.getKey());
          if (component == null) {
            problems.add(
                new Problem(
                    path,
                    "no component named \""
                        + entry.getKey()
                        + "\" in pipeline \""
                        + pipeline.name()
                        + "\"; its components are "
                        + String.join(", ", components.keySet())));
            continue;
          }
          Component changed =
              componentSettings(component, entry.getValue(), path, zone, forced, checked, problems);
          components.put(component.name(), changed);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(source, problems);
    }
    Pipeline.Builder rebuilt =
        Pipeline.builder(pipeline.name())
            .timeout(pipeline.timeout())
            .parallelism(pipeline.parallelism());
    pipelineChanges.forEach(change -> change.accept(rebuilt));
    rebuilt.components(components.values());
    try {
      return new Applied(
          rebuilt.build(),
          forced,
          checked,
          settings(),
          zoneNode == null ? Optional.empty() : Optional.of(zone));
    } catch (PipelineValidationException e) {
      List<Problem> after = new ArrayList<>();
      for (Problem problem : e.problems()) {
        after.add(new Problem("$.components", "after applying this file, " + problem));
      }
      throw new ConfigurationException(source, after);
    }
  }

  /** What the file sets, one line per part it changes, the settings as written. */
  private List<String> settings() {
    List<String> lines = new ArrayList<>();
    JsonNode zone = root.get("zone");
    JsonNode pipeline = root.get("pipeline");
    if (pipeline != null && pipeline.size() > 0) {
      lines.add(source + " sets the pipeline: " + written(pipeline));
    }
    JsonNode components = root.get("components");
    if (components != null) {
      for (Map.Entry<String, JsonNode> entry : components.properties()) {
        if (entry.getValue().size() == 0) {
          continue;
        }
        String line = source + " sets \"" + entry.getKey() + "\": " + written(entry.getValue());
        if (zone != null && entry.getValue().has("schedule")) {
          line += " (zone " + zone + ")";
        }
        lines.add(line);
      }
    }
    return lines;
  }

  /** An object's settings as written: {@code schedule "daily at 06:00", timeout "30m"}. */
  private static String written(JsonNode settings) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : settings.properties()) {
      String part = field.getKey() + " " + field.getValue();
      if (field.getKey().equals("force") && field.getValue().asBoolean()) {
        part += " (on every run until it is removed)";
      }
      parts.add(part);
    }
    return String.join(", ", parts);
  }

  private static void pipelineSettings(
      JsonNode node, List<Consumer<Pipeline.Builder>> changes, List<Problem> problems) {
    if (!node.isObject()) {
      problems.add(new Problem("$.pipeline", "must be an object, was " + kind(node)));
      return;
    }
    unknownKeys(node, "$.pipeline", PIPELINE_KEYS, problems);
    if (node.has("timeout")) {
      Duration timeout = positiveDuration(node.get("timeout"), "$.pipeline.timeout", problems);
      if (timeout != null) {
        changes.add(builder -> builder.timeout(timeout));
      }
    }
    if (node.has("parallelism")) {
      Integer parallelism = integer(node.get("parallelism"), "$.pipeline.parallelism", 1, problems);
      if (parallelism != null) {
        changes.add(builder -> builder.parallelism(parallelism));
      }
    }
  }

  private static Component componentSettings(
      Component component,
      JsonNode node,
      String path,
      ZoneId zone,
      Set<String> forced,
      Set<String> checked,
      List<Problem> problems) {
    if (!node.isObject()) {
      problems.add(new Problem(path, "must be an object of settings, was " + kind(node)));
      return component;
    }
    unknownKeys(node, path, COMPONENT_KEYS, problems);
    Component.Builder builder = component.toBuilder();
    if (node.has("enabled")) {
      Boolean enabled = bool(node.get("enabled"), path + ".enabled", problems);
      if (enabled != null) {
        builder.enabled(enabled);
      }
    }
    if (node.has("schedule")) {
      String text = text(node.get("schedule"), path + ".schedule", problems);
      if (text != null) {
        try {
          builder.schedule(Schedule.parse(text, zone));
        } catch (IllegalArgumentException e) {
          problems.add(new Problem(path + ".schedule", e.getMessage()));
        }
      }
    }
    if (node.has("timeout")) {
      Duration timeout = positiveDuration(node.get("timeout"), path + ".timeout", problems);
      if (timeout != null) {
        builder.timeout(timeout);
      }
    }
    if (node.has("retry")) {
      RetryPolicy retry = retry(component.retry(), node.get("retry"), path + ".retry", problems);
      if (retry != null) {
        builder.retry(retry);
      }
    }
    if (node.has("dependsOn")) {
      JsonNode deps = node.get("dependsOn");
      if (!deps.isArray()) {
        problems.add(
            new Problem(
                path + ".dependsOn", "must be an array of component names, was " + kind(deps)));
      } else {
        builder.withoutDependencies();
        for (int i = 0; i < deps.size(); i++) {
          String name = text(deps.get(i), path + ".dependsOn[" + i + "]", problems);
          if (name != null) {
            builder.dependsOn(name);
          }
        }
      }
    }
    if (node.has("force")) {
      Boolean force = bool(node.get("force"), path + ".force", problems);
      if (Boolean.TRUE.equals(force)) {
        forced.add(component.name());
      }
    }
    if (node.has("check")) {
      Boolean check = bool(node.get("check"), path + ".check", problems);
      if (Boolean.TRUE.equals(check)) {
        checked.add(component.name());
      }
    }
    return builder.build();
  }

  private static @Nullable RetryPolicy retry(
      RetryPolicy base, JsonNode node, String path, List<Problem> problems) {
    if (!node.isObject()) {
      problems.add(
          new Problem(
              path,
              "must be an object such as {\"maxAttempts\": 3, \"initialDelay\": \"2s\"}, was "
                  + kind(node)));
      return null;
    }
    unknownKeys(node, path, RETRY_KEYS, problems);
    RetryPolicy.Builder builder = base.toBuilder();
    int before = problems.size();
    if (node.has("maxAttempts")) {
      Integer attempts = integer(node.get("maxAttempts"), path + ".maxAttempts", 1, problems);
      if (attempts != null) {
        builder.maxAttempts(attempts);
      }
    }
    if (node.has("initialDelay")) {
      Duration delay = duration(node.get("initialDelay"), path + ".initialDelay", problems);
      if (delay != null) {
        apply(() -> builder.initialDelay(delay), path + ".initialDelay", problems);
      }
    }
    if (node.has("maxDelay")) {
      Duration delay = duration(node.get("maxDelay"), path + ".maxDelay", problems);
      if (delay != null) {
        apply(() -> builder.maxDelay(delay), path + ".maxDelay", problems);
      }
    }
    if (node.has("multiplier")) {
      JsonNode value = node.get("multiplier");
      if (!value.isNumber()) {
        problems.add(
            new Problem(
                path + ".multiplier", "must be a number of at least 1, was " + kind(value)));
      } else {
        apply(() -> builder.multiplier(value.asDouble()), path + ".multiplier", problems);
      }
    }
    if (node.has("jitter")) {
      JsonNode value = node.get("jitter");
      if (!value.isNumber()) {
        problems.add(
            new Problem(path + ".jitter", "must be a number from 0 to 1, was " + kind(value)));
      } else {
        apply(() -> builder.jitter(value.asDouble()), path + ".jitter", problems);
      }
    }
    if (problems.size() > before) {
      return null;
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(path, e.getMessage()));
      return null;
    }
  }

  private static void apply(Runnable setter, String path, List<Problem> problems) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(path, e.getMessage()));
    }
  }

  private static void unknownKeys(
      JsonNode node, String path, List<String> known, List<Problem> problems) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(
            new Problem(
                path + key(name),
                "unknown setting \""
                    + name
                    + "\": the settings here are "
                    + String.join(", ", known)));
      }
    }
  }

  private static @Nullable String text(JsonNode node, String path, List<Problem> problems) {
    if (!node.isTextual()) {
      problems.add(new Problem(path, "must be a string, was " + kind(node)));
      return null;
    }
    return node.asText();
  }

  private static @Nullable Boolean bool(JsonNode node, String path, List<Problem> problems) {
    if (!node.isBoolean()) {
      problems.add(new Problem(path, "must be true or false, was " + kind(node)));
      return null;
    }
    return node.asBoolean();
  }

  private static @Nullable Integer integer(
      JsonNode node, String path, int min, List<Problem> problems) {
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min) {
      problems.add(
          new Problem(path, "must be a whole number of at least " + min + ", was " + kind(node)));
      return null;
    }
    return node.asInt();
  }

  private static @Nullable Duration duration(JsonNode node, String path, List<Problem> problems) {
    String text = text(node, path, problems);
    if (text == null) {
      return null;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(path, e.getMessage()));
      return null;
    }
  }

  private static @Nullable Duration positiveDuration(
      JsonNode node, String path, List<Problem> problems) {
    Duration duration = duration(node, path, problems);
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      problems.add(new Problem(path, "must be positive, was \"" + node.asText() + "\""));
      return null;
    }
    return duration;
  }

  private static String key(String name) {
    return PLAIN_KEY.matcher(name).matches() ? "." + name : "['" + name.replace("'", "\\'") + "']";
  }

  private static String kind(JsonNode node) {
    if (node.isTextual()) {
      return "the string \"" + node.asText() + "\"";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    return node.isNull() ? "null" : node.toString();
  }
}

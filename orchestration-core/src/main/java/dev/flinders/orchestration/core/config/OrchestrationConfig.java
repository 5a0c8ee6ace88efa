package dev.flinders.orchestration.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.flinders.orchestration.ByteSizes;
import dev.flinders.orchestration.Component;
import dev.flinders.orchestration.ConfigurationException;
import dev.flinders.orchestration.Durations;
import dev.flinders.orchestration.PeakHours;
import dev.flinders.orchestration.Pipeline;
import dev.flinders.orchestration.PipelineValidationException;
import dev.flinders.orchestration.Problem;
import dev.flinders.orchestration.RetryPolicy;
import dev.flinders.orchestration.Schedule;
import dev.flinders.orchestration.Threshold;
import dev.flinders.orchestration.core.notify.LogNotifier;
import dev.flinders.orchestration.core.notify.Notifications;
import dev.flinders.orchestration.notify.Alert;
import dev.flinders.orchestration.notify.AlertKind;
import dev.flinders.orchestration.notify.Notifier;
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
  private static final List<String> ROOT_KEYS =
      List.of("zone", "pipeline", "components", "peakHours", "notifications");
  private static final List<String> PIPELINE_KEYS = List.of("timeout", "parallelism", "thresholds");
  private static final List<String> COMPONENT_KEYS =
      List.of(
          "enabled",
          "schedule",
          "timeout",
          "retry",
          "dependsOn",
          "force",
          "check",
          "deferrable",
          "thresholds");
  private static final List<String> THRESHOLD_KEYS =
      List.of("durationAbove", "durationAboveMedian", "of", "heapAbove", "recordsBelow", "fail");
  private static final List<String> PEAK_KEYS = List.of("zone", "windows", "grace");
  private static final List<String> NOTIFICATION_KEYS =
      List.of("routes", "coolDown", "attempts", "retryDelay", "timeout", "freshness");
  private static final List<String> ROUTE_KEYS = List.of("notifier", "minSeverity", "kinds");
  private static final Pattern PEAK_WINDOW =
      Pattern.compile("(\\d{2}:\\d{2})\\s*[-–]\\s*(\\d{2}:\\d{2})");
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
   * @param peakHours the file's {@code peakHours}, if it sets them
   * @param notifications the notifications with the file's {@code notifications} applied, if it
   *     sets them
   */
  public record Applied(
      Pipeline pipeline,
      Set<String> forced,
      Set<String> checked,
      List<String> settings,
      Optional<ZoneId> zone,
      Optional<PeakHours> peakHours,
      Optional<Notifications> notifications) {
    public Applied {
      forced = Set.copyOf(forced);
      checked = Set.copyOf(checked);
      settings = List.copyOf(settings);
    }

    /** The pipeline as coded, with no file applied. */
    public static Applied none(Pipeline pipeline) {
      return new Applied(
          pipeline,
          Set.of(),
          Set.of(),
          List.of(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
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
    return applyTo(pipeline, null);
  }

  /**
   * Applies this configuration to {@code pipeline} and to the notifications set in code, whose
   * notifiers its routes can name (and {@code log}, a {@link LogNotifier}).
   *
   * @throws ConfigurationException listing every problem with its JSON path
   */
  public Applied applyTo(Pipeline pipeline, @Nullable Notifications coded) {
    List<Problem> problems = new ArrayList<>();
    if (!root.isObject()) {
      throw new ConfigurationException(
          source, List.of(new Problem("$", "must be a JSON object, was " + kind(root))));
    }
    unknownKeys(root, "$", ROOT_KEYS, problems);
    ZoneId zone = ZoneId.systemDefault();
    JsonNode zoneNode = root.get("zone");
    if (zoneNode != null) {
      zone = zone(zoneNode, "$.zone", problems).orElse(zone);
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
    PeakHours peakHours = null;
    if (root.has("peakHours")) {
      peakHours = peakHours(root.get("peakHours"), zoneNode == null ? null : zone, problems);
    }
    Notifications notifications = null;
    if (root.has("notifications")) {
      notifications = notifications(root.get("notifications"), coded, problems);
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(source, problems);
    }
    Pipeline.Builder rebuilt =
        Pipeline.builder(pipeline.name())
            .timeout(pipeline.timeout())
            .parallelism(pipeline.parallelism());
    pipeline.thresholds().forEach(rebuilt::threshold);
    pipelineChanges.forEach(change -> change.accept(rebuilt));
    rebuilt.components(components.values());
    try {
      return new Applied(
          rebuilt.build(),
          forced,
          checked,
          settings(),
          zoneNode == null ? Optional.empty() : Optional.of(zone),
          Optional.ofNullable(peakHours),
          Optional.ofNullable(notifications));
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
    for (String part : List.of("peakHours", "notifications")) {
      JsonNode node = root.get(part);
      if (node != null) {
        lines.add(
            source + " sets " + part + ": " + (node.isObject() ? written(node) : node.toString()));
      }
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
    if (node.has("thresholds")) {
      List<Threshold> thresholds =
          thresholds(node.get("thresholds"), "$.pipeline.thresholds", problems);
      changes.add(
          builder -> {
            builder.withoutThresholds();
            thresholds.forEach(builder::threshold);
          });
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
    if (node.has("deferrable")) {
      Boolean deferrable = bool(node.get("deferrable"), path + ".deferrable", problems);
      if (deferrable != null) {
        builder.deferrable(deferrable);
      }
    }
    if (node.has("thresholds")) {
      builder.withoutThresholds();
      thresholds(node.get("thresholds"), path + ".thresholds", problems)
          .forEach(builder::threshold);
    }
    return builder.build();
  }

  /**
   * Thresholds written as objects: {@code {"durationAbove": "20m"}}, {@code {"durationAboveMedian":
   * 2.0, "of": 20}}, {@code {"heapAbove": "512MiB"}}, {@code {"recordsBelow": 1000, "fail": true}}.
   */
  private static List<Threshold> thresholds(JsonNode node, String path, List<Problem> problems) {
    List<Threshold> thresholds = new ArrayList<>();
    if (!node.isArray()) {
      problems.add(
          new Problem(
              path,
              "must be an array of thresholds such as [{\"durationAbove\": \"20m\"}], was "
                  + kind(node)));
      return thresholds;
    }
    for (int i = 0; i < node.size(); i++) {
      Threshold threshold = threshold(node.get(i), path + "[" + i + "]", problems);
      if (threshold != null) {
        thresholds.add(threshold);
      }
    }
    return thresholds;
  }

  private static @Nullable Threshold threshold(JsonNode node, String path, List<Problem> problems) {
    String kinds = "durationAbove, durationAboveMedian, heapAbove or recordsBelow";
    if (!node.isObject()) {
      problems.add(
          new Problem(path, "must be an object with one of " + kinds + ", was " + kind(node)));
      return null;
    }
    unknownKeys(node, path, THRESHOLD_KEYS, problems);
    List<String> given = new ArrayList<>();
    for (String name :
        List.of("durationAbove", "durationAboveMedian", "heapAbove", "recordsBelow")) {
      if (node.has(name)) {
        given.add(name);
      }
    }
    if (given.size() != 1) {
      problems.add(
          new Problem(
              path,
              given.isEmpty()
                  ? "says no limit: give one of " + kinds
                  : "gives " + String.join(" and ", given) + ": give one per threshold"));
      return null;
    }
    String name = given.get(0);
    String at = path + "." + name;
    JsonNode value = node.get(name);
    if (node.has("of") && !name.equals("durationAboveMedian")) {
      problems.add(new Problem(path + ".of", "only durationAboveMedian looks at past runs"));
    }
    Threshold threshold = null;
    try {
      switch (name) {
        case "durationAbove" -> {
          Duration max = positiveDuration(value, at, problems);
          threshold = max == null ? null : Threshold.durationAbove(max);
        }
        case "durationAboveMedian" -> {
          Integer of =
              node.has("of")
                  ? integer(node.get("of"), path + ".of", 3, problems)
                  : Integer.valueOf(20); // not an int: a null from integer(...) stays null
          if (of != null && of > 100) {
            problems.add(new Problem(path + ".of", "must be at most 100, was " + of));
            of = null;
          }
          if (!value.isNumber()) {
            problems.add(
                new Problem(at, "must be a factor above 1 such as 2.0, was " + kind(value)));
          } else if (of != null) {
            threshold = Threshold.durationAboveMedian(value.asDouble(), of);
          }
        }
        case "heapAbove" -> {
          if (value.isIntegralNumber() && value.canConvertToLong()) {
            threshold = Threshold.heapAbove(value.asLong());
          } else {
            String text = text(value, at, problems);
            threshold = text == null ? null : Threshold.heapAbove(ByteSizes.parse(text));
          }
        }
        default -> {
          if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1) {
            problems.add(
                new Problem(at, "must be a whole number of at least 1, was " + kind(value)));
          } else {
            threshold = Threshold.recordsBelow(value.asLong());
          }
        }
      }
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(at, e.getMessage()));
      return null;
    }
    if (threshold != null && node.has("fail")) {
      Boolean fail = bool(node.get("fail"), path + ".fail", problems);
      threshold = Boolean.TRUE.equals(fail) ? threshold.failing() : threshold;
    }
    return threshold;
  }

  /**
   * Peak hours: {@code "none"}, or {@code {"zone": "Australia/Melbourne", "windows":
   * ["07:00-09:30", "16:00-19:00"], "grace": "2h"}} (zone: the file's if left out, which must then
   * name one; grace: 2 hours if left out).
   */
  private static @Nullable PeakHours peakHours(
      JsonNode node, @Nullable ZoneId fileZone, List<Problem> problems) {
    String path = "$.peakHours";
    if (node.isTextual() && node.asText().equals("none")) {
      return PeakHours.none();
    }
    if (!node.isObject()) {
      problems.add(
          new Problem(
              path,
              "must be \"none\" or an object such as {\"windows\": [\"07:00-09:30\"]}, was "
                  + kind(node)));
      return null;
    }
    unknownKeys(node, path, PEAK_KEYS, problems);
    int before = problems.size();
    ZoneId peakZone = fileZone;
    if (node.has("zone")) {
      peakZone = zone(node.get("zone"), path + ".zone", problems).orElse(null);
    } else if (fileZone == null) {
      problems.add(
          new Problem(
              path + ".zone",
              "missing: give the zone the windows are in, e.g. \"zone\": \"Australia/Melbourne\""
                  + " (or the file's \"zone\"), so they do not follow the server's zone"));
    }
    PeakHours peaks = PeakHours.of(peakZone == null ? java.time.ZoneOffset.UTC : peakZone);
    JsonNode windows = node.get("windows");
    if (windows == null) {
      problems.add(
          new Problem(
              path + ".windows",
              "missing: give the peak windows, e.g. [\"07:00-09:30\", \"16:00-19:00\"], or write"
                  + " \"peakHours\": \"none\" for no peak"));
    } else if (!windows.isArray()) {
      problems.add(
          new Problem(
              path + ".windows",
              "must be an array of windows such as [\"07:00-09:30\"], was " + kind(windows)));
    } else if (windows != null) {
      for (int i = 0; i < windows.size(); i++) {
        String at = path + ".windows[" + i + "]";
        String text = text(windows.get(i), at, problems);
        java.util.regex.Matcher matcher = text == null ? null : PEAK_WINDOW.matcher(text.trim());
        if (matcher != null && !matcher.matches()) {
          problems.add(new Problem(at, "not a window: \"" + text + "\"; write it as 07:00-09:30"));
        } else if (matcher != null) {
          try {
            peaks =
                peaks.window(
                    java.time.LocalTime.parse(matcher.group(1)),
                    java.time.LocalTime.parse(matcher.group(2)));
          } catch (DateTimeException | IllegalArgumentException e) {
            problems.add(new Problem(at, e.getMessage()));
          }
        }
      }
    }
    if (node.has("grace")) {
      Duration grace = duration(node.get("grace"), path + ".grace", problems);
      if (grace != null && grace.isNegative()) {
        problems.add(
            new Problem(
                path + ".grace",
                "must not be negative, was \"" + node.get("grace").asText() + "\""));
      } else if (grace != null) {
        peaks = peaks.grace(grace);
      }
    }
    return problems.size() > before ? null : peaks;
  }

  /**
   * Notifications: the routes (naming notifiers set in code, or {@code log}), cool-down, attempts,
   * retry delay, timeout and freshness limits; settings left out keep the coded ones, and {@code
   * routes} and {@code freshness}, when given, replace them.
   */
  private static @Nullable Notifications notifications(
      JsonNode node, @Nullable Notifications coded, List<Problem> problems) {
    String path = "$.notifications";
    if (!node.isObject()) {
      problems.add(new Problem(path, "must be an object, was " + kind(node)));
      return null;
    }
    unknownKeys(node, path, NOTIFICATION_KEYS, problems);
    int before = problems.size();
    Map<String, Notifier> notifiers = new LinkedHashMap<>();
    Set<String> ambiguous = new LinkedHashSet<>();
    if (coded != null) {
      for (Notifications.Route route : coded.routes()) {
        Notifier previous = notifiers.put(route.notifier().name(), route.notifier());
        if (previous != null && previous != route.notifier()) {
          ambiguous.add(route.notifier().name());
        }
      }
    }
    notifiers.putIfAbsent("log", new LogNotifier());
    Notifications.Builder builder = coded == null ? Notifications.builder() : coded.toBuilder();
    JsonNode routes = node.get("routes");
    if (routes != null) {
      builder.withoutRoutes();
      if (!routes.isArray() || routes.isEmpty()) {
        problems.add(
            new Problem(
                path + ".routes",
                "must be an array of at least one route such as [{\"notifier\": \"log\","
                    + " \"minSeverity\": \"WARNING\"}], was "
                    + (routes.isArray() ? "empty" : kind(routes))));
      } else {
        for (int i = 0; i < routes.size(); i++) {
          route(
              routes.get(i), path + ".routes[" + i + "]", notifiers, ambiguous, builder, problems);
        }
      }
    } else if (coded == null) {
      problems.add(
          new Problem(
              path + ".routes",
              "missing: the orchestrator has no notifications in code, so the file must route"
                  + " alerts, e.g. \"routes\": [{\"notifier\": \"log\", \"minSeverity\":"
                  + " \"WARNING\"}]"));
    }
    if (node.has("coolDown")) {
      Duration coolDown = positiveDuration(node.get("coolDown"), path + ".coolDown", problems);
      if (coolDown != null) {
        builder.coolDown(coolDown);
      }
    }
    if (node.has("attempts")) {
      Integer attempts = integer(node.get("attempts"), path + ".attempts", 1, problems);
      if (attempts != null) {
        builder.attempts(attempts);
      }
    }
    if (node.has("retryDelay")) {
      Duration delay = positiveDuration(node.get("retryDelay"), path + ".retryDelay", problems);
      if (delay != null) {
        builder.retryDelay(delay);
      }
    }
    if (node.has("timeout")) {
      Duration timeout = positiveDuration(node.get("timeout"), path + ".timeout", problems);
      if (timeout != null) {
        builder.timeout(timeout);
      }
    }
    JsonNode freshness = node.get("freshness");
    if (freshness != null) {
      builder.withoutFreshness();
      if (!freshness.isObject()) {
        problems.add(
            new Problem(
                path + ".freshness",
                "must be an object of limits by dataset such as {\"gtfs_stops\": \"8d\"}, was "
                    + kind(freshness)));
      } else {
        for (Map.Entry<String, JsonNode> entry : freshness.properties()) {
          Duration limit =
              positiveDuration(
                  entry.getValue(), path + ".freshness" + key(entry.getKey()), problems);
          if (limit != null) {
            builder.freshness(entry.getKey(), limit);
          }
        }
      }
    }
    return problems.size() > before ? null : builder.build();
  }

  private static void route(
      JsonNode node,
      String path,
      Map<String, Notifier> notifiers,
      Set<String> ambiguous,
      Notifications.Builder builder,
      List<Problem> problems) {
    if (!node.isObject()) {
      problems.add(
          new Problem(
              path,
              "must be an object such as {\"notifier\": \"log\", \"minSeverity\": \"WARNING\"},"
                  + " was "
                  + kind(node)));
      return;
    }
    unknownKeys(node, path, ROUTE_KEYS, problems);
    int before = problems.size();
    Notifier notifier = null;
    if (!node.has("notifier")) {
      problems.add(new Problem(path + ".notifier", "missing: name the notifier to send to"));
    } else {
      String name = text(node.get("notifier"), path + ".notifier", problems);
      notifier = name == null ? null : notifiers.get(name);
      if (name != null && ambiguous.contains(name)) {
        problems.add(
            new Problem(
                path + ".notifier",
                "more than one notifier routed in code is named \""
                    + name
                    + "\": give each a name of its own (Notifier.name()) so the file can tell them"
                    + " apart"));
        notifier = null;
      } else if (name != null && notifier == null) {
        problems.add(
            new Problem(
                path + ".notifier",
                "no notifier named \""
                    + name
                    + "\": the notifiers are "
                    + String.join(", ", notifiers.keySet())
                    + " (those routed in code, and log); notifiers with secrets, such as Slack"
                    + " and email, are created in code"));
      }
    }
    Alert.Severity minimum = Alert.Severity.INFO;
    if (node.has("minSeverity")) {
      minimum =
          constant(node.get("minSeverity"), path + ".minSeverity", Alert.Severity.class, problems);
    }
    List<AlertKind> kinds = new ArrayList<>();
    JsonNode kindsNode = node.get("kinds");
    if (kindsNode != null && !kindsNode.isArray()) {
      problems.add(
          new Problem(
              path + ".kinds",
              "must be an array of alert kinds such as [\"RUN_FAILED\"], was " + kind(kindsNode)));
    } else if (kindsNode != null) {
      for (int i = 0; i < kindsNode.size(); i++) {
        AlertKind alertKind =
            constant(kindsNode.get(i), path + ".kinds[" + i + "]", AlertKind.class, problems);
        if (alertKind != null && !kinds.contains(alertKind)) {
          kinds.add(alertKind);
        }
      }
    }
    if (problems.size() == before && notifier != null && minimum != null) {
      builder.route(notifier, minimum, kinds.toArray(new AlertKind[0]));
    }
  }

  private static <E extends Enum<E>> @Nullable E constant(
      JsonNode node, String path, Class<E> type, List<Problem> problems) {
    String text = text(node, path, problems);
    if (text == null) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(text)) {
        return constant;
      }
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name());
    }
    problems.add(
        new Problem(
            path, "unknown value \"" + text + "\": use one of " + String.join(", ", names)));
    return null;
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

  private static Optional<ZoneId> zone(JsonNode node, String path, List<Problem> problems) {
    String text = text(node, path, problems);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ZoneId.of(text));
    } catch (DateTimeException e) {
      problems.add(
          new Problem(
              path,
              "unknown time zone \"" + text + "\": use a region such as Australia/Melbourne"));
      return Optional.empty();
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

package dev.flinders.orchestration.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The starter's API does not expose its {@code internal} package: no public or protected signature
 * of a public type of {@code dev.flinders.orchestration.spring} names an internal type
 * (orchestration-benchmarks' FencedInternalsTest checks the other modules; Spring stays out of its
 * class path).
 */
class PublicApiTest {
  private static final String INTERNAL = "dev.flinders.orchestration.spring.internal.";

  @Test
  void noPublicSignature_namesAnInternalType() throws Exception {
    Path root = Path.of("target", "classes", "dev", "flinders", "orchestration", "spring");
    List<String> exposed = new ArrayList<>();
    List<Path> classes;
    try (Stream<Path> files = Files.list(root)) {
      classes = files.filter(file -> file.toString().endsWith(".class")).toList();
    }
    assertThat(classes).isNotEmpty();
    for (Path file : classes) {
      String name = file.getFileName().toString().replace(".class", "");
      Class<?> type = Class.forName("dev.flinders.orchestration.spring." + name);
      if (!visible(type)) {
        continue;
      }
      for (Executable member : members(type)) {
        if (visible(member.getModifiers())) {
          List<Type> types = new ArrayList<>(List.of(member.getGenericParameterTypes()));
          if (member instanceof Method method) {
            types.add(method.getGenericReturnType());
          }
          check(type.getName() + "." + member.getName(), types, exposed);
        }
      }
      for (Field field : type.getDeclaredFields()) {
        if (visible(field.getModifiers())) {
          check(field.toString(), List.of(field.getGenericType()), exposed);
        }
      }
    }
    assertThat(exposed).as("public signatures naming internal types").isEmpty();
  }

  private static List<Executable> members(Class<?> type) {
    List<Executable> members = new ArrayList<>(List.of(type.getDeclaredConstructors()));
    members.addAll(List.of(type.getDeclaredMethods()));
    return members;
  }

  private static void check(String where, List<Type> types, List<String> exposed) {
    for (Type type : types) {
      if (type.getTypeName().contains(INTERNAL)) {
        exposed.add(where + ": " + type.getTypeName());
      }
    }
  }

  private static boolean visible(Class<?> type) {
    return visible(type.getModifiers())
        && (type.getEnclosingClass() == null || visible(type.getEnclosingClass()));
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }
}

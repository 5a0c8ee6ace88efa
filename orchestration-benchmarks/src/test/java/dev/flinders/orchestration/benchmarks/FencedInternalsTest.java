package dev.flinders.orchestration.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Implementation packages ({@code ..internal..}) are not part of the API: no public type outside
 * them exposes one of their types in a public or protected signature, and no module uses another
 * module's internals. Every module's classes are read from this module's test class path, the one
 * that holds them all; a failure names each offending signature or dependency. (JPMS modules would
 * say the same, but parquet-java splits packages across its jars, which the module path refuses.)
 */
class FencedInternalsTest {
  private static final String ROOT = "dev.flinders.orchestration";

  /** Each module's root package; a class belongs to the longest one its package starts with. */
  private static final List<String> MODULE_ROOTS =
      List.of(
          ROOT + ".core",
          ROOT + ".parquet",
          ROOT + ".ptv",
          ROOT + ".postgres",
          ROOT + ".cli",
          ROOT + ".examples",
          ROOT + ".benchmarks",
          ROOT);

  private static final JavaClasses FLINDERS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void everyModule_isRead() {
    Set<String> modules = new TreeSet<>();
    FLINDERS.forEach(type -> modules.add(module(type)));
    assertThat(modules).as("the class path holds every module").containsAll(MODULE_ROOTS);
  }

  @Test
  void noPublicType_outsideInternalPackages_exposesAnInternalType() {
    List<String> exposed = new ArrayList<>();
    for (JavaClass type : FLINDERS) {
      if (isInternal(type) || !isVisible(type)) {
        continue;
      }
      type.getRawSuperclass()
          .filter(parent -> parent.getPackageName().startsWith(ROOT) && isInternal(parent))
          .ifPresent(parent -> exposed.add(type.getName() + " extends " + parent.getName()));
      for (JavaType parent : type.getInterfaces()) {
        involved(type.getName() + " implements", parent, exposed);
      }
      for (JavaField field : type.getFields()) {
        if (isVisible(field.getModifiers())) {
          involved(field.getFullName(), field.getType(), exposed);
        }
      }
      for (JavaCodeUnit member : type.getCodeUnits()) {
        if (!isVisible(member.getModifiers())) {
          continue;
        }
        involved(member.getFullName() + " returns", member.getReturnType(), exposed);
        for (JavaType parameter : member.getParameterTypes()) {
          involved(member.getFullName() + " takes", parameter, exposed);
        }
      }
    }
    assertThat(exposed).as("public signatures that expose internal types").isEmpty();
  }

  @Test
  void noModule_usesAnotherModulesInternals() {
    Set<String> crossings = new TreeSet<>();
    for (JavaClass type : FLINDERS) {
      type.getDirectDependenciesFromSelf()
          .forEach(
              dependency -> {
                JavaClass target = dependency.getTargetClass();
                if (target.getPackageName().startsWith(ROOT)
                    && isInternal(target)
                    && !module(target).equals(module(type))) {
                  crossings.add(
                      type.getName() + " (" + module(type) + ") uses " + target.getName());
                }
              });
    }
    assertThat(crossings).as("uses of another module's internal types").isEmpty();
  }

  private static void involved(String where, JavaType type, List<String> exposed) {
    for (JavaClass raw : type.getAllInvolvedRawTypes()) {
      if (raw.getPackageName().startsWith(ROOT) && isInternal(raw)) {
        exposed.add(where + " " + raw.getName());
      }
    }
  }

  private static boolean isInternal(JavaClass type) {
    String name = type.getPackageName();
    return name.endsWith(".internal") || name.contains(".internal.");
  }

  private static boolean isVisible(JavaClass type) {
    return isVisible(type.getModifiers())
        && type.getEnclosingClass().map(FencedInternalsTest::isVisible).orElse(true);
  }

  private static boolean isVisible(Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
  }

  private static String module(JavaClass type) {
    String name = type.getPackageName();
    for (String root : MODULE_ROOTS) {
      if (name.equals(root) || name.startsWith(root + ".")) {
        return root;
      }
    }
    return name;
  }
}

package dev.flinders.orchestration.change;

/** Reads one value from a source during a probe, e.g. a CKAN resource's record count. */
@FunctionalInterface
public interface ProbeFunction<T> {
  T apply(ProbeContext context) throws Exception;
}

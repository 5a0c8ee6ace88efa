package dev.flinders.orchestration.ptv.timetable;

import org.jspecify.annotations.Nullable;

/**
 * A stop a {@link PtvDisruption} affects. Immutable.
 *
 * @param stopId {@code stop_id}
 * @param stopName {@code stop_name}, as sent (PTV's names often end with a space)
 */
public record PtvDisruptionStop(@Nullable Integer stopId, @Nullable String stopName) {}

/**
 * The Flinders API: what pipeline authors and source authors type against.
 *
 * <p>A {@link dev.flinders.orchestration.Pipeline} is an immutable value made of {@link
 * dev.flinders.orchestration.Component}s, each with a {@link dev.flinders.orchestration.Task}, a
 * {@link dev.flinders.orchestration.Schedule}, a {@link dev.flinders.orchestration.RetryPolicy} and
 * a timeout. The engine that runs a pipeline lives in {@code orchestration-core}. Every type here
 * is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.flinders.orchestration;

import org.jspecify.annotations.NullMarked;

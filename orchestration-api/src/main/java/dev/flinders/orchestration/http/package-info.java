/**
 * HTTP for tasks: {@link dev.flinders.orchestration.http.Http} (from {@code
 * ComponentContext.http()}) sends {@link dev.flinders.orchestration.http.HttpRequest}s through the
 * orchestrator's shared client, bounded by the component's deadline, cancelled with it, capped in
 * size and counted in the run report. Credentials are {@link
 * dev.flinders.orchestration.http.Secret}s and never appear in logs, reports or messages.
 */
@NullMarked
package dev.flinders.orchestration.http;

import org.jspecify.annotations.NullMarked;

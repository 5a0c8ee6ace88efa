/**
 * State stores: {@link dev.flinders.orchestration.core.state.JsonFileStateStore} keeps history and
 * component records as JSON files; {@link dev.flinders.orchestration.core.state.InMemoryStateStore}
 * is for tests.
 */
@NullMarked
package dev.flinders.orchestration.core.state;

import org.jspecify.annotations.NullMarked;

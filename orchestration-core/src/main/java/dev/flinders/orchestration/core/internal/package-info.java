/** Implementation detail of the engine; not part of the public API and subject to change. */
@NullMarked
package dev.flinders.orchestration.core.internal;

import org.jspecify.annotations.NullMarked;

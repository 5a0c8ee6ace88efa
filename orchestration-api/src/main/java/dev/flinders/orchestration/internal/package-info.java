/** Implementation detail of the API module; not part of the public API and subject to change. */
@NullMarked
package dev.flinders.orchestration.internal;

import org.jspecify.annotations.NullMarked;

/**
 * Extension points of Flinders: interfaces that storage back ends and other plug-ins implement.
 * Implementations must be thread-safe unless the interface says otherwise.
 */
@NullMarked
package dev.flinders.orchestration.spi;

import org.jspecify.annotations.NullMarked;

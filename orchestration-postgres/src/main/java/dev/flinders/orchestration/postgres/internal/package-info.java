/** Implementation of the PostgreSQL state store; not API. */
@NullMarked
package dev.flinders.orchestration.postgres.internal;

import org.jspecify.annotations.NullMarked;

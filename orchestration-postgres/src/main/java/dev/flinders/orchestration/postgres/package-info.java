/**
 * The PostgreSQL state store: {@link dev.flinders.orchestration.postgres.PostgresStateStore} keeps
 * history, component records, quota counters and pipeline leases in one database that several
 * instances of a host share. See docs/postgres.md.
 */
@NullMarked
package dev.flinders.orchestration.postgres;

import org.jspecify.annotations.NullMarked;

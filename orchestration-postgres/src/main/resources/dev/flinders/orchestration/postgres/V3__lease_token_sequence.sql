-- Flinders PostgreSQL state store, schema version 3.
-- Fencing tokens come from a sequence rather than from the lease row (token + 1, or 1 for a new
-- row): a lease row deleted (a clean-up, a partial restore) restarted its pipeline's tokens at 1,
-- so a paused old holder's token could match the new holder's and its late writes pass the fence.
-- A sequence never gives a value twice; it starts above every token already handed out.
CREATE SEQUENCE ${schema}.${prefix}lease_tokens AS bigint;
SELECT setval('${schema}.${prefix}lease_tokens',
              coalesce((SELECT max(token) FROM ${schema}.${prefix}leases), 0) + 1, false);

-- Flinders PostgreSQL state store, schema version 5.
-- Small shared records that instances update under a row lock (SELECT ... FOR UPDATE): the sliding
-- windows of API rate limits (scope 'rate', one row per provider: the times of its latest
-- permits), so that every instance on the database shares a provider's limit. value is null until
-- the first update.
CREATE TABLE ${schema}.${prefix}shared (
  scope       text        NOT NULL,
  name        text        NOT NULL,
  value       text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, name)
);

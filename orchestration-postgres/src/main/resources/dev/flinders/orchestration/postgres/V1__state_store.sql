-- Flinders PostgreSQL state store, schema version 1.
-- ${schema} and ${prefix} are replaced by the builder's schema and table prefix (defaults: public,
-- flinders_). The store applies this script itself on start, under an advisory lock; a DBA who
-- creates the tables by hand runs it with the placeholders replaced and then records the version:
--   INSERT INTO ${schema}.${prefix}schema_version (version, description) VALUES (1, 'state store');

-- One row per run; report is the run's JSON (RunReport), status repeats its status for queries.
CREATE TABLE ${schema}.${prefix}runs (
  pipeline  text        NOT NULL,
  run_id    text        NOT NULL,
  status    text        NOT NULL,
  report    jsonb       NOT NULL,
  saved_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pipeline, run_id)
);

-- One row per component of a pipeline; record is its JSON (ComponentRecord): last result, last
-- success (schedules are computed from it), fingerprint, the task's own state.
CREATE TABLE ${schema}.${prefix}components (
  pipeline   text        NOT NULL,
  component  text        NOT NULL,
  record     jsonb       NOT NULL,
  saved_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pipeline, component)
);

-- Counters in a window, e.g. the calls made to an API provider on one day (scope quota).
CREATE TABLE ${schema}.${prefix}counters (
  scope        text   NOT NULL,
  name         text   NOT NULL,
  time_window  text   NOT NULL,
  value        bigint NOT NULL,
  PRIMARY KEY (scope, name)
);

-- The lease of each pipeline: who runs it, until when unless renewed, and the fencing token that
-- grows by one each time the lease changes hands.
CREATE TABLE ${schema}.${prefix}leases (
  pipeline     text        PRIMARY KEY,
  owner        text        NOT NULL,
  token        bigint      NOT NULL,
  acquired_at  timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL
);

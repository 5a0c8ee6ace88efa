-- Flinders PostgreSQL state store, schema version 2.
-- The run reports and component records become json rather than jsonb: jsonb cannot hold the
-- character U+0000 (written \u0000 in JSON), which a task's state, an error message or a reason
-- may contain (text read from a feed), and refused the whole record. json keeps the text as
-- written and still answers the operators (report ->> 'status'); the store only reads the
-- columns whole and queries the status column. Instances of version 1 still running write
-- CAST(? AS jsonb), which PostgreSQL converts to json on assignment.
ALTER TABLE ${schema}.${prefix}runs ALTER COLUMN report TYPE json USING report::json;
ALTER TABLE ${schema}.${prefix}components ALTER COLUMN record TYPE json USING record::json;

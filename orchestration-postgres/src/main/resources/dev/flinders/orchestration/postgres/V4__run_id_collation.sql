-- Flinders PostgreSQL state store, schema version 4.
-- Run ids sort character by character (collation "C"), as the engine and the other stores compare
-- them (String.compareTo), whatever the database's default collation: under a linguistic one
-- (en_US and the like) the history's order, its limit and the latest run id could disagree with
-- the engine's, and an operating-system upgrade that changes the collation's rules could leave
-- the primary key's index out of order. Rebuilds that index; the rows stay as they are.
ALTER TABLE ${schema}.${prefix}runs ALTER COLUMN run_id TYPE text COLLATE "C";

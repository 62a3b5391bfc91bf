-- rollup_pending loses its primary key: each batch appends the minutes it touched, and the rollup
-- deletes the entries it took. With a unique key, a batch adding a minute that a long rollup was
-- deleting waited for that rollup to commit, and ingest stalled behind it.
ALTER TABLE rollup_pending DROP CONSTRAINT rollup_pending_pkey;
CREATE INDEX rollup_pending_bucket_idx ON rollup_pending (bucket);
-- When the entry was added: the periodic rollup waits until a minute has had no new entries for a
-- few seconds, instead of recomputing it after every batch while a backlog is replayed.
ALTER TABLE rollup_pending ADD COLUMN added_at timestamptz NOT NULL DEFAULT now();

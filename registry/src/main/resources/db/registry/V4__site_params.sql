-- Per-site values alarm rules use (overrides for all devices of the site). Until the modules had
-- their own migrations this column was added by the alarm tables' V4; it belongs to the site.
ALTER TABLE site ADD COLUMN params jsonb NOT NULL DEFAULT '{}'::jsonb;

-- Wire protocol 1.1: a device that goes off on purpose publishes {"online": false, "reason": ...}
-- (power_off, maintenance, dismantled) before it disconnects; the last will has no reason. Null
-- for online statuses, last wills and everything stored before 1.1. The values are checked by
-- ingest's validation, not here, so a later protocol version can add one without a migration.
ALTER TABLE device_status ADD COLUMN reason text;

-- The latest status of each device, read by the alarm engine at start-up (an off crane stays off).
CREATE INDEX device_status_device_received_idx ON device_status (device_id, received_at DESC);

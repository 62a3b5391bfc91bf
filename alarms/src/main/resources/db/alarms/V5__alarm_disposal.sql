-- The site's handling of an alarm (处置, HTTP API 1.1 POST /alarms/{id}/dispose): an event in the
-- alarm's history with what was done and the photo's hash; it changes neither level nor state.
ALTER TABLE alarm_event DROP CONSTRAINT alarm_event_transition_check;
ALTER TABLE alarm_event ADD CONSTRAINT alarm_event_transition_check
    CHECK (transition IN ('raised', 'escalated', 'acknowledged', 'cleared', 'disposed'));
ALTER TABLE alarm_event ADD COLUMN action text
    CHECK (action IS NULL OR action IN ('stopped_work', 'rectified', 'false_alarm', 'other'));
ALTER TABLE alarm_event ADD COLUMN photo_sha256 text CHECK (photo_sha256 IS NULL OR photo_sha256 ~ '^[0-9a-f]{64}$');

-- Notifications of warning letters: a letter's issue is a message of the outbox like a hazard's
-- opening (event letter_issued, subject a letter).
ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_event_check;
ALTER TABLE notification_outbox ADD CONSTRAINT notification_outbox_event_check
    CHECK (event IN ('alarm_opened', 'alarm_escalation', 'hazard_opened', 'hazard_overdue', 'letter_issued'));
ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_subject_kind_check;
ALTER TABLE notification_outbox ADD CONSTRAINT notification_outbox_subject_kind_check
    CHECK (subject_kind IN ('alarm', 'hazard', 'letter'));

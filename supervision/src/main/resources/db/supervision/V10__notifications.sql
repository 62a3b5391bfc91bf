-- Notifications: the queue they are sent from (at least once, surviving restarts) and the
-- escalations of open alarms waiting for an acknowledgement. Times are the service's clock.

-- One row per message: one event told to one recipient through one channel.
CREATE TABLE notification_outbox (
    id              bigserial PRIMARY KEY,
    -- Stable for the same event, recipient and channel: a trigger that fires twice inserts once,
    -- and a receiver that sees a message twice (a retry after a lost answer) can drop the second.
    idempotency_key text NOT NULL UNIQUE,
    event           text NOT NULL CHECK (event IN ('alarm_opened', 'alarm_escalation', 'hazard_opened', 'hazard_overdue')),
    subject_kind    text NOT NULL CHECK (subject_kind IN ('alarm', 'hazard')),
    subject_id      text NOT NULL,
    site_id         text,
    region          text,
    channel         text NOT NULL,
    -- The route's channel (group) or the on-call person's name, and the person's address (mail or mobile).
    recipient       text NOT NULL,
    address         text,
    lang            text NOT NULL CHECK (lang IN ('zh', 'en')),
    title           text NOT NULL,
    body            text NOT NULL,
    -- The event as it came (alarm or hazard JSON), sent along by the generic webhook.
    subject         jsonb NOT NULL,
    state           text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    -- Taken by a dispatcher until then; a dispatcher that stopped mid-send loses it at that time.
    lease_until     timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz
);
CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at) WHERE state = 'queued';
CREATE INDEX notification_outbox_created_idx ON notification_outbox (created_at DESC, id DESC);

-- An open alarm that nobody acknowledged yet, and whom of its region's on-call list to tell next.
CREATE TABLE notification_escalation (
    alarm_id    text PRIMARY KEY,
    site_id     text NOT NULL,
    region      text NOT NULL,
    -- The alarm as it opened (its JSON), for the text of the escalation messages.
    alarm       jsonb NOT NULL,
    opened_at   timestamptz NOT NULL,
    -- The on-call person told last: 0 is the first, told at the opening.
    step        integer NOT NULL,
    next_due_at timestamptz NOT NULL
);
CREATE INDEX notification_escalation_due_idx ON notification_escalation (next_due_at);

-- The hazard ledger (隐患台账; 重大事故隐患 动态清零, HTTP API 1.1 "Hazards"). A hazard comes from a
-- recorder's hazard_report, from alarms of rules marked as major hazards, or from a regulator; it
-- moves open -> rectified -> closed (or open again when a review rejects the rectification), and
-- every transition is a row of hazard_event with who and when.

-- Ids SiteWatch assigns (HZ-000001): a recorder's hazard_rectified may name them (wire protocol 1.1).
CREATE SEQUENCE hazard_no;

CREATE TABLE hazard (
    id           text PRIMARY KEY,
    site_id      text NOT NULL,
    region       text NOT NULL,
    level        text NOT NULL CHECK (level IN ('general', 'major')),
    category     text NOT NULL,
    clause       text CHECK (clause IS NULL OR clause ~ '^[12][0-9]{3}-[1-9][0-9]?(-[1-9][0-9]?){0,2}$'),
    text         text NOT NULL,
    text_en      text,
    source       text NOT NULL CHECK (source IN ('recorder', 'alarm', 'regulator')),
    -- The recorder's hazard_id, or the alarm that opened it.
    source_ref   text,
    -- One hazard per site and origin: recorder:<hazard_id> (or the report's device and time for a
    -- 1.0 report without an id), alarm:<clause> while not closed, regulator:<id>.
    origin_key   text NOT NULL,
    device_id    text,
    location     text,
    photo_sha256 text CHECK (photo_sha256 IS NULL OR photo_sha256 ~ '^[0-9a-f]{64}$'),
    reported_by  text NOT NULL,
    state        text NOT NULL CHECK (state IN ('open', 'rectified', 'closed')),
    reported_ts  timestamptz NOT NULL,
    deadline_ts  timestamptz NOT NULL,
    rectified_ts timestamptz,
    closed_ts    timestamptz,
    -- When the hazard was last found past its deadline while open; cleared when it opens again.
    overdue_ts   timestamptz
);
CREATE UNIQUE INDEX hazard_recorder_origin ON hazard (site_id, origin_key) WHERE source = 'recorder';
CREATE UNIQUE INDEX hazard_alarm_origin ON hazard (site_id, origin_key) WHERE source = 'alarm' AND state <> 'closed';
CREATE INDEX hazard_by_region ON hazard (region, level, state);
CREATE INDEX hazard_by_site ON hazard (site_id, reported_ts DESC);
CREATE INDEX hazard_due ON hazard (deadline_ts) WHERE state = 'open' AND overdue_ts IS NULL;

CREATE TABLE hazard_event (
    id           bigserial PRIMARY KEY,
    hazard_id    text NOT NULL REFERENCES hazard (id),
    at           timestamptz NOT NULL,
    transition   text NOT NULL CHECK (transition IN ('opened', 'attached', 'rectified', 'closed', 'reopened', 'overdue')),
    state        text NOT NULL CHECK (state IN ('open', 'rectified', 'closed')),
    actor        text NOT NULL,
    comment      text,
    text         text,
    photo_sha256 text CHECK (photo_sha256 IS NULL OR photo_sha256 ~ '^[0-9a-f]{64}$'),
    -- What caused it (a recorder event as device@ts, an alarm id): a message delivered twice, or
    -- read again at start, changes nothing the second time.
    ref          text,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX hazard_event_once ON hazard_event (hazard_id, transition, ref) WHERE ref IS NOT NULL;
CREATE INDEX hazard_event_of ON hazard_event (hazard_id, id);

-- Alarms that are evidence of a hazard: the one that opened it and every repeat attached to it.
CREATE TABLE hazard_alarm (
    alarm_id    text PRIMARY KEY,
    hazard_id   text NOT NULL REFERENCES hazard (id),
    rule        text NOT NULL,
    device_id   text NOT NULL,
    attached_at timestamptz NOT NULL,
    cleared_at  timestamptz
);
CREATE INDEX hazard_alarm_of ON hazard_alarm (hazard_id);

-- An alarm of a marked rule that counts only once it has stayed open for a while (a deformation
-- left untreated): it waits here until due_at, and goes when the alarm clears first.
CREATE TABLE hazard_candidate (
    alarm_id  text PRIMARY KEY,
    site_id   text NOT NULL,
    region    text NOT NULL,
    device_id text NOT NULL,
    rule      text NOT NULL,
    clause    text NOT NULL,
    category  text NOT NULL,
    text      text NOT NULL,
    text_en   text,
    raised_at timestamptz NOT NULL,
    due_at    timestamptz NOT NULL
);
CREATE INDEX hazard_candidate_due ON hazard_candidate (due_at);

-- Alarms, every transition with who and when, and when each device was last heard of.
CREATE TABLE alarm (
    id          text PRIMARY KEY,
    site_id     text NOT NULL,
    region      text NOT NULL,
    device_id   text NOT NULL,
    device_kind text NOT NULL,
    rule        text NOT NULL,
    metric      text,
    level       text NOT NULL CHECK (level IN ('warning', 'alarm')),
    state       text NOT NULL CHECK (state IN ('active', 'acknowledged', 'cleared')),
    value       double precision,
    threshold   double precision,
    start_ts    timestamptz NOT NULL,
    end_ts      timestamptz,
    ack_by      text,
    ack_ts      timestamptz,
    ack_comment text,
    detail      text,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
-- One open alarm per device, rule and metric.
CREATE UNIQUE INDEX alarm_one_open_idx ON alarm (device_id, rule, coalesce(metric, '')) WHERE state <> 'cleared';
CREATE INDEX alarm_start_idx ON alarm (start_ts DESC);
CREATE INDEX alarm_site_start_idx ON alarm (site_id, start_ts DESC);
CREATE INDEX alarm_region_start_idx ON alarm (region, start_ts DESC);

CREATE TABLE alarm_event (
    id         bigserial PRIMARY KEY,
    alarm_id   text NOT NULL REFERENCES alarm (id),
    at         timestamptz NOT NULL,
    transition text NOT NULL CHECK (transition IN ('raised', 'escalated', 'acknowledged', 'cleared')),
    level      text NOT NULL,
    state      text NOT NULL,
    value      double precision,
    actor      text NOT NULL,
    comment    text
);
CREATE INDEX alarm_event_alarm_idx ON alarm_event (alarm_id, id);

-- Server time of the last message from each device, for the offline rule across restarts.
CREATE TABLE device_seen (
    device_id text PRIMARY KEY,
    last_seen timestamptz NOT NULL
);

-- Per-site values rules use (overrides for all devices of the site).
ALTER TABLE site ADD COLUMN params jsonb NOT NULL DEFAULT '{}'::jsonb;

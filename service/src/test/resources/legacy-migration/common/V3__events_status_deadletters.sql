-- Discrete events, online-state changes and rejected messages.
CREATE TABLE device_event (
    device_id   text COLLATE "C" NOT NULL,
    ts          timestamptz NOT NULL,
    type        text NOT NULL,
    site_id     text NOT NULL,
    data        jsonb NOT NULL,
    known_type  boolean NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (device_id, ts, type)
);
CREATE INDEX device_event_site_ts_idx ON device_event (site_id, ts);
CREATE INDEX device_event_type_ts_idx ON device_event (type, ts);

-- ts is the device's own time when the status carried one, else the time it was received
-- (a last will carries no time).
CREATE TABLE device_status (
    device_id    text COLLATE "C" NOT NULL,
    ts           timestamptz NOT NULL,
    online       boolean NOT NULL,
    device_clock boolean NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (device_id, ts, online)
);

CREATE TABLE dead_letter (
    id            bigserial PRIMARY KEY,
    received_at   timestamptz NOT NULL,
    topic         text NOT NULL,
    reason        text NOT NULL,
    detail        text,
    payload       bytea NOT NULL,
    payload_bytes integer NOT NULL
);
CREATE INDEX dead_letter_received_idx ON dead_letter (received_at);

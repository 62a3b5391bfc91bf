-- Telemetry on TimescaleDB: a hypertable with daily chunks, compressed per device, and
-- continuous aggregates at 1 minute and 1 hour. Policies are reconciled by the service at start
-- (TimescaleLayout) so that changed settings take effect without a new migration.
CREATE TABLE telemetry (
    device_id text COLLATE "C" NOT NULL,
    metric    text COLLATE "C" NOT NULL,
    ts        timestamptz NOT NULL,
    value     double precision NOT NULL,
    PRIMARY KEY (device_id, metric, ts)
);
SELECT create_hypertable('telemetry', 'ts', chunk_time_interval => INTERVAL '1 day');
ALTER TABLE telemetry SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'device_id',
    timescaledb.compress_orderby = 'metric, ts'
);

CREATE MATERIALIZED VIEW telemetry_1m WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT device_id, metric, time_bucket(INTERVAL '1 minute', ts) AS bucket,
       min(value) AS min, max(value) AS max, sum(value) AS sum, count(*) AS count
FROM telemetry
GROUP BY device_id, metric, time_bucket(INTERVAL '1 minute', ts)
WITH NO DATA;

CREATE MATERIALIZED VIEW telemetry_1h WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT device_id, metric, time_bucket(INTERVAL '1 hour', bucket) AS bucket,
       min(min) AS min, max(max) AS max, sum(sum) AS sum, sum(count)::bigint AS count
FROM telemetry_1m
GROUP BY device_id, metric, time_bucket(INTERVAL '1 hour', bucket)
WITH NO DATA;

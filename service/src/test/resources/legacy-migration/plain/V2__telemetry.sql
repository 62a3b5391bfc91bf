-- Telemetry on plain PostgreSQL: one row per (device, metric, ts), range-partitioned by day.
-- Partitions are created ahead (and on demand for late data) by the service and dropped for
-- retention; rollups are plain tables kept up to date from rollup_pending.
CREATE TABLE telemetry (
    device_id text COLLATE "C" NOT NULL,
    metric    text COLLATE "C" NOT NULL,
    ts        timestamptz NOT NULL,
    value     double precision NOT NULL,
    PRIMARY KEY (device_id, metric, ts)
) PARTITION BY RANGE (ts);
CREATE INDEX telemetry_ts_brin ON telemetry USING brin (ts);

CREATE TABLE telemetry_1m (
    device_id text COLLATE "C" NOT NULL,
    metric    text COLLATE "C" NOT NULL,
    bucket    timestamptz NOT NULL,
    min       double precision NOT NULL,
    max       double precision NOT NULL,
    sum       double precision NOT NULL,
    count     bigint NOT NULL,
    PRIMARY KEY (device_id, metric, bucket)
);
CREATE INDEX telemetry_1m_bucket_brin ON telemetry_1m USING brin (bucket);

CREATE TABLE telemetry_1h (LIKE telemetry_1m INCLUDING ALL);

-- Minutes that received new raw rows since they were last rolled up; written in the same
-- transaction as the rows, so a crash never loses the need to roll up.
CREATE TABLE rollup_pending (
    bucket timestamptz PRIMARY KEY
);

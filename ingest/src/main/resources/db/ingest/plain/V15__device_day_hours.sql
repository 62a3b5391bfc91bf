-- Which hours of each UTC day a device reported in, one bit per hour (bit h: the hour h:00–h:59
-- UTC), kept by the hour rollup: readers asking on which days devices reported (the early warning
-- ranks every project of a province over 30 days) read one row per device and day instead of one
-- per device, metric and hour. Local days of any zone follow from the hours.
CREATE TABLE device_day_hours (
    device_id text COLLATE "C" NOT NULL,
    day       date NOT NULL,
    hours     integer NOT NULL,
    PRIMARY KEY (device_id, day)
);

INSERT INTO device_day_hours (device_id, day, hours)
SELECT device_id, (bucket AT TIME ZONE 'UTC')::date, bit_or(1 << extract(hour FROM bucket AT TIME ZONE 'UTC')::int)
FROM telemetry_1h WHERE count > 0 GROUP BY 1, 2;

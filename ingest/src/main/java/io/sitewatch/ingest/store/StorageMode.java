package io.sitewatch.ingest.store;

/** Which time-series layout the database uses; reported by /health. */
public enum StorageMode {
    /** Hypertable, compression, retention and continuous aggregates. */
    TIMESCALEDB("timescaledb"),
    /** Native daily range partitions, retention by dropping partitions, plain rollup tables. */
    POSTGRES_PARTITIONED("postgresql-partitioned");

    private final String label;

    StorageMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
